"""Erasure progress: which services confirmed a candidate's erasure, and which erasures are overdue.

The event log hears the request and every receipt (CandidateErased), so it keeps one small document per erasure.
On every scheduled sweep it logs each erasure still incomplete after 24 hours as "erasure incomplete": the
Terraform log-based metric and alert count those lines, and `ops alerts` reads the same documents locally.
What each receipt changes and what is overdue is erasure_rules'; here are the reads, writes and log lines.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.events import Event
from jobfeed.logs import log
from jobfeed.topology import topology

from . import erasure_rules
from .collections import ERASURES as PROGRESS
from .erasure_rules import OVERDUE_AFTER as OVERDUE_AFTER  # the monitoring test reads it here

logger = logging.getLogger(__name__)

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
    ref = db.collection(PROGRESS).document(candidate_id)

    @firestore.transactional
    def run(transaction: firestore.Transaction) -> None:
        stored: dict[str, Any] = ref.get(transaction=transaction).to_dict() or {}
        update = erasure_rules.progress(stored, candidate_id, expected_services(), requested_at, service)
        cleared = {name: firestore.DELETE_FIELD for name in update.cleared}
        transaction.set(ref, {**update.fields, **cleared}, merge=True)

    run(db.transaction())


def overdue(db: firestore.Client, now: datetime | None = None) -> list[dict[str, Any]]:
    cutoff = erasure_rules.overdue_cutoff(now or datetime.now(UTC))
    query = db.collection(PROGRESS).where(filter=FieldFilter("pending_since", "<=", cutoff)).limit(100)
    return [snap.to_dict() or {} for snap in query.stream()]


def report_overdue(db: firestore.Client) -> int:
    late = overdue(db)
    for erasure in late:
        missing = erasure_rules.missing(expected_services(), erasure)
        log(logger, logging.ERROR, INCOMPLETE_MESSAGE, candidate_id=erasure["candidate_id"], missing=missing,
            requested_at=erasure["pending_since"])
    return len(late)
