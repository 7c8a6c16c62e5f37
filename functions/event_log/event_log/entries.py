"""One log entry per event id. Appending twice (a redelivery) is a no-op, so the log stays append-only; an
entry of an erased candidate is written redacted (erasure_rules)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.retention import expiry
from jobfeed.topology import topology

from .collections import ENTRIES
from .erasure_rules import recorded


def entry(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id, "event_type": event.event_type,
        "topic": topology().topic_for_event(event.event_type), "correlation_id": event.correlation_id,
        "causation_id": event.causation_id, "producer": event.producer, "occurred_at": event.occurred_at,
        "published_at": event.published_at, "received_at": datetime.now(UTC).isoformat(),
        "candidate_id": event.payload.get("candidate_id"), "payload": event.payload, **expiry("event_log"),
    }


def append(db: firestore.Client, event: Event, redacted: bool = False) -> bool:
    try:
        db.collection(ENTRIES).document(event.event_id).create(recorded(entry(event), redacted))
    except AlreadyExists:
        return False
    return True
