"""Candidate events -> a versioned profile. The slow part (download and parse) runs outside the transaction;
the transaction loads the stored profile, asks decisions.py whether this result is still the newest and what
to write, and stores that."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.api_core.exceptions import NotFound, PreconditionFailed
from google.cloud import firestore, storage

from jobfeed.events import Event
from jobfeed.service import Step

from . import decisions
from .collections import PROFILES
from .decisions import PRODUCER, Decision
from .errors import ResumeRejected
from .parsing import ParsedResume, parse_resume


@dataclass
class ProfileHandlers:
    db: firestore.Client
    storage: storage.Client

    def steps(self) -> dict[str, Step]:
        step = Step(prepare=self.prepare, apply=self.apply, prepare_reads_only=True)  # download and parse
        return {"CandidateRegistered": step, "CandidateUpdated": step,
                "CandidateErasureRequested": Step(apply=self.erase)}

    def profiles(self) -> firestore.CollectionReference:
        return self.db.collection(PROFILES)

    def erase(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        return self.store(event, tx, decisions.erasure(event.payload["candidate_id"], datetime.now(UTC)))

    def prepare(self, event: Event) -> ParsedResume | ResumeRejected | None:
        if not decisions.rebuilds(event.event_type, event.payload):
            return None
        resume = event.payload["resume"]
        blob = self.storage.bucket(resume["bucket"]).blob(resume["object_name"])
        try:
            data = blob.download_as_bytes(if_generation_match=int(resume["generation"]))
        except (NotFound, PreconditionFailed):
            # Gone, or replaced by another generation (GCS answers 412 to if_generation_match): retrying cannot
            # bring this upload back, so tell the candidate; a newer upload carries a newer revision anyway.
            # Anything else (5xx, 429, timeouts) propagates and Pub/Sub retries it with backoff.
            return ResumeRejected("missing", "We could not find your resume any more. Please upload it again.")
        try:
            return parse_resume(data)
        except ResumeRejected as rejected:
            return rejected

    def apply(self, event: Event, tx: firestore.Transaction, parsed: Any) -> Iterable[Event]:
        if parsed is None:
            return []  # a change that does not touch the profile: nothing to read or write
        snapshot = next(tx.get(self.profiles().document(event.payload["candidate_id"])))
        stored = snapshot.to_dict() if snapshot.exists else None
        return self.store(event, tx, decisions.after_resume(stored, event.payload, parsed, datetime.now(UTC)))

    def store(self, event: Event, tx: firestore.Transaction, decision: Decision) -> list[Event]:
        for write in decision.writes:
            tx.set(self.db.collection(write.collection).document(write.doc_id), write.data)
        return [event.caused(out.event_type, out.payload, PRODUCER) for out in decision.events]
