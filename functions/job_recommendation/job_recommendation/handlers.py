"""ProfileCreated and JobPosted -> OpenJobsFound, with only jobs never sent to that candidate before.

The sent list is read and written in the same transaction as the events, so a redelivered or concurrent event
can never send a job twice; an older profile or job version is acknowledged and ignored."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from jobfeed.erasure import TOMBSTONE_VERSION, erased_receipt
from jobfeed.events import Event
from jobfeed.service import Step

from .model import Match
from .store import JOBS, PROFILES, SENT, IndexCache, sent_job_ids, stored_version
from .weights import REMOTE_POLICIES

PRODUCER = "job_recommendation"


@dataclass
class RecommendationHandlers:
    db: firestore.Client
    cache: IndexCache
    threshold: float = float(os.environ.get("JOBFEED_MATCH_THRESHOLD", "0.35"))
    top_n: int = int(os.environ.get("JOBFEED_MATCH_TOP_N", "20"))
    # A new job reaches at most this many candidates per event: two writes each must fit one transaction
    # (Firestore allows 500), and the best-fitting candidates are the ones worth telling.
    job_top_n: int = int(os.environ.get("JOBFEED_MATCH_JOB_TOP_N", "200"))

    def steps(self) -> dict[str, Step]:
        return {"ProfileCreated": Step(apply=self.on_profile), "JobPosted": Step(apply=self.on_job),
                "CandidateErasureRequested": Step(apply=self.on_erasure)}

    def on_erasure(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """Forget the profile copy and the sent list; the tombstone outranks any late ProfileCreated."""
        candidate_id = event.payload["candidate_id"]
        with self.cache.lock:
            self.cache.index.remove_profile(candidate_id)
        tx.set(self.db.collection(PROFILES).document(candidate_id),
               {"candidate_id": candidate_id, "erased": True, "profile_version": TOMBSTONE_VERSION,
                "updated_at": _now()})
        tx.delete(self.db.collection(SENT).document(candidate_id))
        return [erased_receipt(event, PRODUCER)]

    def on_profile(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        profile, candidate_id = event.payload, event.payload["candidate_id"]
        ref = self.db.collection(PROFILES).document(candidate_id)
        if stored_version(tx, ref, "profile_version") > profile["profile_version"]:
            return []
        sent = sent_job_ids(self.db, tx, [candidate_id])[candidate_id]
        with self.cache.lock:
            index = self.cache.refresh()
            index.upsert_profile(profile)
            matches = index.match_profile(candidate_id, self.top_n, self.threshold, sent)
        tx.set(ref, {**profile, "updated_at": _now()})
        return self._emit(event, tx, candidate_id, profile["profile_version"], sent, matches)

    def on_job(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        job = event.payload
        ref = self.db.collection(JOBS).document(job["job_id"])
        if stored_version(tx, ref, "version") > job["version"]:
            return []
        with self.cache.lock:
            index = self.cache.refresh()
            index.upsert_job(job)
            pairs = index.match_job(job["job_id"], self.job_top_n, self.threshold)
        sent = sent_job_ids(self.db, tx, [cid for cid, _ in pairs]) if pairs else {}
        tx.set(ref, {**job, "updated_at": _now()})
        events: list[Event] = []
        for candidate_id, match in pairs:
            profile = index.profile(candidate_id)
            version = profile.version if profile else 0
            events += self._emit(event, tx, candidate_id, version, sent[candidate_id], [match])
        return events

    def _emit(self, cause: Event, tx: firestore.Transaction, candidate_id: str, profile_version: int,
              sent: set[str], matches: list[Match]) -> list[Event]:
        fresh = [m for m in matches if m.job_id not in sent]
        if not fresh:
            return []
        tx.set(self.db.collection(SENT).document(candidate_id),
               {"job_ids": sorted(sent | {m.job_id for m in fresh}), "updated_at": _now()})
        payload = {"candidate_id": candidate_id, "profile_version": profile_version,
                   "jobs": [self._job_entry(m) for m in fresh]}
        # The candidate's flow: OpenJobsFound joins their correlation id, whichever side caused it.
        return [Event("OpenJobsFound", payload, candidate_id, PRODUCER, causation_id=cause.event_id)]

    def _job_entry(self, match: Match) -> dict[str, Any]:
        job = self.cache.index.job(match.job_id)
        assert job is not None
        return {"job_id": job.job_id, "title": job.title, "company": job.company, "location": job.location,
                "remote": REMOTE_POLICIES[job.remote], "url": job.url, "score": round(min(match.score, 1.0), 4),
                "reasons": match.reasons}


def _now() -> datetime:
    return datetime.now(UTC)
