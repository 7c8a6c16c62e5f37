"""ProfileCreated, JobPosted and JobFanOutDue -> OpenJobsFound, with only jobs never sent to that candidate.

Whether a (candidate, job) pair was sent is read in the same transaction that records it and stages the event,
so a redelivered or concurrent event can never send a job twice; an older profile or job version is
acknowledged and ignored. A job reaches every candidate it fits through its fan-out (fan_out.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from jobfeed.erasure import TOMBSTONE_VERSION, erased_receipt
from jobfeed.events import Event
from jobfeed.service import PermanentError, Step

from .fan_out import FanOut
from .model import Match, ProfileDoc, profile_from_payload
from .offers import PRODUCER, offer
from .sent import already_sent, erase_sent, sent_and
from .snapshots import Snapshots, serialise
from .store import JOBS, PROFILES, IndexCache, stored_version


@dataclass
class RecommendationHandlers:
    db: firestore.Client
    cache: IndexCache
    threshold: float = float(os.environ.get("JOBFEED_MATCH_THRESHOLD", "0.35"))
    top_n: int = int(os.environ.get("JOBFEED_MATCH_TOP_N", "20"))
    snapshots: Snapshots | None = None
    fan_out: FanOut = field(init=False)

    def __post_init__(self) -> None:
        self.fan_out = FanOut(self.db, self.cache, self.threshold)

    def steps(self) -> dict[str, Step]:
        erase = Step(apply=self.on_erasure, prepare=self.forget_sent, after=self.forget_sent)
        # The catch-up runs before the transaction (prepare), so transactions stay short under a burst, and
        # reads only what the event matches against: a new profile needs the jobs, a new job the profiles, and a
        # fan-out chunk both (its job may have been indexed by another instance).
        return {"ProfileCreated": Step(apply=self.on_profile, prepare=self.catch_up(JOBS)),
                "JobPosted": Step(apply=self.on_job, prepare=self.catch_up(PROFILES)),
                "JobFanOutDue": Step(apply=self.on_fan_out, prepare=self.catch_up(JOBS, PROFILES)),
                "CandidateErasureRequested": erase, "IndexSnapshotDue": Step(prepare=self.write_snapshot)}

    def catch_up(self, *collections: str) -> Callable[[Event], None]:
        def prepare(_: Event) -> None:
            self.cache.refresh(collections)
        return prepare

    def write_snapshot(self, event: Event) -> None:
        """The scheduled snapshot: idempotent by nature (a second one is only newer), so no processed marker."""
        if self.snapshots is None:
            raise PermanentError("no snapshots bucket is configured (JOBFEED_SNAPSHOTS_BUCKET)")
        index = self.cache.refresh()
        with self.cache.lock:
            pickled = serialise(index, self.cache.watermarks)
        self.snapshots.write(pickled, event.payload["keep_last"])

    def forget_sent(self, event: Event) -> None:
        """Before the tombstone (so the receipt is true) and after it (a chunk that raced it), idempotently."""
        erase_sent(self.db, event.payload["candidate_id"])

    def on_erasure(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """Forget the profile copy; the tombstone outranks any late ProfileCreated and stops fan-out chunks."""
        candidate_id = event.payload["candidate_id"]
        with self.cache.lock:
            self.cache.index.remove_profile(candidate_id)
        tx.set(self.db.collection(PROFILES).document(candidate_id),
               {"candidate_id": candidate_id, "erased": True, "profile_version": TOMBSTONE_VERSION,
                "updated_at": COMMITTED})
        return [erased_receipt(event, PRODUCER)]

    def on_profile(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        profile, candidate_id = event.payload, event.payload["candidate_id"]
        ref = self.db.collection(PROFILES).document(candidate_id)
        fresh = self._fresh_matches(tx, profile_from_payload(profile), ref)
        if fresh is None:  # a newer version, or the erasure's tombstone, is stored
            return []
        tx.set(ref, {**profile, "updated_at": COMMITTED})
        if not fresh:
            return []
        return [offer(self.db, tx, event, candidate_id, profile["profile_version"], fresh, _now())]

    def on_job(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        job = event.payload
        ref = self.db.collection(JOBS).document(job["job_id"])
        if stored_version(tx, ref, "version") > job["version"]:
            return []
        index = self.cache.index
        with self.cache.lock:
            index.upsert_job(job)
        events = self.fan_out.chunk(event, tx, job["job_id"], job["version"], "", 0)
        tx.set(ref, {**job, "updated_at": COMMITTED})
        return events

    def on_fan_out(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """The next chunk, unless a newer version (or the closing) is stored: its own fan-out takes over. The
        stored version is read in the chunk's one batched read."""
        due = event.payload
        return self.fan_out.chunk(event, tx, due["job_id"], due["job_version"], due["cursor"], due["chunk"],
                                  stored=self.db.collection(JOBS).document(due["job_id"]))

    def _fresh_matches(self, tx: firestore.Transaction, profile: ProfileDoc,
                       ref: firestore.DocumentReference) -> list[tuple[Any, Match]] | None:
        """The candidate's best top_n jobs not sent before, reading only the pairs the ranking reaches; None when
        the stored profile is newer than this one. The stored version is read in the same round trip as the
        first pairs, and the index takes the profile only once it is known not to be stale (so a late event
        never brings an erased candidate back into it)."""
        candidate_id = profile.candidate_id
        want, seen, sent, stored = 2 * self.top_n, set[tuple[str, str]](), set[tuple[str, str]](), None
        while True:
            with self.cache.lock:
                index = self.cache.index
                found = [(job, m) for m in index.match_profile(candidate_id, want, self.threshold, profile=profile)
                         if (job := index.job(m.job_id)) is not None]
            pairs = [(candidate_id, job.job_id) for job, _ in found if (candidate_id, job.job_id) not in seen]
            if stored is None:
                newly, stored = sent_and(self.db, tx, pairs, ref)
                if int((stored or {}).get("profile_version", 0)) > profile.version:
                    return None
                with self.cache.lock:
                    self.cache.index.upsert_profile_doc(profile)
            else:
                newly = already_sent(self.db, tx, pairs)
            sent |= newly
            seen.update(pairs)
            fresh = [(job, m) for job, m in found if (candidate_id, job.job_id) not in sent]
            if len(fresh) >= self.top_n or len(found) < want:
                return fresh[: self.top_n]
            want *= 4


# The server's commit time: what the index's catch-up queries order by (store.py).
COMMITTED = firestore.SERVER_TIMESTAMP


def _now() -> datetime:
    return datetime.now(UTC)
