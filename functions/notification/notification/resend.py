"""The backstop for SendGrid outages longer than Pub/Sub's retries: the scheduled sweep (OutboxSweepDue) sends
every email still pending, so an event that was dead-lettered while the circuit was open loses no email.

Emails younger than the sweep's age limit are left to the path that made them, and a fresh claim (an email
being sent right now) is respected by Delivery, so the sweep never sends an email twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log

from .collections import EMAILS
from .delivery import Delivery
from .mailer import MailUnavailable

logger = logging.getLogger(__name__)


def resend_stale(db: firestore.Client, delivery: Delivery, older_than: timedelta, limit: int = 500) -> int:
    """Tries every unsent email older than `older_than` (up to `limit`); stops quietly while SendGrid is down."""
    cutoff = datetime.now(UTC) - older_than
    query = db.collection(EMAILS).where(filter=FieldFilter("status", "in", ["pending", "sending"])).limit(limit)
    stale = [doc.reference for doc in query.stream() if (doc.get("created_at") or cutoff) <= cutoff]
    tried = 0
    for ref in stale:
        try:
            delivery.send(ref)
        except MailUnavailable as unavailable:
            log(logger, logging.WARNING, "resend stopped: SendGrid unavailable", left=len(stale) - tried,
                error=str(unavailable))
            break
        tried += 1
    if stale:
        log(logger, logging.INFO, "stale emails resent", tried=tried, found=len(stale))
    return tried


def sweep_step(db: firestore.Client, delivery: Delivery,
               sweep_outbox: Callable[[Event], Any] | None) -> Callable[[Event], None]:
    """OutboxSweepDue for Notification: first the emails (sending them stages NotificationSent), then the outbox."""
    def sweep(event: Event) -> None:
        resend_stale(db, delivery, timedelta(seconds=event.payload["older_than_s"]))
        if sweep_outbox is not None:
            sweep_outbox(event)

    return sweep
