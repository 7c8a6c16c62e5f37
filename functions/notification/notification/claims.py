"""Who may be emailed, and what a claim makes of an email: one rule wherever an email is claimed, in the
transaction of the event that creates it (recipients.store) or later, from `pending` (delivery.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from jobfeed.retention import expiry

from .confirmation import may_send
from .decision import Fields


def sendable(kind: str, recipient: Fields) -> bool:
    """Whether an email of this kind may go to the recipient now. Checked again by every claim: the recipient
    may have been erased, unsubscribed or bounced since the email was queued."""
    return (not recipient.get("erased") and bool(recipient.get("subscribed")) and not recipient.get("undeliverable")
            and may_send(kind, recipient))


def claimed(now: datetime) -> dict[str, Any]:
    """Its sender may be talking to SendGrid until CLAIM_TTL after `now`: nobody else sends it before."""
    return {"status": "sending", "claimed_at": now}


def cancelled() -> dict[str, Any]:
    return {"status": "cancelled", **expiry("email")}


def as_created(emails: Mapping[str, dict[str, Any]], recipient: Fields, now: datetime) -> dict[str, dict[str, Any]]:
    """The emails an event's transaction creates, already claimed by it when the recipient (as the transaction
    leaves it) may get them, and cancelled when not (a feed link asked for before the address was confirmed,
    say): what a claim right after the commit would have made of them, without its transaction."""
    return {email_id: {**doc, **(claimed(now) if sendable(doc["kind"], recipient) else cancelled())}
            for email_id, doc in emails.items()}
