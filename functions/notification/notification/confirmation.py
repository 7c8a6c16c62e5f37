"""Double opt-in in Notification (docs/design-notes.md, "Consent"): the confirmation email, and the rule that
nothing else is sent to an address before its owner confirmed it.

The recipient document keeps `confirmed`. It only ever goes from false to true (confirmation is never taken
back), so CandidateConfirmed is applied whenever it arrives, and an older CandidateRegistered/Updated that still
says "unconfirmed" cannot undo it. Jobs matched before the confirmation wait in `pending` (like jobs that
arrived before the contact details) and are released by the confirmation: an instant email, or the next digest.
A recipient without the field predates double opt-in and counts as confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event

CONFIRMATION = "confirmation"
# The only kind of email an unconfirmed address may get.
ALLOWED_UNCONFIRMED = frozenset({CONFIRMATION})


def is_confirmed(recipient: dict[str, Any]) -> bool:
    return bool(recipient.get("confirmed", True))


def may_send(kind: str, recipient: dict[str, Any]) -> bool:
    """Job emails, digests and feed links only to a confirmed address; the confirmation email to anyone."""
    return is_confirmed(recipient) or kind in ALLOWED_UNCONFIRMED


def confirmed_now(stored: dict[str, Any], contact: dict[str, Any]) -> bool:
    """What the recipient's flag becomes: sticky once true."""
    return stored.get("confirmed") is True or bool(contact.get("confirmed", True))


def confirmation_email_id(payload: dict[str, Any]) -> str | None:
    """The confirmation email an event asks for (one per revision, so a redelivery creates nothing twice)."""
    contact = payload["contact"]
    if contact.get("confirmed", True) or not contact.get("confirm_url"):
        return None
    if payload.get("change") not in (None, "confirmation_requested"):
        return None
    return f"{payload['candidate_id']}-confirm-{payload['revision']}"


def on_confirmed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 release: Any) -> Iterable[Event]:
    """CandidateConfirmed: the flag goes up and parked jobs are released. Before the contact details arrived
    (events overtake each other) the flag waits on the placeholder, and the registration releases them."""
    from .recipients import RECIPIENTS  # recipients imports this module

    ref = db.collection(RECIPIENTS).document(event.payload["candidate_id"])
    snapshot = ref.get(transaction=tx)
    if not snapshot.exists:
        tx.set(ref, {"candidate_id": event.payload["candidate_id"], "revision": 0, "awaiting_contact": True,
                     "subscribed": True, "confirmed": True, "pending": [], "notified": [], "has_pending": False})
        return []
    stored = snapshot.to_dict() or {}
    if stored.get("erased") or stored.get("confirmed") is True:
        return []
    record = {**stored, "confirmed": True}
    if not stored.get("awaiting_contact"):
        record.update(release(db, tx, record, event))
    tx.set(ref, record)
    return []
