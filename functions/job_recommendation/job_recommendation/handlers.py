"""ProfileCreated, JobPosted and JobFanOutDue -> OpenJobsFound, with only jobs never sent to that candidate.

Whether a (candidate, job) pair was sent is read in the same transaction that records it and stages the event,
so a redelivered or concurrent event can never send a job twice; an older profile or job version is
acknowledged and ignored. A job reaches every candidate it fits through its fan-out (fan_out.py).

Each handler loads what its rule needs inside the transaction, asks decisions.py (pure) what to write and emit,
and stores that Decision."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from jobfeed.erasure import erased_receipt
from jobfeed.events import Event
from jobfeed.service import PermanentError, Step

from .decisions import (
    Decision,
    decide_erasure,
    decide_job,
    decide_profile,
    first_want,
    fresh_matches,
    job_is_stale,
    profile_is_stale,
)
from .fan_out import FanOut
from .model import JobDoc, Match, ProfileDoc, profile_from_payload
from .offers import PRODUCER
from .sent import already_sent, erase_sent, sent_and
from .settings import RecommendationSettings
from .snapshots import Snapshots, serialise
from .store import JOBS, PROFILES, IndexCache, stored_version


@dataclass
class RecommendationHandlers:
    db: firestore.Client
    cache: IndexCache
    config: RecommendationSettings = RecommendationSettings()
    snapshots: Snapshots | None = None
    fan_out: FanOut = field(init=False)

    def __post_init__(self) -> None:
        self.fan_out = FanOut(self.db, self.cache, self.threshold, size=self.config.fan_out_chunk,
                              retention=self.retention)

    @property
    def threshold(self) -> float:
        return self.config.threshold

    @property
    def top_n(self) -> int:
        return self.config.top_n

    @property
    def retention(self) -> timedelta:
        """How long a sent record outlives its job (sent.py)."""
        return self.config.sent_retention

    def steps(self) -> dict[str, Step]:
        erase = Step(apply=self.on_erasure, prepare=self.forget_sent, after=self.forget_sent)
        # The catch-up runs before the transaction (prepare), so transactions stay short under a burst, and
        # reads only what the event matches against: a new profile needs the jobs, a new job the profiles, and a
        # fan-out chunk both (its job may have been indexed by another instance).
        return {"ProfileCreated": Step(apply=self.on_profile, prepare=self.catch_up(JOBS), prepare_reads_only=True),
                "JobPosted": Step(apply=self.on_job, prepare=self.catch_up(PROFILES), prepare_reads_only=True),
                "JobFanOutDue": Step(apply=self.on_fan_out, prepare=self.catch_up(JOBS, PROFILES),
                                     prepare_reads_only=True),
                "CandidateErasureRequested": erase, "IndexSnapshotDue": Step(prepare=self.write_snapshot)}

    def catch_up(self, *collections: str) -> Callable[[Event], None]:
        def prepare(event: Event) -> None:
            # The publish time lets a burst share one catch-up (freshness.py): one that started after the event
            # was published has seen everything its cause committed.
            self.cache.refresh(collections, event.published_at)
        return prepare

    def write_snapshot(self, event: Event) -> None:
        """The scheduled snapshot: idempotent by nature (a second one is only newer), so no processed marker."""
        if self.snapshots is None:
            raise PermanentError("no snapshots bucket is configured (JOBFEED_SNAPSHOTS_BUCKET)")
        index = self.cache.refresh()
        with self.cache.lock:
            pickled = serialise(index, self.cache.watermarks)
        self.snapshots.write(pickled, event.payload["keep_last"])

    def forget_sent(self, event: Event, _: Any = None) -> None:
        """Before the tombstone (so the receipt is true) and after it (a chunk that raced it), idempotently: the
        same call as prepare and as after (which also gets the commit's handover, unused here)."""
        erase_sent(self.db, event.payload["candidate_id"])

    def on_erasure(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """Forget the profile copy; the tombstone outranks any late ProfileCreated and stops fan-out chunks."""
        candidate_id = event.payload["candidate_id"]
        with self.cache.lock:
            self.cache.index.remove_profile(candidate_id)
        return self._store(tx, event, decide_erasure(candidate_id)) + [erased_receipt(event, PRODUCER)]

    def on_profile(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        profile = event.payload
        ref = self.db.collection(PROFILES).document(profile["candidate_id"])
        loaded = self._load_matches(tx, profile_from_payload(profile), ref)
        if loaded is None:  # a newer version, or the erasure's tombstone, is stored
            return []
        stored, fresh = loaded
        return self._store(tx, event, decide_profile(stored, profile, fresh, _now(), self.retention))

    def on_job(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        job = event.payload
        stored = stored_version(tx, self.db.collection(JOBS).document(job["job_id"]), "version")
        if job_is_stale(stored, job["version"]):
            return []
        index = self.cache.index
        with self.cache.lock:
            index.upsert_job(job)
        first_chunk = self.fan_out.chunk(tx, job["job_id"], job["version"], "", 0)
        return self._store(tx, event, decide_job(stored, job, first_chunk))

    def on_fan_out(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """The next chunk, unless a newer version (or the closing) is stored: its own fan-out takes over. The
        stored version is read in the chunk's one batched read."""
        due = event.payload
        chunk = self.fan_out.chunk(tx, due["job_id"], due["job_version"], due["cursor"], due["chunk"],
                                   stored=self.db.collection(JOBS).document(due["job_id"]))
        return self._store(tx, event, chunk)

    def _load_matches(self, tx: firestore.Transaction, profile: ProfileDoc, ref: firestore.DocumentReference
                      ) -> tuple[dict[str, Any] | None, list[tuple[JobDoc, Match]]] | None:
        """The stored profile and the candidate's best top_n jobs not sent before, reading only the pairs the
        ranking reaches (decisions.fresh_matches says when to look further); None when this event is stale
        (decisions.profile_is_stale). The stored profile is read in the same round trip as the first pairs (a
        candidate the index knows) or, for one it does not (most likely new), presumed missing and checked by the
        commit; the index takes the profile once the commit is in (so a late event never brings an erased
        candidate back into it)."""
        candidate_id = profile.candidate_id
        with self.cache.lock:
            known = self.cache.index.profile(candidate_id) is not None
        want, seen, sent, first = first_want(self.top_n), set[str](), set[str](), True
        stored: dict[str, Any] | None = None
        while True:
            with self.cache.lock:
                index = self.cache.index
                found = [(job, m) for m in index.match_profile(candidate_id, want, self.threshold, profile=profile)
                         if (job := index.job(m.job_id)) is not None]
            pairs = [(candidate_id, job.job_id) for job, _ in found if job.job_id not in seen]
            if first:
                # A candidate this instance has not indexed is most likely new, and a candidate without a stored
                # copy has no pairs (sent.py): read the pairs only when the copy turns out to exist. Most likely
                # it does not, so it is not even read: presumed missing, the copy's write becomes a create, and
                # the commit (the transaction's one round trip) fails if it exists after all. The next attempt
                # then reads it (lazy_transaction.py). A registration's transaction so reads nothing.
                if not known and tx.presume_missing(ref):
                    newly, stored = set(), None
                else:
                    newly, stored = sent_and(self.db, tx, pairs if known else [], ref)
                if profile_is_stale(stored, profile.version):
                    return None
                if not known and stored is not None:  # indexed by another instance: a second round trip
                    newly = already_sent(self.db, tx, pairs)
                # Only once it is known not to be stale: a late event never brings an erased candidate back.
                tx.on_commit(lambda: self._index(profile))
                first = False
            else:
                newly = already_sent(self.db, tx, pairs)
            sent.update(job_id for _, job_id in newly)
            seen.update(job_id for _, job_id in pairs)
            fresh, wider = fresh_matches(found, sent, self.top_n, want)
            if wider is None:
                return stored, fresh
            want = wider

    def _index(self, profile: ProfileDoc) -> None:
        with self.cache.lock:
            self.cache.index.upsert_profile_doc(profile)

    def _store(self, tx: firestore.Transaction, cause: Event, decision: Decision) -> list[Event]:
        """Write what the decision says in the transaction; its events, caused by `cause`."""
        for write in decision.writes:
            fields = {**write.fields, "updated_at": COMMITTED} if write.stamped else write.fields
            tx.set(self.db.collection(write.collection).document(write.doc_id), fields)
        return [Event(emit.event_type, emit.payload, emit.correlation_id or cause.correlation_id, PRODUCER,
                      causation_id=cause.event_id) for emit in decision.emits]


# The server's commit time: what the index's catch-up queries order by (store.py).
COMMITTED = firestore.SERVER_TIMESTAMP


def _now() -> datetime:
    return datetime.now(UTC)
