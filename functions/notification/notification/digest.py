"""A DigestDue run: every candidate on the cadence with pending jobs gets one email for the period.

It pages through candidates in bounded chunks (each chunk is the next N recipients still flagged pending, so a
re-run resumes where a failed one stopped), and the email's document id is candidate + cadence + period, so a
repeated or overlapping DigestDue creates nothing twice. Within a chunk, periods are closed and emails sent by
a few threads: each recipient is its own document (no contention), and the claim in Delivery keeps any two
senders of one email from both sending it."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log

from .collections import EMAILS, RECIPIENTS
from .delivery import Delivery
from .digest_rules import close_period, digest_email_id
from .periods import resolve
from .recipients import create_emails

logger = logging.getLogger(__name__)
BATCH_RECIPIENTS = 240  # two writes each, under Firestore's 500 writes per batch
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class DigestSummary:
    emails: int  # emails this run created (a repeat for the same period creates none)
    chunks: int  # pages of recipients read


@dataclass
class DigestRun:
    db: firestore.Client
    delivery: Delivery
    chunk: int = 200
    workers: int = 8

    def __call__(self, event: Event) -> DigestSummary:
        cadence = event.payload["cadence"]
        return self.run(cadence, resolve(cadence, event.payload["period"], event.published_at or event.occurred_at))

    def run(self, cadence: str, period: str) -> DigestSummary:
        made = chunks = 0
        after: firestore.DocumentSnapshot | None = None
        while chunk := self._next_chunk(cadence, after):
            emails = self._close_chunk(chunk, cadence, period)
            self._send_all(emails)
            made, chunks, after = made + len(emails), chunks + 1, chunk[-1]
            log(logger, logging.INFO, "digest chunk done", cadence=cadence, period=period, chunk=chunks,
                recipients=len(chunk), emails=len(emails))
        self._send_period(cadence, period)  # finishes sends a failed earlier run left pending
        log(logger, logging.INFO, "digest run done", cadence=cadence, period=period, emails=made, chunks=chunks)
        return DigestSummary(made, chunks)

    def _parallel(self, work: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Runs work on every item; the first exception (e.g. MailUnavailable) propagates, so Pub/Sub retries."""
        with ThreadPoolExecutor(self.workers, thread_name_prefix="digest") as pool:
            # Each task gets its own copy of the context, so its log lines keep the event's correlation id.
            futures = [pool.submit(contextvars.copy_context().run, work, item) for item in items]
            return [future.result() for future in futures]

    def _next_chunk(self, cadence: str, after: firestore.DocumentSnapshot | None) -> list[firestore.DocumentSnapshot]:
        query = (self.db.collection(RECIPIENTS).where(filter=FieldFilter("cadence", "==", cadence))
                 .where(filter=FieldFilter("has_pending", "==", True)).order_by("__name__").limit(self.chunk))
        return list((query.start_after(after) if after else query).stream())

    def _close_chunk(self, chunk: list[firestore.DocumentSnapshot], cadence: str,
                     period: str) -> list[firestore.DocumentReference]:
        """Closes the period for a chunk in one batch per BATCH_RECIPIENTS, each write conditional: the recipient
        unchanged since the query read it, the email not yet there. If anything moved, the batch fails as a whole
        and those recipients are closed one transaction each instead."""
        emails: list[firestore.DocumentReference] = []
        for start in range(0, len(chunk), BATCH_RECIPIENTS):
            part = chunk[start:start + BATCH_RECIPIENTS]
            try:
                emails += self._close_in_batch(part, cadence, period)
            except (gexc.FailedPrecondition, gexc.Conflict, gexc.Aborted):
                closed = self._parallel(lambda s: self._close_period(s.reference, cadence, period), part)
                emails += [ref for ref in closed if ref is not None]
        return emails

    def _close_in_batch(self, part: list[firestore.DocumentSnapshot], cadence: str,
                        period: str) -> list[firestore.DocumentReference]:
        batch, emails = self.db.batch(), []
        for snapshot in part:
            # The batch's create fails if this period's email exists, and the recipients are then closed one by one.
            decision = close_period(snapshot.to_dict() or {}, snapshot.id, cadence, period, email_exists=False)
            emails += create_emails(self.db, batch, decision.emails)
            batch.update(snapshot.reference, decision.update or {},
                         option=self.db.write_option(last_update_time=snapshot.update_time))
        batch.commit()
        return emails

    def _close_period(self, ref: firestore.DocumentReference, cadence: str,
                      period: str) -> firestore.DocumentReference | None:
        """Moves the pending jobs into this period's email; returns the email to send, if one was made."""
        email_ref = self._email_ref(ref.id, cadence, period)

        @firestore.transactional
        def run(tx: firestore.Transaction) -> firestore.DocumentReference | None:
            stored = ref.get(transaction=tx).to_dict() or {}
            decision = close_period(stored, ref.id, cadence, period, email_ref.get(transaction=tx).exists)
            if decision.update is None:
                return None
            tx.update(ref, decision.update)
            return next(iter(create_emails(self.db, tx, decision.emails)), None)

        return run(self.db.transaction())

    def _email_ref(self, candidate_id: str, cadence: str, period: str) -> firestore.DocumentReference:
        return self.db.collection(EMAILS).document(digest_email_id(candidate_id, cadence, period))

    def _send_period(self, cadence: str, period: str) -> None:
        query = (self.db.collection(EMAILS).where(filter=FieldFilter("period", "==", f"{cadence}:{period}"))
                 .where(filter=FieldFilter("status", "==", "pending")))
        self._send_all([snapshot.reference for snapshot in query.stream()])

    def _send_all(self, emails: list[firestore.DocumentReference]) -> None:
        staged = self._parallel(self.delivery.send_staged, emails)
        self.delivery.outbox.relay([event for events in staged for event in events])
