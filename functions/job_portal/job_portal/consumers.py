"""The Portal's reactions to other services' events: status from Profile, feed entries from Recommendation.
Each runs inside the consumer's transaction (reads first, then writes); the decisions are feed_rules', which
`ops rebuild-feed` shares; stale events change nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.service import Step

from . import feed_rules, profile_view
from .collections import CANDIDATES, FEED


def steps(db: firestore.Client) -> dict[str, Step]:
    return {
        "ProfileCreated": Step(apply=partial(on_profile_created, db)),
        "ProfileCreationFailed": Step(apply=partial(on_profile_failed, db)),
        "OpenJobsFound": Step(apply=partial(on_open_jobs_found, db)),
    }


def _candidate(db: firestore.Client, tx: firestore.Transaction,
               candidate_id: str) -> tuple[firestore.DocumentReference, dict[str, Any] | None]:
    ref = db.collection(CANDIDATES).document(candidate_id)
    snapshot = ref.get(transaction=tx)
    return ref, snapshot.to_dict() if snapshot.exists else None


def on_profile_created(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    ref, doc = _candidate(db, tx, event.payload["candidate_id"])
    if doc is not None:  # "What we read from your resume": the Portal's own copy, newest profile version wins
        profile_view.keep(db, tx, event.payload)
    update = feed_rules.after_profile_created(doc, event.payload) if doc is not None else None
    if update is not None:  # None: erased, or a profile of an older resume arriving late
        tx.update(ref, update)
    return []


def on_profile_failed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    """The compensating step: the candidate is asked for a new resume."""
    ref, doc = _candidate(db, tx, event.payload["candidate_id"])
    update = feed_rules.after_profile_failed(doc, event.payload) if doc is not None else None
    if update is not None:
        tx.update(ref, update)
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    ref, doc = _candidate(db, tx, event.payload["candidate_id"])
    if doc is None:
        return []  # erased (or never registered here)
    update = feed_rules.after_open_jobs_found(doc, event.payload)
    feed = ref.collection(FEED)
    jobs = event.payload["jobs"]
    existing = {snap.id for snap in db.get_all([feed.document(j["job_id"]) for j in jobs], transaction=tx)
                if snap.exists}
    added_at = datetime.now(UTC).isoformat()
    for job_id, entry in feed_rules.new_entries(event.payload, existing, event.event_id, added_at).items():
        tx.create(feed.document(job_id), entry)
    if update:
        tx.update(ref, update)
    return []
