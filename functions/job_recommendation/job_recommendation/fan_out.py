"""A job's fan-out to every candidate it fits, one chunk per transaction, continued by JobFanOutDue.

A chunk reads, in its transaction, which of its candidates were told already and which have their profile copy
stored (not erased), tells the stored ones not told, and stages the next chunk's JobFanOutDue (cursor = its last
candidate id) with them. So a crash anywhere resumes at the chunk that did not commit, a redelivered chunk finds
its pairs sent, and the fan-out stops when a newer version of the job (or its closing) is stored: that version
runs its own fan-out. This module loads a chunk; what it does is decisions.decide_chunk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from google.cloud import firestore

from .decisions import NOTHING, Chunk, Decision, chunk_runs, decide_chunk
from .sent import sent_ref
from .store import PROFILES, IndexCache


@dataclass
class FanOut:
    db: firestore.Client
    cache: IndexCache
    threshold: float
    size: int  # candidates per chunk (RecommendationSettings.fan_out_chunk)
    retention: timedelta

    def chunk(self, tx: firestore.Transaction, job_id: str, version: int, cursor: str, number: int,
              stored: firestore.DocumentReference | None = None) -> Decision:
        """Tell the next candidates after cursor; nothing when the index holds another version or none, or when
        `stored` (the job's document, read with the chunk's pairs) holds another version."""
        index = self.cache.index  # caught up by the step's prepare, before the transaction
        with self.cache.lock:
            job = index.job(job_id)
            if not chunk_runs(job, version):
                return NOTHING
            pairs = index.match_job_after(job_id, cursor, self.size, self.threshold)
            versions = {cid: p.version for cid, _ in pairs if (p := index.profile(cid))}
        chunk = Chunk(job, number, self.size, pairs, versions)
        told, kept, stored_version = self._read(tx, job_id, [cid for cid, _ in pairs], stored)
        return decide_chunk(chunk, told, kept, stored_version, datetime.now(UTC), self.retention)

    def _read(self, tx: firestore.Transaction, job_id: str, candidates: list[str],
              stored: firestore.DocumentReference | None) -> tuple[set[str], set[str], int | None]:
        """Which candidates were told, which have their profile copy kept (stored and not erased), and the
        job's stored version when `stored` is given (0: none stored), all in one round trip. The copies are read
        in the transaction, so an erasure or a first profile committing meanwhile makes this chunk retry."""
        sent = [sent_ref(self.db, cid, job_id) for cid in candidates]
        profiles = [self.db.collection(PROFILES).document(cid) for cid in candidates]
        refs = sent + profiles + ([stored] if stored is not None else [])
        snapshots = {s.reference.path: s for s in self.db.get_all(refs, field_paths=["erased", "version"],
                                                                 transaction=tx)} if refs else {}
        stored_version = None
        if stored is not None:
            found = snapshots[stored.path]
            stored_version = int((found.to_dict() or {}).get("version", 0) if found.exists else 0)
        told = {cid for cid, ref in zip(candidates, sent, strict=True) if snapshots[ref.path].exists}
        kept = {cid for cid, ref in zip(candidates, profiles, strict=True)
                if snapshots[ref.path].exists and not (snapshots[ref.path].to_dict() or {}).get("erased")}
        return told, kept, stored_version
