"""Erasure in Notification: contact details, pending digests, the delivery log and SendGrid's copies go (its
Recipients' Data Erasure API). What stays is a tombstone (so a late event cannot bring the candidate back) and
a hashed address on the suppression list, so we never email them again unless they register anew.

The order is what makes "no email after erasure" true (docs/design-notes.md, "Erasure and email"):
1. a transaction writes the tombstone (`erasure_requested_at`): from its commit every claim (Delivery) finds the
   candidate erased and cancels, and no event creates an email for them any more;
2. emails claimed before it (status "sending", fresh claim) are waited for: their SendGrid call has answered
   once their claim is released. While any remains after a short wait we raise, and Pub/Sub redelivers later
   (a claim older than CLAIM_TTL is dead: its sender gave up long before);
3. then `erasure_accepted_at` is recorded (from now no request for the candidate can reach SendGrid), SendGrid
   is asked to erase the address (covering what the in-flight sends delivered), the delivery log is deleted,
   and the transaction drops the address from the tombstone and emits the receipt. Every step is safe to repeat.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.document_cache import DocumentCache
from jobfeed.erasure import erased_receipt
from jobfeed.events import Event

from .collections import EMAILS, RECIPIENTS
from .delivery import CLAIM_TTL
from .erasure_rules import block, forget
from .mailer import Mailer
from .recipients import load, store

PRODUCER = "notification"
POLL_S = 0.25


class EmailsInFlight(Exception):
    """Emails to the candidate are being sent right now: transient, Pub/Sub redelivers the erasure later."""


def block_sending(db: firestore.Client, candidate_id: str) -> dict[str, Any]:
    """Step 1: the tombstone, keeping the address only until SendGrid has been asked to erase it."""
    ref = db.collection(RECIPIENTS).document(candidate_id)

    @firestore.transactional
    def run(tx: firestore.Transaction) -> dict[str, Any]:
        stored = ref.get(transaction=tx).to_dict() or {}
        decision = block(stored, candidate_id, datetime.now(UTC))
        if decision.record is None:
            return stored  # a redelivery: keep the first request's time
        store(db, tx, ref, decision)
        return decision.record

    return run(db.transaction())


def sending_now(db: firestore.Client, candidate_id: str) -> int:
    """Emails to the candidate whose claim is fresh: their sender may still be talking to SendGrid."""
    query = (db.collection(EMAILS).where(filter=FieldFilter("candidate_id", "==", candidate_id))
             .where(filter=FieldFilter("status", "==", "sending")))
    now = datetime.now(UTC)
    return sum(1 for snap in query.stream() if (claimed := snap.get("claimed_at")) and now - claimed < CLAIM_TTL)


def wait_for_in_flight(db: firestore.Client, candidate_id: str, wait_s: float) -> None:
    """Step 2: returns once no email to the candidate can still reach SendGrid; raises if that takes longer."""
    deadline = time.monotonic() + wait_s
    while (busy := sending_now(db, candidate_id)) and time.monotonic() < deadline:
        time.sleep(POLL_S)
    if busy:
        raise EmailsInFlight(f"{busy} email(s) to the candidate are being sent; the erasure waits for them")


def forget_outside(db: firestore.Client, mailer: Mailer, in_flight_wait_s: float, event: Event,
                   seen: DocumentCache | None = None) -> None:
    """Outside the transaction, safe to repeat: block, drain (one delivery of the request waits in_flight_wait_s
    for in-flight sends before handing back to Pub/Sub), then SendGrid's erasure and our delivery log. This
    instance's copy of the recipient goes once the tombstone is in (seen: it holds the address, and could only
    fail its check now; no event makes a new one of a tombstone, so none written before it is left)."""
    candidate_id = event.payload["candidate_id"]
    stored = block_sending(db, candidate_id)
    if seen is not None:
        seen.forget(db.collection(RECIPIENTS).document(candidate_id))
    wait_for_in_flight(db, candidate_id, in_flight_wait_s)
    ref = db.collection(RECIPIENTS).document(candidate_id)
    if not stored.get("erasure_accepted_at"):
        ref.update({"erasure_accepted_at": datetime.now(UTC)})
    if stored.get("erasing_email"):
        mailer.erase_recipients([stored["erasing_email"]])  # MailUnavailable is transient: Pub/Sub retries
    query = db.collection(EMAILS).where(filter=FieldFilter("candidate_id", "==", candidate_id))
    refs = [snapshot.reference for snapshot in query.stream()]
    for start in range(0, len(refs), 400):
        batch = db.batch()
        for email_ref in refs[start:start + 400]:
            batch.delete(email_ref)
        batch.commit()


def erase(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    """Step 3's end: the tombstone without the address, and the receipt (through the outbox)."""
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    store(db, tx, ref, forget(load(ref, tx) or {}, candidate_id, datetime.now(UTC)))
    return [erased_receipt(event, PRODUCER)]
