"""Candidate events -> a versioned profile. The slow part (download and parse) runs outside the transaction;
the transaction only decides, with the stored profile in hand, whether this result is still the newest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.api_core.exceptions import NotFound, PreconditionFailed
from google.cloud import firestore, storage

from jobfeed.erasure import TOMBSTONE_VERSION, erased_receipt
from jobfeed.events import Event
from jobfeed.service import Step

from . import overrides
from .collections import PROFILES
from .errors import ResumeRejected
from .parsing import ParsedResume, parse_resume
from .profile import build_profile

PRODUCER = "candidate_profile"
REBUILDING_CHANGES = {"resume", "preferences", "profile_corrected"}


@dataclass
class ProfileHandlers:
    db: firestore.Client
    storage: storage.Client

    def steps(self) -> dict[str, Step]:
        step = Step(prepare=self.prepare, apply=self.apply)
        return {"CandidateRegistered": step, "CandidateUpdated": step,
                "CandidateErasureRequested": Step(apply=self.erase)}

    def profiles(self) -> firestore.CollectionReference:
        return self.db.collection(PROFILES)

    def erase(self, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
        """Replace the profile (skills, titles, the parsed resume with contact details) by a tombstone."""
        ref = self.profiles().document(event.payload["candidate_id"])
        tx.set(ref, {"erased": True, "candidate_revision": TOMBSTONE_VERSION, "updated_at": datetime.now(UTC)})
        return [erased_receipt(event, PRODUCER)]

    def prepare(self, event: Event) -> ParsedResume | ResumeRejected | None:
        if event.event_type == "CandidateUpdated" and event.payload["change"] not in REBUILDING_CHANGES:
            return None  # contact or subscription changes do not touch the profile
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
            return []
        candidate_id, revision = event.payload["candidate_id"], event.payload["revision"]
        ref = self.profiles().document(candidate_id)
        snapshot = ref.get(transaction=tx)
        stored = snapshot.to_dict() if snapshot.exists else {}
        if stored.get("candidate_revision", 0) >= revision:
            return []  # built already from this or a newer revision of the candidate
        now = datetime.now(UTC)
        fixes = overrides.current(stored.get("overrides"), event.payload.get("overrides"))
        if isinstance(parsed, ResumeRejected):
            tx.set(ref, {**stored, "candidate_revision": revision, "failure": parsed.reason_code, "overrides": fixes,
                         "updated_at": now})
            return [event.caused("ProfileCreationFailed", {
                "candidate_id": candidate_id, "candidate_revision": revision,
                "reason_code": parsed.reason_code, "reason": parsed.message}, PRODUCER)]
        version = stored.get("profile_version", 0) + 1
        profile = build_profile(parsed, event.payload["preferences"], candidate_id, version, revision, fixes)
        tx.set(ref, {**profile, "resume": parsed.to_record(), "overrides": fixes, "failure": None, "updated_at": now})
        return [event.caused("ProfileCreated", profile, PRODUCER)]
