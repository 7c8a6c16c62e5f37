"""Sends one pending email: claim it, render, send through SendGrid, then mark it sent and stage NotificationSent
in one batch, published while that batch commits (what it reports, SendGrid's acceptance, is already true; a
digest relays a whole chunk's after its commits). The claim keeps two concurrent deliveries of the same event from
sending twice; a claim older than CLAIM_TTL is taken over, so a crash mid-send delays an email, never loses it.

An email an event's own transaction creates is claimed in that transaction already (recipients.store: the same
rule on the same recipient document, claims.py), and the step's after sends it from what the transaction
handed over (`deliver`), without reading it back; only a redelivery looks for pending emails (`send_pending`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed import tracing
from jobfeed.events import Event
from jobfeed.logs import log
from jobfeed.outbox import Outbox
from jobfeed.retention import expiry

from .claims import cancelled, claimed, sendable
from .collections import EMAILS, RECIPIENTS
from .confirmation import CONFIRMATION
from .mail_body import OutgoingMail
from .mailer import Mailer, MailRejected
from .periods import bounds
from .render import MAX_JOBS, Email, render_confirmation, render_digest, render_feed_link, render_instant

logger = logging.getLogger(__name__)
CLAIM_TTL = timedelta(minutes=2)
# A claim older than this (by the sender's own clock) is checked against an erasure again before SendGrid.
RECHECK_AFTER_S = 1.0
PRODUCER = "notification"


@dataclass(frozen=True)
class Claimed:
    """An email this caller claimed, with the recipient it goes to, as the claiming transaction read them."""

    ref: firestore.DocumentReference
    email: dict[str, Any]
    recipient: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # made before the claim's commit: never younger than it


def unsubscribe_url(feed_url: str) -> str:
    parts = urlsplit(feed_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/unsubscribe"))


def render(email: dict[str, Any], recipient: dict[str, Any], max_jobs: int = MAX_JOBS) -> Email:
    name, feed = recipient["name"], recipient["feed_url"]
    if email["kind"] == "instant":
        return render_instant(name, feed, unsubscribe_url(feed), email["jobs"], max_jobs)
    if email["kind"] == "digest":
        cadence, period = email["period"].split(":", 1)
        start, end = bounds(period)
        return render_digest(name, feed, unsubscribe_url(feed), email["jobs"], cadence, start, end, max_jobs)
    if email["kind"] == CONFIRMATION:
        return render_confirmation(name, email["confirm_url"], feed, unsubscribe_url(feed))
    return render_feed_link(name, feed, unsubscribe_url(feed))


@dataclass
class Delivery:
    db: firestore.Client
    mailer: Mailer
    outbox: Outbox
    max_jobs: int = MAX_JOBS  # listed in full per email

    def send_pending(self, candidate_id: str) -> None:
        """Every unsent email of the candidate: pending, or claimed by an attempt that died (the claim takes over
        only a claim older than CLAIM_TTL; a fresh one's sender may still be talking to SendGrid)."""
        query = (self.db.collection(EMAILS).where(filter=FieldFilter("candidate_id", "==", candidate_id))
                 .where(filter=FieldFilter("status", "in", ["pending", "sending"])))
        for snapshot in query.stream():
            self.send(snapshot.reference, candidate_id)

    def send(self, ref: firestore.DocumentReference, candidate_id: str | None = None) -> None:
        claimed = self._claim(ref, candidate_id)
        if claimed is not None:
            self.send_claimed(claimed)

    def send_staged(self, ref: firestore.DocumentReference, candidate_id: str | None = None) -> list[Event]:
        """Sends the email; returns its NotificationSent, committed to the outbox but left for the caller to
        relay (a digest relays a whole chunk's at once, in one batch). Knowing whose email it is (candidate_id)
        lets the claim read the email and its recipient in one round trip."""
        claimed = self._claim(ref, candidate_id)
        return [] if claimed is None else self.deliver(claimed)

    def send_claimed(self, claimed: Claimed) -> None:
        """Sends it and publishes its NotificationSent beside the sent mark's commit (_sent)."""
        self.deliver(claimed, relay=True)

    def release(self, claimed: list[Claimed]) -> None:
        """Gives back emails this caller claimed and will not send now."""
        if claimed:
            batch = self.db.batch()
            for email in claimed:
                batch.update(email.ref, {"status": "pending", "claimed_at": None})
            batch.commit()

    def deliver(self, claimed: Claimed, relay: bool = False) -> list[Event]:
        """Sends an email the caller claimed; returns its NotificationSent, staged as send_staged's is (relay:
        published already, nothing returned)."""
        ref, email, recipient = claimed.ref, claimed.email, claimed.recipient
        if time.monotonic() - claimed.at > RECHECK_AFTER_S and self._erased(email["candidate_id"]):
            ref.update({**cancelled(), "claimed_at": None})  # expires like every cancelled email
            return []
        mail = OutgoingMail(to_email=recipient["email"], to_name=recipient["name"], candidate_id=email["candidate_id"],
                            unsubscribe_url=unsubscribe_url(recipient["feed_url"]),
                            email=render(email, recipient, self.max_jobs),
                            category=email["kind"])
        try:
            with tracing.span("sendgrid"):  # the provider's time, apart in traces and in the bench
                message_id = self.mailer.send(mail)
        except MailRejected as rejected:
            self._rejected(ref, email, rejected)
            return []
        except BaseException:
            self.release([claimed])  # give it back for the retry
            raise
        return self._sent(ref, email, message_id or "", relay)

    def _claim(self, ref: firestore.DocumentReference, candidate_id: str | None = None) -> Claimed | None:
        recipients = self.db.collection(RECIPIENTS)

        @firestore.transactional
        def run(tx: firestore.Transaction) -> Claimed | None:
            read = {snap.reference.path: snap.to_dict() or {} for snap in self.db.get_all(
                [ref, *([recipients.document(candidate_id)] if candidate_id else [])], transaction=tx)}
            email = read.get(ref.path, {})
            now = datetime.now(UTC)
            fresh_claim = email.get("claimed_at") and now - email["claimed_at"] < CLAIM_TTL
            if email.get("status") not in ("pending", "sending") or (email["status"] == "sending" and fresh_claim):
                return None
            recipient_ref = recipients.document(email["candidate_id"])
            recipient = read[recipient_ref.path] if recipient_ref.path in read else \
                recipient_ref.get(transaction=tx).to_dict() or {}
            if not sendable(email["kind"], recipient):
                # erased or unsubscribed after it was queued, or not confirmed (double opt-in): never send
                tx.update(ref, cancelled())
                return None
            tx.update(ref, claimed(now))
            return Claimed(ref, email, recipient)

        return run(self.db.transaction())

    def _erased(self, candidate_id: str) -> bool:
        """Checked again before the SendGrid call when the claim is not fresh: its sender stalled (a throttled
        CPU, a long pause) after claiming, perhaps past CLAIM_TTL, beyond which the erasure no longer waits for
        it. A claim made just now read the recipient in its own commit, and an erasure committed since waits for
        it (erasure.py) and has SendGrid erase what it delivers: a read here would only narrow a window of a
        few milliseconds, for a round trip on every email (docs/design-notes.md, "Erasure and email")."""
        stored = self.db.collection(RECIPIENTS).document(candidate_id).get().to_dict() or {}
        return bool(stored.get("erased"))

    def _sent(self, ref: firestore.DocumentReference, email: dict[str, Any], message_id: str, relay: bool
              ) -> list[Event]:
        period = email["period"].split(":", 1)[1] if email.get("period") else None
        event = Event("NotificationSent", {
            "candidate_id": email["candidate_id"], "kind": email["kind"], "period": period,
            "job_ids": [job["job_id"] for job in email["jobs"]], "message_id": message_id,
        }, email["candidate_id"], PRODUCER)

        # Nothing to read, so one batch (one round trip) instead of a transaction (begin, commit): the same
        # all-or-nothing for the status and the outbox entry.
        writes = self.db.batch()
        now = datetime.now(UTC)
        writes.update(ref, {"status": "sent", "message_id": message_id, "sent_at": now, **expiry("email", now)})
        staged = self.outbox.stage(writes, [event])
        if relay:
            # What it reports, SendGrid's acceptance, is true before this commit: published beside it.
            self.outbox.commit_and_relay(writes, staged)
            return []
        writes.commit()
        return staged

    def _rejected(self, ref: firestore.DocumentReference, email: dict[str, Any], rejected: MailRejected) -> None:
        log(logger, logging.WARNING, "email rejected", status=rejected.status, bad_recipient=rejected.bad_recipient)
        batch = self.db.batch()
        batch.update(ref, {"status": "rejected", "error": str(rejected)[:500], **expiry("email")})
        if rejected.bad_recipient:
            batch.update(self.db.collection(RECIPIENTS).document(email["candidate_id"]), {"undeliverable": True})
        batch.commit()
