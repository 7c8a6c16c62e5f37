"""Notification's own copy of each candidate's contact details and job bookkeeping, one document each:
who they are, their cadence, which jobs wait for a digest, and which jobs they were ever told about.

Each handler reads the recipient inside the event's transaction, asks recipient_rules what changes, and writes
that (store). The instance keeps the recipient it last wrote (`seen`, jobfeed/document_cache.py): the
candidate's next event on the same instance takes that copy instead of reading it, and its commit checks that
nobody wrote the recipient since (else it runs again with a read). The emails it creates are claimed in the same
commit when they may be sent (the same rule as any claim, on the recipient as the commit leaves it), and handed
to the step's after, which sends them: one transaction and no query per email sent at once (delivery.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from jobfeed.document_cache import DocumentCache, read_fields
from jobfeed.events import Event
from jobfeed.service import Applied

from .claims import as_created
from .collections import EMAILS, RECIPIENTS, SUPPRESSED
from .decision import Decision, Fields
from .delivery import Claimed
from .recipient_rules import after_candidate, after_confirmed, after_open_jobs_found


def on_candidate(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 window: timedelta = timedelta(0), seen: DocumentCache | None = None) -> Applied:
    ref = db.collection(RECIPIENTS).document(event.payload["candidate_id"])
    stored = load(ref, tx, seen)
    decision = after_candidate(stored, event.payload, event.event_type, event.event_id, datetime.now(UTC), window)
    return Applied([], store(db, tx, ref, decision, stored, seen))


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                       window: timedelta = timedelta(0), seen: DocumentCache | None = None) -> Applied:
    ref = db.collection(RECIPIENTS).document(event.payload["candidate_id"])
    stored = load(ref, tx, seen)
    decision = after_open_jobs_found(stored, event.payload, event.event_id, datetime.now(UTC), window)
    return Applied([], store(db, tx, ref, decision, stored, seen))


def on_confirmed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 window: timedelta = timedelta(0), seen: DocumentCache | None = None) -> Applied:
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    stored = load(ref, tx, seen)
    decision = after_confirmed(stored, candidate_id, event.event_id, datetime.now(UTC), window)
    return Applied([], store(db, tx, ref, decision, stored, seen))


def load(ref: firestore.DocumentReference, tx: firestore.Transaction, seen: DocumentCache | None = None
         ) -> dict[str, Any] | None:
    return seen.read(tx, ref) if seen is not None else read_fields(tx, ref)


def store(db: firestore.Client, tx: firestore.Transaction, ref: firestore.DocumentReference,
          decision: Decision, stored: Fields | None = None, seen: DocumentCache | None = None) -> list[Claimed]:
    """Writes the decision; returns the emails it created claimed (stored: the recipient it was decided on;
    seen: the instance's copies, which keep the recipient as this commit leaves it)."""
    recipient = decision.record if decision.record is not None else {**(stored or {}), **(decision.update or {})}
    if seen is not None and decision.update is None and decision.record is not None:
        seen.wrote(tx, ref, decision.record)
    elif seen is not None and decision.update is not None:
        if decision.record is None:
            seen.updated(tx, ref, stored or {}, decision.update)
        else:
            seen.forget(ref)
    emails = as_created(decision.emails, recipient, datetime.now(UTC))
    refs = create_emails(db, tx, emails)
    if decision.record is not None:
        tx.set(ref, decision.record)
    if decision.update is not None:
        tx.update(ref, decision.update)
    for key, entry in decision.suppress.items():
        tx.set(db.collection(SUPPRESSED).document(key), entry)
    if decision.lift_suppression is not None:
        tx.delete(db.collection(SUPPRESSED).document(decision.lift_suppression))
    return [Claimed(ref, doc, recipient) for ref, doc in zip(refs, emails.values(), strict=True)
            if doc["status"] == "sending"]


def create_emails(db: firestore.Client, writer: firestore.Transaction | firestore.WriteBatch,
                  emails: Mapping[str, dict[str, Any]]) -> list[firestore.DocumentReference]:
    """Creates (never overwrites) each email, stamped by the server; returns their references."""
    refs = [db.collection(EMAILS).document(email_id) for email_id in emails]
    for ref, doc in zip(refs, emails.values(), strict=True):
        writer.create(ref, {**doc, "created_at": firestore.SERVER_TIMESTAMP})
    return refs
