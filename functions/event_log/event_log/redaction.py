"""Erasure in the event log: the log keeps that an event happened (type, time, ids) but no personal data.

Entries of the candidate are redacted when the erasure request arrives, and a marker makes every later event
about them (a late redelivery, the receipts of the other services) be written already redacted."""

from __future__ import annotations

from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .collections import ERASED
from .entries import ENTRIES

REDACTED = {"redacted": True}


def is_erased(db: firestore.Client, candidate_id: str | None) -> bool:
    return bool(candidate_id) and db.collection(ERASED).document(candidate_id).get().exists


def redact_entry(entry: dict[str, Any]) -> dict[str, Any]:
    keep = {"candidate_id": entry["payload"]["candidate_id"]} if "candidate_id" in entry["payload"] else {}
    return {**entry, "payload": {**REDACTED, **keep}}


def redact_candidate(db: firestore.Client, candidate_id: str) -> int:
    db.collection(ERASED).document(candidate_id).set({"erased": True})
    entries = db.collection(ENTRIES)
    found = {snap.id: snap for field in ("candidate_id", "correlation_id")
             for snap in entries.where(filter=FieldFilter(field, "==", candidate_id)).stream()}
    batch, count = db.batch(), 0
    for snap in found.values():
        batch.update(snap.reference, {"payload": REDACTED | {"candidate_id": candidate_id}})
        count += 1
        if count % 400 == 0:
            batch.commit()
            batch = db.batch()
    batch.commit()
    return count
