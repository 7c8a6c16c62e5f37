"""The Portal's reactions to other services' events: status from Profile, feed entries from Recommendation.
Each runs inside the consumer's transaction (reads first, then writes); stale events change nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.service import Step

CANDIDATES = "job_portal_candidates"


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
    if doc is None or event.payload["candidate_revision"] < doc.get("profile_revision", 0):
        return []  # erased, or a profile of an older resume arriving late
    update: dict[str, Any] = {"profile_revision": event.payload["candidate_revision"],
                              "profile_version": max(doc.get("profile_version", 0), event.payload["profile_version"])}
    if doc["status"] in ("registered", "resume_needed"):
        update.update(status="profiled", status_reason=None)
    tx.update(ref, update)
    return []


def on_profile_failed(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    """The compensating step: the candidate is asked for a new resume."""
    ref, doc = _candidate(db, tx, event.payload["candidate_id"])
    if doc is None or event.payload["candidate_revision"] < doc.get("profile_revision", 0):
        return []
    tx.update(ref, {"profile_revision": event.payload["candidate_revision"], "status": "resume_needed",
                    "status_reason": event.payload["reason"]})
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    ref, doc = _candidate(db, tx, event.payload["candidate_id"])
    if doc is None or event.payload["profile_version"] < doc.get("profile_version", 0):
        return []  # matches for an older profile than the one the candidate now has
    feed = ref.collection("feed")
    jobs = event.payload["jobs"]
    existing = {snap.id for snap in db.get_all([feed.document(j["job_id"]) for j in jobs], transaction=tx)
                if snap.exists}
    now = datetime.now(UTC)
    for rank, job in enumerate(jobs):
        if job["job_id"] not in existing:
            # Best match first within one event, newest event first across events.
            tx.create(feed.document(job["job_id"]), {**job, "added_at": now.isoformat(), "rank": rank,
                                                     "event_id": event.event_id})
    update: dict[str, Any] = {"profile_version": event.payload["profile_version"]}
    if doc["status"] != "resume_needed":
        update["status"] = "matched"
    tx.update(ref, update)
    return []
