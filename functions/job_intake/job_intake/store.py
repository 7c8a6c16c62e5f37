"""Intake's own data: the raw postings with their versions. JobPosted goes out through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.outbox import Outbox

PRODUCER = "job_intake"
CHUNK = 200  # two writes per posting (posting + outbox) stay under Firestore's 500 per transaction


@dataclass
class IntakeStore:
    db: firestore.Client
    outbox: Outbox

    def postings(self) -> firestore.CollectionReference:
        return self.db.collection("job_intake_postings")

    def accept(self, postings: list[dict[str, Any]]) -> list[Event]:
        """Store each posting with a new version when it changed; returns the JobPosted events emitted."""
        emitted: list[Event] = []
        for start in range(0, len(postings), CHUNK):
            events = self._accept_chunk(postings[start:start + CHUNK])
            self.outbox.relay(events)
            emitted.extend(events)
        return emitted

    def _accept_chunk(self, chunk: list[dict[str, Any]]) -> list[Event]:
        latest = {p["job_id"]: p for p in chunk}  # the last row wins when a feed repeats a job

        @firestore.transactional
        def run(tx: firestore.Transaction) -> list[Event]:
            refs = [self.postings().document(job_id) for job_id in latest]
            stored = {s.id: s.to_dict() for s in self.db.get_all(refs, transaction=tx) if s.exists}
            events = []
            for job_id, posting in latest.items():
                previous = stored.get(job_id)
                if previous and _same(previous, posting):
                    continue  # re-sent unchanged: nothing new to tell
                version = (previous or {}).get("version", 0) + 1
                payload = {**posting, "version": version}
                tx.set(self.postings().document(job_id), {**payload, "received_at": datetime.now(UTC)})
                events.append(Event("JobPosted", payload, f"job-{job_id}", PRODUCER))
            return self.outbox.stage(tx, events)

        return run(self.db.transaction())


def _same(previous: dict[str, Any], posting: dict[str, Any]) -> bool:
    return all(previous.get(key) == value for key, value in posting.items() if key != "posted_at")
