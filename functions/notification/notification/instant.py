"""DigestDue for cadence "instant" (the scheduled tick, every minute): every instant recipient whose window
ended with jobs waiting gets them in one email, and the next window opens (window.py has the rules).

Same guarantees as digests: the jobs move from `pending` to `notified` in the transaction that creates the
email (its id carries a per-recipient window counter, so a repeated or concurrent tick makes nothing twice), and
Delivery's claim sends it once; a send the breaker refused is retried by Pub/Sub, by the next tick (`_send_left`)
and by the resend sweep."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log

from .collections import EMAILS
from .digest import DigestRun, DigestSummary
from .digest_rules import close_window
from .recipients import create_emails
from .window import INSTANT, window_due


@dataclass
class WindowRun(DigestRun):
    """Reuses the digest's chunked paging and parallel sending; the "period" is each recipient's own window."""

    window: timedelta = timedelta(minutes=10)

    def __call__(self, event: Event) -> DigestSummary:
        return self.run_windows(datetime.now(UTC))

    def run_windows(self, now: datetime) -> DigestSummary:
        made = chunks = 0
        after: firestore.DocumentSnapshot | None = None
        while chunk := self._next_chunk(INSTANT, after):
            due = [snap.reference for snap in chunk if window_due(snap.to_dict() or {}, now)]
            emails = [ref for ref in self._parallel(lambda r: self._close_window(r, now), due) if ref is not None]
            self._send_all(emails)
            made, chunks, after = made + len(emails), chunks + 1, chunk[-1]
        self._send_left()
        if made:
            log(logging.getLogger(__name__), logging.INFO, "instant windows closed", emails=made, chunks=chunks)
        return DigestSummary(made, chunks)

    def _close_window(self, ref: firestore.DocumentReference, now: datetime) -> firestore.DocumentReference | None:
        @firestore.transactional
        def run(tx: firestore.Transaction) -> firestore.DocumentReference | None:
            decision = close_window(ref.get(transaction=tx).to_dict() or {}, ref.id, now, self.window)
            if decision.update is None:
                return None  # another tick closed it, or the cadence changed
            tx.update(ref, decision.update)
            return next(iter(create_emails(self.db, tx, decision.emails)), None)

        return run(self.db.transaction())

    def _send_left(self) -> None:
        """Gathered emails an earlier tick left pending (the breaker was open, or it crashed after closing)."""
        query = (self.db.collection(EMAILS).where(filter=FieldFilter("gathered", "==", True))
                 .where(filter=FieldFilter("status", "==", "pending")))
        self._send_all([snapshot.reference for snapshot in query.stream()])
