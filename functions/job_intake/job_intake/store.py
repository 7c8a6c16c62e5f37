"""Intake's own data: the raw postings with their versions. JobPosted goes out through the outbox."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.outbox import Outbox

from .collections import POSTINGS
from .posting_rules import next_version
from .settings import IntakeSettings

PRODUCER = "job_intake"
CHUNK = 240  # two writes per posting (posting + outbox) stay under Firestore's 500 per transaction
# Chunks hold distinct job ids, so their transactions never contend: run a few at once, each relaying its own
# events right after commit. A 10,000-row feed took ~87 s one chunk at a time on the emulators, mostly waiting.
WORKERS = 4


@dataclass
class IntakeStore:
    db: firestore.Client
    outbox: Outbox
    config: IntakeSettings = IntakeSettings()
    workers: int = WORKERS

    def postings(self) -> firestore.CollectionReference:
        return self.db.collection(POSTINGS)

    def accept(self, postings: list[dict[str, Any]]) -> list[Event]:
        """Store each posting with a new version when it changed; returns the JobPosted events emitted."""
        latest = list({p["job_id"]: p for p in postings}.values())  # the last row wins when a feed repeats a job
        chunks = [latest[start:start + CHUNK] for start in range(0, len(latest), CHUNK)]
        if len(chunks) <= 1:
            return [event for chunk in chunks for event in self._accept_and_relay(chunk)]
        with ThreadPoolExecutor(max_workers=min(self.workers, len(chunks)), thread_name_prefix="intake") as pool:
            return [event for events in pool.map(self._accept_and_relay, chunks) for event in events]

    def _accept_and_relay(self, chunk: list[dict[str, Any]]) -> list[Event]:
        events = self._accept_chunk(chunk)
        self.outbox.relay(events)  # what the broker does not take now stays in the outbox for the sweep
        return events

    def _accept_chunk(self, chunk: list[dict[str, Any]]) -> list[Event]:
        @firestore.transactional
        def run(tx: firestore.Transaction) -> list[Event]:
            refs = [self.postings().document(p["job_id"]) for p in chunk]
            stored = {s.id: s.to_dict() for s in self.db.get_all(refs, transaction=tx) if s.exists}
            events = []
            for posting in chunk:
                payload = next_version(stored.get(posting["job_id"]), posting)
                if payload is None:
                    continue  # re-sent unchanged: nothing new to tell
                tx.set(self.postings().document(posting["job_id"]), {**payload, "received_at": datetime.now(UTC)})
                events.append(Event("JobPosted", payload, f"job-{posting['job_id']}", PRODUCER))
            return self.outbox.stage(tx, events)

        return run(self.db.transaction())
