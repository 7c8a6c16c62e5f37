"""Erasure in the event log: the log keeps that an event happened (type, time, ids) but no personal data.

Entries of the candidate are redacted when the erasure request arrives, and a marker makes every later event
about them (a late redelivery, the receipts of the other services) be written already redacted. The rules are
erasure_rules'; here are the reads and writes."""

from __future__ import annotations

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .collections import ENTRIES, ERASED
from .erasure_rules import ERASED_MARKER, may_be_erased, redacted_payload


def is_erased(db: firestore.Client, candidate_id: str | None) -> bool:
    return may_be_erased(candidate_id) and db.collection(ERASED).document(str(candidate_id)).get().exists


def redact_candidate(db: firestore.Client, candidate_id: str) -> int:
    db.collection(ERASED).document(candidate_id).set(ERASED_MARKER)
    entries = db.collection(ENTRIES)
    found = {snap.id: snap for field in ("candidate_id", "correlation_id")
             for snap in entries.where(filter=FieldFilter(field, "==", candidate_id)).stream()}
    batch, count = db.batch(), 0
    for snap in found.values():
        batch.update(snap.reference, {"payload": redacted_payload(candidate_id)})
        count += 1
        if count % 400 == 0:
            batch.commit()
            batch = db.batch()
    batch.commit()
    return count
