"""The Portal's own data: candidates, the email index, resumes in the bucket, and the feed read model.
Every change that others must hear about goes through the outbox in the same transaction. What to write is
candidate_rules' decision; here are the reads, the files and the transactions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore, storage
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.collections import outbox_collection
from jobfeed.events import Event
from jobfeed.outbox import Outbox

from . import candidate_rules, consent, firestore_writes
from .candidates import email_key, feed_url, new_candidate_id, registered_event
from .collections import CANDIDATES, EMAILS, FEED, PROFILES
from .forms import Registration
from .limits import OFF, PortalLimits
from .recaptcha import Verifier
from .tokens import hash_token, new_token

FEED_PAGE_SIZE = 20
# A person waits on these transactions while consumers write the same candidate (status, feed): retry more
# than the client's default 5 before answering 500 (the emulator aborts contended transactions often).
TX_ATTEMPTS = 20


def resume_ref(blob: storage.Blob) -> dict[str, str]:
    """The ResumeRef record of the events: where Profile fetches exactly this upload."""
    return {"bucket": blob.bucket.name, "object_name": blob.name, "generation": str(blob.generation)}


class DuplicateEmail(Exception):
    """The address is registered already; the private link was re-sent to it by email."""


@dataclass
class PortalStore:
    db: firestore.Client
    outbox: Outbox
    bucket: storage.Bucket
    base_url: str
    # What the HTTP function checks (bootstrap.bootstrap_store parses them from the environment); a store built
    # without them (ops, unit tests) has the product's double opt-in and no rate limits or reCAPTCHA.
    consent: consent.ConsentSettings = consent.ConsentSettings()
    limits: PortalLimits = OFF
    recaptcha: Verifier | None = None

    @property
    def candidates(self) -> firestore.CollectionReference:
        return self.db.collection(CANDIDATES)

    def emails(self) -> firestore.CollectionReference:
        return self.db.collection(EMAILS)

    def feed(self, candidate_id: str) -> firestore.CollectionReference:
        return self.candidates.document(candidate_id).collection(FEED)

    def register(self, reg: Registration, resume: bytes, filename: str,
                 form_version: str | None = None) -> tuple[str, str]:
        """Store the resume, the candidate (with its consent record) and CandidateRegistered all-or-nothing;
        returns (id, feed url). With double opt-in the event carries the confirmation link to email. A taken
        address is found by the commit itself (the email index is created, never overwritten): no read first,
        so a registration is one commit, and a duplicate costs an upload that is deleted again."""
        candidate_id, token = new_candidate_id(), new_token()
        blob = self._upload(candidate_id, resume, filename)
        doc = candidate_rules.new_candidate(candidate_id, reg, token, resume_ref(blob), datetime.now(UTC))
        confirm_url = consent.start(doc, self.base_url, self.consent, form_version, doc["created_at"])
        url = feed_url(self.base_url, candidate_id, token)
        try:
            events = self._create(doc, registered_event(doc, url, confirm_url))
        except BaseException as failure:
            blob.delete()  # compensate: no orphan resume when the candidate was not written
            if isinstance(failure, DuplicateEmail):
                self.resend_link(reg.email)
            raise
        self.outbox.relay(events)
        return candidate_id, url

    def _upload(self, candidate_id: str, resume: bytes, filename: str) -> storage.Blob:
        # The object name carries no personal data; the original file name is kept as metadata only.
        blob = self.bucket.blob(f"resumes/{candidate_id}/{uuid.uuid4().hex}.pdf")
        blob.metadata = {"original_filename": filename[:200]}
        blob.upload_from_string(resume, content_type="application/pdf", if_generation_match=0)
        return blob

    def _create(self, doc: dict[str, Any], event: Event) -> list[Event]:
        """The email index, the candidate and the outbox entry in one atomic batch of creates: a taken address
        fails the email's create, and with it the whole batch."""
        decision = candidate_rules.register(doc, event)
        batch = self.db.batch()
        firestore_writes.store(self.db, batch, decision.writes)
        events = self.outbox.stage(batch, decision.events)
        try:
            batch.commit()
        except gexc.AlreadyExists:
            # A retried commit whose first attempt landed also ends here: then the index names this candidate.
            taken = self.emails().document(email_key(doc["email"])).get()
            if not taken.exists or taken.get("candidate_id") != doc["candidate_id"]:
                raise DuplicateEmail(doc["email"]) from None
        return events

    def resend_link(self, email: str) -> None:
        """The old link cannot be rebuilt (only its hash is kept): rotate it and have Notification email it, or
        the confirmation link while the address is unconfirmed; at most once per address per hour (consent.py)."""
        candidate_id = consent.claim_duplicate_email(self, email)
        if candidate_id is None:
            return
        if consent.request_confirmation(self, candidate_id, None, from_page=False) == "confirmed":
            self.rotate_token(candidate_id, change="link_requested")

    def authorised(self, candidate_id: str, token: str | None) -> dict[str, Any] | None:
        """The candidate's record if the token matches; None for a wrong token and an unknown id alike."""
        snapshot = self.candidates.document(candidate_id).get() if candidate_rules.well_formed(candidate_id) else None
        doc = (snapshot.to_dict() or {}) if snapshot is not None and snapshot.exists else None
        return candidate_rules.authorised(doc, token)

    def profile(self, candidate_id: str) -> dict[str, Any] | None:
        """The Portal's copy of the candidate's newest profile (profile_view), None before the first one."""
        snapshot = self.db.collection(PROFILES).document(candidate_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def feed_page(self, candidate_id: str, page: int) -> tuple[list[dict[str, Any]], bool]:
        query = (self.feed(candidate_id).order_by("added_at", direction=firestore.Query.DESCENDING)
                 .order_by("rank").offset((page - 1) * FEED_PAGE_SIZE).limit(FEED_PAGE_SIZE + 1))
        entries = [snap.to_dict() or {} for snap in query.stream()]
        return entries[:FEED_PAGE_SIZE], len(entries) > FEED_PAGE_SIZE

    def update(self, candidate_id: str, token: str, change: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Apply a change from the feed page and emit CandidateUpdated with the new revision."""
        ref = self.candidates.document(candidate_id)

        @firestore.transactional
        def run(tx: firestore.Transaction) -> tuple[dict[str, Any], list[Event]]:
            url = feed_url(self.base_url, candidate_id, token)
            decision = candidate_rules.updated(ref.get(transaction=tx).to_dict(), candidate_id, fields,
                                               datetime.now(UTC), url, change)
            firestore_writes.store(self.db, tx, decision.writes)
            return decision.outcome, self.outbox.stage(tx, decision.events)

        doc, events = run(self.db.transaction(max_attempts=TX_ATTEMPTS))
        self.outbox.relay(events)
        return doc

    def rotate_token(self, candidate_id: str, change: str = "link_rotated") -> str:
        token = new_token()
        self.update(candidate_id, token, change, {"token_hash": hash_token(token)})
        return feed_url(self.base_url, candidate_id, token)

    def replace_resume(self, candidate_id: str, token: str, resume: bytes, filename: str) -> dict[str, Any]:
        blob = self._upload(candidate_id, resume, filename)
        try:
            return self.update(candidate_id, token, "resume", candidate_rules.resume_replaced(resume_ref(blob)))
        except BaseException:
            blob.delete()
            raise

    def erase(self, candidate_id: str) -> None:
        """The candidate's "delete my data": the Portal's part now, and CandidateErasureRequested for the rest."""
        self.purge(candidate_id, request=True)

    def purge(self, candidate_id: str, request: bool = False, requested_by: str = "candidate") -> None:
        """Delete the Portal's part (every resume version, feed, sent outbox copies, candidate, email index); with
        request, emit CandidateErasureRequested in the transaction that deletes the candidate. Files and the feed
        go first, so a failure leaves a candidate who can press delete again, never an orphan resume; the feed is
        swept again after commit for entries an OpenJobsFound added meanwhile. Safe to run again."""
        for blob in self.bucket.list_blobs(prefix=f"resumes/{candidate_id}/", versions=True):
            blob.delete()  # a listed version carries its generation: this deletes that version
        self._delete_all(self.feed(candidate_id))
        ref = self.candidates.document(candidate_id)

        @firestore.transactional
        def run(tx: firestore.Transaction) -> list[Event]:
            snapshot = ref.get(transaction=tx)
            decision = candidate_rules.purge(snapshot.to_dict() if snapshot.exists else None, candidate_id,
                                             request, requested_by)
            firestore_writes.store(self.db, tx, decision.writes)
            return self.outbox.stage(tx, decision.events)

        events = run(self.db.transaction(max_attempts=TX_ATTEMPTS))
        self.outbox.relay(events)
        self._delete_all(self.feed(candidate_id))
        # Sent outbox entries still carry the candidate's name and email (event-carried state).
        outbox = self.db.collection(outbox_collection("job_portal"))
        sent = outbox.where(filter=FieldFilter("correlation_id", "==", candidate_id))
        self._delete_all(sent, keep=frozenset(e.event_id for e in events))

    def _delete_all(self, query: firestore.Query | firestore.CollectionReference,
                    keep: frozenset[str] = frozenset()) -> None:
        """Delete what the query finds, except unsent outbox entries (the sweep still owes them to the broker)."""
        doomed = [snap.reference for snap in query.stream()
                  if candidate_rules.erasable(snap.id, snap.to_dict() or {}, keep)]
        for start in range(0, len(doomed), 500):  # Firestore takes at most 500 writes per batch
            batch = self.db.batch()
            for ref in doomed[start:start + 500]:
                batch.delete(ref)
            batch.commit()
