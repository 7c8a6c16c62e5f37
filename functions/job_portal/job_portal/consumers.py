"""The Portal's reactions to other services' events: status from Profile, feed entries from Recommendation.
Each runs inside the consumer's transaction: it loads (reads first), lets event_rules decide (feed_rules', which
`ops rebuild-feed` shares, and the profile copy's), and stores what was decided; stale events change nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.service import Step

from . import event_rules, firestore_writes
from .collections import CANDIDATES, FEED, PROFILES


def steps(db: firestore.Client) -> dict[str, Step]:
    return {
        "ProfileCreated": Step(apply=partial(on_profile_created, db)),
        "ProfileCreationFailed": Step(apply=partial(on_profile_failed, db)),
        "OpenJobsFound": Step(apply=partial(on_open_jobs_found, db)),
    }


def _load(db: firestore.Client, tx: firestore.Transaction, collection: str, doc_id: str) -> dict[str, Any] | None:
    snapshot = next(tx.get(db.collection(collection).document(doc_id)))
    return snapshot.to_dict() if snapshot.exists else None


def _load_all(db: firestore.Client, tx: firestore.Transaction, refs: list[firestore.DocumentReference]
              ) -> list[dict[str, Any] | None]:
    """The documents' fields (None where absent) in the order of refs, read in one round trip."""
    by_path = {snap.reference.path: snap for snap in tx.get_all(refs)}
    return [snap.to_dict() if (snap := by_path.get(ref.path)) is not None and snap.exists else None
            for ref in refs]


def on_profile_created(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    # Both in one round trip; the rules give an erased candidate (None) no copy back, whatever the view holds.
    candidate, view = _load_all(db, tx, [db.collection(CANDIDATES).document(candidate_id),
                                         db.collection(PROFILES).document(candidate_id)])
    decision = event_rules.profile_created(candidate, view, event.payload, datetime.now(UTC))
    firestore_writes.store(db, tx, decision.writes)
    return []


def on_profile_failed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    """The compensating step: the candidate is asked for a new resume."""
    candidate = _load(db, tx, CANDIDATES, event.payload["candidate_id"])
    firestore_writes.store(db, tx, event_rules.profile_failed(candidate, event.payload).writes)
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    candidate_ref = db.collection(CANDIDATES).document(candidate_id)
    entries = [candidate_ref.collection(FEED).document(j["job_id"]) for j in event.payload["jobs"]]
    # The candidate and the feed entries the event would add, in one round trip (this is the last hop before
    # the candidate sees a job, so each round trip shows in registration -> feed).
    candidate, *found = _load_all(db, tx, [candidate_ref, *entries])
    if candidate is None:
        return []  # erased (or never registered here): nothing of its feed is written
    existing = {ref.id for ref, entry in zip(entries, found, strict=True) if entry is not None}
    decision = event_rules.open_jobs_found(candidate, existing, event.payload, event.event_id, datetime.now(UTC))
    firestore_writes.store(db, tx, decision.writes)
    return []
