"""Retention of bookkeeping documents: each carries `expire_at`, and Firestore's TTL policies on that field
(terraform/retention.tf) delete it some time after that moment. Locally the emulator has no TTL; `ops purge` does
the same deletes. State a service serves from (profiles, feeds, recipients, unsent outbox entries) never expires.

How long each kind stays, and why that is long enough:
- a sent outbox entry: nothing reads it after the relay or sweep marked it sent (7 days, for debugging);
- a processed-event marker: it must outlive every redelivery of the event: Pub/Sub retries for at most the
  subscription's retention (7 days), and a dead letter can be replayed for 7 days more (topology
  `dead_letter_retention_days`), so 30 days leaves room;
- an email document once sent, cancelled or rejected: kept 90 days, to answer "did this candidate get it?";
- an event log entry: JOBFEED_EVENT_LOG_RETENTION_DAYS (default 365; 0 keeps the log forever). Traces and
  `ops rebuild-feed` see only what the log still holds;
- a rate-limit counter (jobfeed.rate_limit): its window's end plus a minute; nothing reads it after that.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from .collections import outbox_collection, processed_collection
from .topology import topology

EXPIRE_AT = "expire_at"
FIXED = {"outbox": timedelta(days=7), "processed": timedelta(days=30), "email": timedelta(days=90)}
EVENT_LOG_RETENTION_ENV = "JOBFEED_EVENT_LOG_RETENTION_DAYS"
EVENT_LOG_DEFAULT_DAYS = 365
KINDS = (*FIXED, "event_log", "rate_limit")


def retention(kind: str) -> timedelta | None:
    """How long a document of this kind is kept; None keeps it forever."""
    if kind == "rate_limit":
        raise ValueError("a rate-limit counter expires with its window (jobfeed.rate_limit), not after a fixed time")
    if kind == "event_log":
        days = int(os.environ.get(EVENT_LOG_RETENTION_ENV, EVENT_LOG_DEFAULT_DAYS))
        return timedelta(days=days) if days > 0 else None
    return FIXED[kind]


def expiry(kind: str, now: datetime | None = None) -> dict[str, datetime]:
    """The field to merge into a bookkeeping document when it is written: `{"expire_at": ...}` (or nothing)."""
    keep = retention(kind)
    return {EXPIRE_AT: (now or datetime.now(UTC)) + keep} if keep is not None else {}


def ttl_collections(services: list[str]) -> dict[str, str]:
    """Every collection (group) whose documents carry `expire_at`, with the kind: the services' outboxes and
    processed markers, and the topology's `expiring_collections`. Terraform's TTL policies and `ops purge` both
    cover exactly these (tests/terraform checks Terraform's list against this one)."""
    found = {outbox_collection(service): "outbox" for service in services}
    found |= {processed_collection(service): "processed" for service in services}
    return found | {str(name): str(kind) for name, kind in topology().raw["expiring_collections"].items()}
