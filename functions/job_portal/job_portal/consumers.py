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
    snapshot = db.collection(collection).document(doc_id).get(transaction=tx)
    return snapshot.to_dict() if snapshot.exists else None


def on_profile_created(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    candidate = _load(db, tx, CANDIDATES, candidate_id)
    # The Portal's copy of the profile is read only for a candidate it holds (an erased one gets no copy back).
    view = _load(db, tx, PROFILES, candidate_id) if candidate is not None else None
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
    candidate = _load(db, tx, CANDIDATES, candidate_id)
    if candidate is None:
        return []  # erased (or never registered here): its feed is not even read
    feed = db.collection(CANDIDATES).document(candidate_id).collection(FEED)
    jobs = event.payload["jobs"]
    existing = {snap.id for snap in db.get_all([feed.document(j["job_id"]) for j in jobs], transaction=tx)
                if snap.exists}
    decision = event_rules.open_jobs_found(candidate, existing, event.payload, event.event_id, datetime.now(UTC))
    firestore_writes.store(db, tx, decision.writes)
    return []
