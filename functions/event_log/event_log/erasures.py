"""Erasure progress: which services confirmed a candidate's erasure, and which erasures are overdue.

The event log hears the request and every receipt (CandidateErased), so it keeps one small document per erasure.
On every scheduled sweep it logs each erasure still incomplete after 24 hours as "erasure incomplete": the
Terraform log-based metric and alert count those lines, and `ops alerts` reads the same documents locally.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log
from jobfeed.topology import topology

from .collections import ERASURES as PROGRESS

logger = logging.getLogger(__name__)

OVERDUE_AFTER = timedelta(hours=24)
INCOMPLETE_MESSAGE = "erasure incomplete"


def expected_services() -> set[str]:
    """Every service (function source) consuming the request: each must send its receipt."""
    sources = {str(f["name"]): str(f["source"]) for f in topology().functions}
    topic = topology().topic_for_event("CandidateErasureRequested")
    return {sources[s.consumer] for s in topology().subscriptions() if s.topic == topic}


def requested(db: firestore.Client, event: Event) -> None:
    _record(db, event.payload["candidate_id"], requested_at=datetime.fromisoformat(event.occurred_at))


def confirmed(db: firestore.Client, event: Event) -> None:
    _record(db, event.payload["candidate_id"], service=str(event.payload.get("service") or event.producer))


def _record(db: firestore.Client, candidate_id: str, requested_at: datetime | None = None,
            service: str | None = None) -> None:
    """Receipts may arrive before the request itself: `pending_since` exists only while the request is known
    and some receipt is missing (a single-field range query then finds the overdue ones, no composite index)."""
    ref = db.collection(PROGRESS).document(candidate_id)

    @firestore.transactional
    def run(transaction: firestore.Transaction) -> None:
        data: dict[str, Any] = ref.get(transaction=transaction).to_dict() or {}
        services = set(data.get("confirmed", [])) | ({service} if service else set())
        since = data.get("requested_at") or requested_at
        pending = since is not None and not expected_services() <= services
        transaction.set(ref, {"candidate_id": candidate_id, "confirmed": sorted(services), "requested_at": since,
                              "pending_since": since if pending else firestore.DELETE_FIELD}, merge=True)

    run(db.transaction())


def overdue(db: firestore.Client, now: datetime | None = None) -> list[dict[str, Any]]:
    cutoff = (now or datetime.now(UTC)) - OVERDUE_AFTER
    query = db.collection(PROGRESS).where(filter=FieldFilter("pending_since", "<=", cutoff)).limit(100)
    return [snap.to_dict() or {} for snap in query.stream()]


def report_overdue(db: firestore.Client) -> int:
    late = overdue(db)
    for erasure in late:
        missing = sorted(expected_services() - set(erasure.get("confirmed", [])))
        log(logger, logging.ERROR, INCOMPLETE_MESSAGE, candidate_id=erasure["candidate_id"], missing=missing,
            requested_at=erasure["pending_since"])
    return len(late)
