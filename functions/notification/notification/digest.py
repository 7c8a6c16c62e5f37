"""A DigestDue run: every candidate on the cadence with pending jobs gets one email for the period.

It pages through candidates in bounded chunks (each chunk is the next N recipients still flagged pending, so a
re-run resumes where a failed one stopped), and the email's document id is candidate + cadence + period, so a
repeated or overlapping DigestDue creates nothing twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log

from .delivery import Delivery
from .periods import resolve
from .recipients import EMAILS, RECIPIENTS, new_email

logger = logging.getLogger(__name__)


@dataclass
class DigestRun:
    db: firestore.Client
    delivery: Delivery
    chunk: int = 200

    def __call__(self, event: Event) -> int:
        cadence = event.payload["cadence"]
        period = resolve(cadence, event.payload["period"], event.published_at or event.occurred_at)
        made, after = 0, None
        while chunk := self._next_chunk(cadence, after):
            made += sum(self._close_period(snapshot.reference, cadence, period) for snapshot in chunk)
            self._send_period(cadence, period)
            after = chunk[-1]
        self._send_period(cadence, period)  # also finishes sends a failed earlier run left pending
        log(logger, logging.INFO, "digest run done", cadence=cadence, period=period, emails=made)
        return made

    def _next_chunk(self, cadence: str, after: firestore.DocumentSnapshot | None) -> list[firestore.DocumentSnapshot]:
        query = (self.db.collection(RECIPIENTS).where(filter=FieldFilter("cadence", "==", cadence))
                 .where(filter=FieldFilter("has_pending", "==", True)).order_by("__name__").limit(self.chunk))
        return list((query.start_after(after) if after else query).stream())

    def _close_period(self, ref: firestore.DocumentReference, cadence: str, period: str) -> int:
        email_ref = self.db.collection(EMAILS).document(f"{ref.id}-digest-{cadence}-{period}")

        @firestore.transactional
        def run(tx: firestore.Transaction) -> int:
            stored = ref.get(transaction=tx).to_dict() or {}
            if email_ref.get(transaction=tx).exists:
                return 0  # this period's email exists: jobs that came after it wait for the next period
            jobs = stored.get("pending") or []
            update = {"pending": [], "has_pending": False}
            sendable = bool(jobs) and stored.get("subscribed") and not stored.get("undeliverable")
            if sendable:
                tx.create(email_ref, new_email(ref.id, "digest", jobs, period=f"{cadence}:{period}"))
                update["notified"] = stored["notified"] + [job["job_id"] for job in jobs]
            tx.update(ref, update)
            return 1 if sendable else 0

        return run(self.db.transaction())

    def _send_period(self, cadence: str, period: str) -> None:
        query = (self.db.collection(EMAILS).where(filter=FieldFilter("period", "==", f"{cadence}:{period}"))
                 .where(filter=FieldFilter("status", "==", "pending")))
        for snapshot in query.stream():
            self.delivery.send(snapshot.reference)
