"""Recommendation's own data in Firestore, and the in-memory index built from it.

The index is built from Firestore on a cold start and then caught up before every event from what changed
since (updated_at above a watermark), so an instance also sees what other instances wrote."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .index import MatchIndex

JOBS, PROFILES, SENT = "job_recommendation_jobs", "job_recommendation_profiles", "job_recommendation_sent"
# Writers' clocks and commit order differ slightly: re-read a little before the watermark (upserts are idempotent).
OVERLAP = timedelta(seconds=5)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class IndexCache:
    db: firestore.Client
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    index: MatchIndex = field(init=False)
    watermarks: dict[str, datetime] = field(default_factory=lambda: {JOBS: EPOCH, PROFILES: EPOCH})
    # functions-framework serves concurrent requests on threads of one process; the index is not thread-safe,
    # so every read-modify of it happens under this lock (seen without it: a corrupted postings list).
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.index = MatchIndex(self.now)

    def refresh(self) -> MatchIndex:
        """Catch the index up with what any instance wrote; callers hold `lock` while they use the result."""
        with self.lock:
            self._catch_up(JOBS, self.index.upsert_job)
            self._catch_up(PROFILES, self._apply_profile)
            return self.index

    def _apply_profile(self, doc: dict[str, Any]) -> bool:
        if doc.get("erased"):  # a tombstone: the candidate asked to be forgotten
            return self.index.remove_profile(doc["candidate_id"])
        return self.index.upsert_profile(doc)

    def _catch_up(self, collection: str, apply: Callable[[dict[str, Any]], bool]) -> None:
        since = self.watermarks[collection] - OVERLAP
        query = self.db.collection(collection).where(filter=FieldFilter("updated_at", ">", since))
        for snapshot in query.stream():
            doc = snapshot.to_dict() or {}
            updated_at = doc.pop("updated_at")
            apply(doc)
            self.watermarks[collection] = max(self.watermarks[collection], updated_at)


def stored_version(tx: firestore.Transaction, ref: firestore.DocumentReference, key: str) -> int:
    snapshot = ref.get(transaction=tx)
    return int((snapshot.to_dict() or {}).get(key, 0)) if snapshot.exists else 0


def sent_job_ids(db: firestore.Client, tx: firestore.Transaction, candidate_ids: list[str]) -> dict[str, set[str]]:
    refs = [db.collection(SENT).document(cid) for cid in candidate_ids]
    return {s.id: set((s.to_dict() or {}).get("job_ids", [])) if s.exists else set()
            for s in db.get_all(refs, transaction=tx)}
