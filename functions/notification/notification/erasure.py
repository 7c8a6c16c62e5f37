"""Erasure in Notification: contact details, pending digests, the delivery log and SendGrid's copies go (its
Recipients' Data Erasure API). What stays is a tombstone (so a late event cannot bring the candidate back) and
a hashed address on the suppression list, so we never email them again unless they register anew."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.erasure import TOMBSTONE_VERSION, erased_receipt
from jobfeed.events import Event

from .mailer import Mailer
from .recipients import EMAILS, RECIPIENTS

SUPPRESSED = "notification_suppressed"
PRODUCER = "notification"


def address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def forget_outside(db: firestore.Client, mailer: Mailer, event: Event) -> None:
    """Outside the transaction, safe to repeat: ask SendGrid to erase the address (its copies of what we sent),
    then delete our delivery log (the email documents can be many)."""
    candidate_id = event.payload["candidate_id"]
    stored = db.collection(RECIPIENTS).document(candidate_id).get().to_dict() or {}
    if stored.get("email"):
        mailer.erase_recipients([stored["email"]])  # MailUnavailable is transient: Pub/Sub retries
    query = db.collection(EMAILS).where(filter=FieldFilter("candidate_id", "==", candidate_id))
    refs = [snapshot.reference for snapshot in query.stream()]
    for start in range(0, len(refs), 400):
        batch = db.batch()
        for ref in refs[start:start + 400]:
            batch.delete(ref)
        batch.commit()


def erase(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    stored = ref.get(transaction=tx).to_dict() or {}
    if stored.get("email"):
        tx.set(db.collection(SUPPRESSED).document(address_key(stored["email"])), {"at": datetime.now(UTC)})
    tx.set(ref, {"candidate_id": candidate_id, "erased": True, "revision": TOMBSTONE_VERSION, "subscribed": False,
                 "pending": [], "notified": [], "has_pending": False})
    return [erased_receipt(event, PRODUCER)]


def lift_suppression(db: firestore.Client, tx: firestore.Transaction, email: str) -> None:
    """A new registration is new consent: the address may be emailed again."""
    tx.delete(db.collection(SUPPRESSED).document(address_key(email)))
