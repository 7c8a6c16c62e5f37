"""A job's fan-out to every candidate it fits, one chunk per transaction, continued by JobFanOutDue.

A chunk reads, in its transaction, which of its candidates were told already and which were erased, tells the
rest, and stages the next chunk's JobFanOutDue (cursor = its last candidate id) with them. So a crash anywhere
resumes at the chunk that did not commit, a redelivered chunk finds its pairs sent, and the fan-out stops when
a newer version of the job (or its closing) is stored: that version runs its own fan-out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from google.cloud import firestore

from jobfeed.events import Event

from .model import JobDoc, Match
from .offers import PRODUCER, offer
from .sent import sent_ref
from .store import PROFILES, IndexCache

# Two writes per candidate (the pair record, the outbox entry) must fit one transaction (Firestore allows 500).
CHUNK = int(os.environ.get("JOBFEED_FAN_OUT_CHUNK", "200"))


@dataclass
class FanOut:
    db: firestore.Client
    cache: IndexCache
    threshold: float
    size: int = CHUNK

    def chunk(self, cause: Event, tx: firestore.Transaction, job_id: str, version: int, cursor: str,
              number: int, stored: firestore.DocumentReference | None = None) -> list[Event]:
        """Tell the next candidates after cursor; [] when the index holds another version or none, or when
        `stored` (the job's document, read with the chunk's pairs) holds another version."""
        index = self.cache.index  # caught up by the step's prepare, before the transaction
        with self.cache.lock:
            job = index.job(job_id)
            if job is None or job.version != version:
                return []
            pairs = index.match_job_after(job_id, cursor, self.size, self.threshold)
            versions = {cid: p.version for cid, _ in pairs if (p := index.profile(cid))}
        events = self._tell(cause, tx, job, pairs, versions, stored)
        if events is None:
            return []
        if len(pairs) == self.size:
            payload = {"job_id": job_id, "job_version": version, "cursor": pairs[-1][0], "chunk": number + 1}
            events.append(cause.caused("JobFanOutDue", payload, PRODUCER))
        return events

    def _tell(self, cause: Event, tx: firestore.Transaction, job: JobDoc, pairs: list[tuple[str, Match]],
              versions: dict[str, int], stored: firestore.DocumentReference | None) -> list[Event] | None:
        """Offers to the candidates not told before and not erased, all read in one round trip (with the job's
        stored document when given: None when it holds another version). Tombstones are read in the
        transaction, so an erasure committing meanwhile makes this chunk retry."""
        candidates = [cid for cid, _ in pairs]
        sent = [sent_ref(self.db, cid, job.job_id) for cid in candidates]
        profiles = [self.db.collection(PROFILES).document(cid) for cid in candidates]
        refs = sent + profiles + ([stored] if stored is not None else [])
        snapshots = {s.reference.path: s for s in self.db.get_all(refs, field_paths=["erased", "version"],
                                                                 transaction=tx)} if refs else {}
        if stored is not None:
            found = snapshots[stored.path]
            if int((found.to_dict() or {}).get("version", 0) if found.exists else 0) != job.version:
                return None
        told = {cid for cid, ref in zip(candidates, sent, strict=True) if snapshots[ref.path].exists}
        erased = {cid for cid, ref in zip(candidates, profiles, strict=True)
                  if snapshots[ref.path].exists and (snapshots[ref.path].to_dict() or {}).get("erased")}
        now = datetime.now(UTC)
        return [offer(self.db, tx, cause, cid, versions.get(cid, 0), [(job, match)], now)
                for cid, match in pairs if cid not in told and cid not in erased]
