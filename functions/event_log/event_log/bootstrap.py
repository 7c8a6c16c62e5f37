"""Composition root: every event type the topology knows gets the same append step."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from google.cloud import firestore

from jobfeed import logs
from jobfeed.erasure import erased_receipt
from jobfeed.events import Event, known_event_types
from jobfeed.service import Service, Step, build_service

from . import erasures
from .entries import append
from .redaction import is_erased, redact_candidate

SERVICE = "event_log"


def _append(db: firestore.Client, event: Event) -> None:
    append(db, event, redacted=is_erased(db, event.payload.get("candidate_id") or event.correlation_id))


def _erase(db: firestore.Client, event: Event) -> None:
    redact_candidate(db, event.payload["candidate_id"])
    append(db, event, redacted=True)
    erasures.requested(db, event)


def _erased(db: firestore.Client, event: Event) -> None:
    _append(db, event)
    erasures.confirmed(db, event)


def _sweep_due(db: firestore.Client, event: Event, sweep: Step) -> None:
    """The scheduled tick: log it, publish what the outbox holds, and report erasures overdue."""
    _append(db, event)
    if sweep.prepare:
        sweep.prepare(event)
    erasures.report_overdue(db)


def _receipt(event: Event, _tx: firestore.Transaction, _prepared: Any) -> list[Event]:
    return [erased_receipt(event, SERVICE)]


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service(SERVICE, {})
    sweep = svc.steps["OutboxSweepDue"]
    # The log writes with create(): idempotent by event id, so appending needs no processed marker.
    svc.steps.update({event_type: Step(prepare=lambda event: _append(svc.db, event))
                      for event_type in known_event_types()})
    svc.steps["CandidateErasureRequested"] = Step(prepare=lambda event: _erase(svc.db, event), apply=_receipt)
    svc.steps["CandidateErased"] = Step(prepare=lambda event: _erased(svc.db, event))
    svc.steps["OutboxSweepDue"] = Step(prepare=lambda event: _sweep_due(svc.db, event, sweep))
    return svc
