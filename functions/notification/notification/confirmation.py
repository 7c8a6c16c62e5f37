"""Double opt-in in Notification (docs/design-notes.md, "Consent"): the confirmation email, and the rule that
nothing else is sent to an address before its owner confirmed it.

The recipient document keeps `confirmed`. It only ever goes from false to true (confirmation is never taken
back), so CandidateConfirmed is applied whenever it arrives, and an older CandidateRegistered/Updated that still
says "unconfirmed" cannot undo it. Jobs matched before the confirmation wait in `pending` (like jobs that
arrived before the contact details) and are released by the confirmation: an instant email, or the next digest.
A recipient without the field predates double opt-in and counts as confirmed. What CandidateConfirmed does to
the recipient is recipient_rules.after_confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONFIRMATION = "confirmation"
# The only kind of email an unconfirmed address may get.
ALLOWED_UNCONFIRMED = frozenset({CONFIRMATION})


def is_confirmed(recipient: Mapping[str, Any]) -> bool:
    return bool(recipient.get("confirmed", True))


def may_send(kind: str, recipient: Mapping[str, Any]) -> bool:
    """Job emails, digests and feed links only to a confirmed address; the confirmation email to anyone."""
    return is_confirmed(recipient) or kind in ALLOWED_UNCONFIRMED


def confirmed_now(stored: Mapping[str, Any], contact: Mapping[str, Any]) -> bool:
    """What the recipient's flag becomes: sticky once true."""
    return stored.get("confirmed") is True or bool(contact.get("confirmed", True))


def confirmation_email_id(payload: Mapping[str, Any]) -> str | None:
    """The confirmation email an event asks for (one per revision, so a redelivery creates nothing twice)."""
    contact = payload["contact"]
    if contact.get("confirmed", True) or not contact.get("confirm_url"):
        return None
    if payload.get("change") not in (None, "confirmation_requested"):
        return None
    return f"{payload['candidate_id']}-confirm-{payload['revision']}"
