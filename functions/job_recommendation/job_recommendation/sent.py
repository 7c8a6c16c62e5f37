"""What each candidate was told: one small document per (candidate, job), read by id only for the pairs a match
names, written once, erased by candidate, expired by Firestore's TTL policy on `expire_at`.

(A list per candidate would hit the 1 MiB document limit at about 25k jobs and be read and rewritten whole on
every match.) A pair document outlives the job it names by RecommendationSettings.sent_retention: after that the
job can no longer be offered, so forgetting that it was sent cannot send it twice. A posting without an end is
taken to end OPEN_ENDED after it was posted; one still open after that could be offered again once its record
expired. What a record holds is decided with the offer (offers.sent_record); this module reads and erases records.

A pair is written only with the candidate's stored profile copy: in the transaction that stores it (a profile's
match), or in one that read it stored (a fan-out chunk, decisions.decide_chunk). Copies are never deleted (the
erasure replaces one with its tombstone), so a candidate without a stored copy has no pairs, and a first
profile's match reads none (handlers._load_matches).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .collections import SENT
from .offers import pair_id

_ERASE_BATCH = 400

Pair = tuple[str, str]  # (candidate_id, job_id)


def sent_ref(db: firestore.Client, candidate_id: str, job_id: str) -> firestore.DocumentReference:
    return db.collection(SENT).document(pair_id(candidate_id, job_id))


def already_sent(db: firestore.Client, tx: firestore.Transaction, pairs: Iterable[Pair]) -> set[Pair]:
    """Which of the pairs were sent before, read in the transaction that decides whether to send them."""
    return sent_and(db, tx, pairs)[0]


def sent_and(db: firestore.Client, tx: firestore.Transaction, pairs: Iterable[Pair],
             other: firestore.DocumentReference | None = None) -> tuple[set[Pair], dict[str, Any] | None]:
    """already_sent, and another document read in the same round trip (its fields; None when it is missing)."""
    refs = [sent_ref(db, candidate_id, job_id) for candidate_id, job_id in pairs]
    if other is not None:
        refs.append(other)
    found: set[Pair] = set()
    fields: dict[str, Any] | None = None
    for snapshot in tx.get_all(refs) if refs else ():
        if other is not None and snapshot.reference.path == other.path:
            fields = (snapshot.to_dict() or {}) if snapshot.exists else None
        elif snapshot.exists:
            candidate_id, job_id = snapshot.id.split("~", 1)
            found.add((candidate_id, job_id))
    return found, fields


def erase_sent(db: firestore.Client, candidate_id: str) -> int:
    """Delete every pair document of the candidate, in batches; safe to run again (erasure's after-commit step)."""
    query = db.collection(SENT).where(filter=FieldFilter("candidate_id", "==", candidate_id)).limit(_ERASE_BATCH)
    deleted = 0
    while docs := list(query.stream()):
        batch = db.batch()
        for doc in docs:
            batch.delete(doc.reference)
        batch.commit()
        deleted += len(docs)
    return deleted
