"""Recommendation's own data in Firestore, and the in-memory index built from it.

The index starts from the newest snapshot when one is given (snapshots.py), else from Firestore, and is caught
up before every event with what changed since (updated_at, the server's commit time, above a watermark), so an
instance also sees what other instances wrote. Each collection is caught up on its own, and only for the events
that read it: a new profile is matched against jobs, so a registration burst catches up only the (usually quiet)
jobs collection, and the profiles it wrote meanwhile are read in one go by the next event that needs them.
Concurrent events share one catch-up per collection, and the queries run outside the index lock. Which catch-up
serves which event is freshness.py's rule: one that started after the event asked, or, when the event carries its
publish time, one that started after it was published and shortly before it arrived (the finished one, or the
one in flight, which it waits for). So a burst queued at the broker shares a few empty queries instead of running
one per event. The Steps pass the event's publishTime (handlers.catch_up).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .collections import JOBS, PROFILES  # noqa: F401 (handlers and fan_out import them from here)
from .freshness import CLOCK_MARGIN, NEVER, REUSE, Ask, Start, published, serves
from .index import MatchIndex

# Commits close together may become visible slightly out of timestamp order: re-read a little before the
# watermark. Documents already applied at the same updated_at are skipped, so the overlap costs reads only.
OVERLAP = timedelta(seconds=1)  # JOBFEED_INDEX_OVERLAP_S (RecommendationSettings)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
logger = logging.getLogger(__name__)
Changes = dict[str, list[dict[str, Any]]]
# A cold start's source: fills the index, returns the watermarks it is current to (None: nothing to load).
Loader = Callable[[MatchIndex], dict[str, datetime] | None]


@dataclass
class IndexCache:
    db: firestore.Client
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    monotonic: Callable[[], float] = time.monotonic
    reuse: float = REUSE  # freshness.serves: how stale a shared catch-up may be (0: strict, one per arrival)
    clock_margin: timedelta = CLOCK_MARGIN
    overlap: timedelta = OVERLAP  # how far before its watermark a catch-up re-reads
    loader: Loader | None = None
    index: MatchIndex = field(init=False)
    watermarks: dict[str, datetime] = field(default_factory=lambda: {JOBS: EPOCH, PROFILES: EPOCH})
    # functions-framework serves concurrent requests on threads of one process; the index is not thread-safe,
    # so every read-modify of it happens under this lock (seen without it: a corrupted postings list).
    lock: threading.RLock = field(default_factory=threading.RLock)
    _loading: threading.Lock = field(default_factory=threading.Lock)
    _catching_up: dict[str, threading.Lock] = field(
        default_factory=lambda: {JOBS: threading.Lock(), PROFILES: threading.Lock()})
    _started: dict[str, Start] = field(default_factory=lambda: {JOBS: NEVER, PROFILES: NEVER})  # last finished
    _pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, "index-catch-up"))
    _loaded: bool = False
    # per collection: doc id -> updated_at, for documents the overlap may bring back
    _applied: dict[str, dict[str, datetime]] = field(default_factory=lambda: {JOBS: {}, PROFILES: {}})
    _queried_at: dict[str, datetime] = field(default_factory=dict)  # when each collection was last asked
    documents_read: int = 0  # what catch-ups cost: Firestore bills a document per result, one per empty query
    queries: int = 0  # catch-up queries run (the rest of the asks were served by a shared one)

    def __post_init__(self) -> None:
        self.index = MatchIndex(self.now)

    def refresh(self, collections: tuple[str, ...] = (JOBS, PROFILES), published_at: str | None = None) -> MatchIndex:
        """Catch up the collections for an event published at `published_at` (the broker's publishTime; None:
        everything committed before this call). A catch-up that serves the event by freshness.serves is shared
        rather than repeated. Callers take `lock` while they use the result."""
        ask = Ask(self.monotonic(), published(published_at))
        self._load_once()
        if len(collections) == 1:
            self._catch_up(collections[0], ask)
        else:  # both at once, outside the index lock
            list(self._pool.map(lambda collection: self._catch_up(collection, ask), collections))
        return self.index

    def _catch_up(self, collection: str, ask: Ask) -> None:
        if self._serves(collection, ask):
            return  # a finished catch-up serves it: no wait
        with self._catching_up[collection]:  # waits for the one in flight, if any
            if self._serves(collection, ask):
                return  # the one in flight (now finished) serves it
            started = Start(self.monotonic(), self.now())
            changes = self._changed(collection, started.wall)
            with self.lock:
                self.documents_read += max(1, len(changes))
                self.queries += 1
                if collection == JOBS:
                    self._apply(JOBS, changes, self.index.upsert_job)
                else:
                    self._apply(PROFILES, changes, self._apply_profile)
            # only once applied: a reader seeing it sees the documents
            self._started[collection] = replace(started, took=self.monotonic() - started.at)

    def _serves(self, collection: str, ask: Ask) -> bool:
        return serves(self._started[collection], ask, self.clock_margin, self.reuse)

    def _load_once(self) -> None:
        with self._loading:
            if not self._loaded:
                self._load()
                self._loaded = True

    def _load(self) -> None:
        try:
            loaded = self.loader(self.index) if self.loader else None
        except Exception:  # a missing bucket, a corrupt or foreign snapshot: Firestore has everything
            logger.exception("index snapshot not loaded; building the index from Firestore")
            self.index = MatchIndex(self.now)
            return
        if loaded:
            self.watermarks.update(loaded)

    def _changed(self, collection: str, at: datetime) -> list[dict[str, Any]]:
        """Documents committed after the watermark. The overlap is re-read only while the watermark is recent:
        once the last query went out more than OVERLAP after it, every commit up to it was visible to that
        query, so a quiet collection costs one empty query, not its last second of writes again and again."""
        mark = self.watermarks[collection]
        settled = self._queried_at.get(collection, EPOCH) - self.overlap >= mark
        since = mark if settled or mark == EPOCH else mark - self.overlap
        self._queried_at[collection] = at
        query = self.db.collection(collection).where(filter=FieldFilter("updated_at", ">", since))
        return [{**(snap.to_dict() or {}), "_id": snap.id} for snap in query.stream()]

    def _apply(self, collection: str, docs: list[dict[str, Any]], apply: Callable[[dict[str, Any]], bool]) -> None:
        applied = self._applied[collection]
        for doc in docs:
            doc_id, updated_at = doc.pop("_id"), doc.pop("updated_at")
            if applied.get(doc_id) != updated_at:
                apply(doc)
                applied[doc_id] = updated_at
            self.watermarks[collection] = max(self.watermarks[collection], updated_at)
        if len(applied) > 10_000:  # forget what the overlap can no longer bring back
            oldest = self.watermarks[collection] - self.overlap
            self._applied[collection] = {d: at for d, at in applied.items() if at >= oldest}

    def _apply_profile(self, doc: dict[str, Any]) -> bool:
        if doc.get("erased"):  # a tombstone: the candidate asked to be forgotten
            return self.index.remove_profile(doc["candidate_id"])
        return self.index.upsert_profile(doc)


def stored_version(tx: firestore.Transaction, ref: firestore.DocumentReference, key: str) -> int:
    snapshot = next(tx.get(ref))
    return int((snapshot.to_dict() or {}).get(key, 0)) if snapshot.exists else 0
