"""Notification's own copy of each candidate's contact details and job bookkeeping, one document each:
who they are, their cadence, which jobs wait for a digest, and which jobs they were ever told about.

Each handler reads the recipient inside the event's transaction, asks recipient_rules what changes, and writes
that (store)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event

from .collections import EMAILS, RECIPIENTS, SUPPRESSED
from .decision import Decision
from .recipient_rules import after_candidate, after_confirmed, after_open_jobs_found


def on_candidate(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 window: timedelta = timedelta(0)) -> Iterable[Event]:
    ref = db.collection(RECIPIENTS).document(event.payload["candidate_id"])
    decision = after_candidate(load(ref, tx), event.payload, event.event_type, event.event_id, datetime.now(UTC),
                               window)
    store(db, tx, ref, decision)
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                       window: timedelta = timedelta(0)) -> Iterable[Event]:
    ref = db.collection(RECIPIENTS).document(event.payload["candidate_id"])
    decision = after_open_jobs_found(load(ref, tx), event.payload, event.event_id, datetime.now(UTC), window)
    store(db, tx, ref, decision)
    return []


def on_confirmed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 window: timedelta = timedelta(0)) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    store(db, tx, ref, after_confirmed(load(ref, tx), candidate_id, event.event_id, datetime.now(UTC), window))
    return []


def load(ref: firestore.DocumentReference, tx: firestore.Transaction) -> dict[str, Any] | None:
    snapshot = ref.get(transaction=tx)
    return (snapshot.to_dict() or {}) if snapshot.exists else None


def store(db: firestore.Client, tx: firestore.Transaction, ref: firestore.DocumentReference,
          decision: Decision) -> None:
    create_emails(db, tx, decision.emails)
    if decision.record is not None:
        tx.set(ref, decision.record)
    if decision.update is not None:
        tx.update(ref, decision.update)
    for key, entry in decision.suppress.items():
        tx.set(db.collection(SUPPRESSED).document(key), entry)
    if decision.lift_suppression is not None:
        tx.delete(db.collection(SUPPRESSED).document(decision.lift_suppression))


def create_emails(db: firestore.Client, writer: firestore.Transaction | firestore.WriteBatch,
                  emails: Mapping[str, dict[str, Any]]) -> list[firestore.DocumentReference]:
    """Creates (never overwrites) each email, stamped by the server; returns their references."""
    refs = [db.collection(EMAILS).document(email_id) for email_id in emails]
    for ref, doc in zip(refs, emails.values(), strict=True):
        writer.create(ref, {**doc, "created_at": firestore.SERVER_TIMESTAMP})
    return refs
