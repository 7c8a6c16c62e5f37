"""Which event does what in the Event Log: every event type the topology knows is appended (redacted when its
candidate is erased); the erasure request redacts what is logged; the receipts and the sweep tick are logged and
counted. The rules are erasure_rules'; here are the reads and writes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from google.cloud import firestore

from jobfeed.erasure import erased_receipt
from jobfeed.events import Event, known_event_types
from jobfeed.service import Step

from . import erasures
from .entries import append
from .erasure_rules import candidate_of
from .redaction import is_erased, redact_candidate

SERVICE = "event_log"


def steps(db: firestore.Client, sweep_outbox: Callable[[Event], Any]) -> dict[str, Step]:
    # The log writes with create(): idempotent by event id, so appending needs no processed marker.
    appends = {event_type: Step(prepare=partial(_append, db)) for event_type in known_event_types()}
    return {**appends, "CandidateErasureRequested": Step(prepare=partial(_erase, db), apply=_receipt),
            "CandidateErased": Step(prepare=partial(_erased, db)),
            "OutboxSweepDue": Step(prepare=partial(_sweep_due, db, sweep_outbox))}


def _append(db: firestore.Client, event: Event) -> None:
    append(db, event, redacted=is_erased(db, candidate_of(event.payload, event.correlation_id)))


def _erase(db: firestore.Client, event: Event) -> None:
    redact_candidate(db, event.payload["candidate_id"])
    append(db, event, redacted=True)
    erasures.requested(db, event)


def _erased(db: firestore.Client, event: Event) -> None:
    _append(db, event)
    erasures.confirmed(db, event)


def _sweep_due(db: firestore.Client, sweep_outbox: Callable[[Event], Any], event: Event) -> None:
    """The scheduled tick: log it, publish what the outbox holds, and report erasures overdue."""
    _append(db, event)
    sweep_outbox(event)
    erasures.report_overdue(db)


def _receipt(event: Event, _tx: firestore.Transaction, _prepared: Any) -> list[Event]:
    return [erased_receipt(event, SERVICE)]
