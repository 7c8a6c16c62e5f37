"""Event Log's composition root: every event type the topology knows gets the same append step."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from typing import Any

from google.cloud import firestore

from jobfeed import clients as process_clients
from jobfeed import faults, logs
from jobfeed.clients import Clients
from jobfeed.erasure import erased_receipt
from jobfeed.events import Event, known_event_types
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Step, Wiring, compose
from jobfeed.settings import Settings

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


def _sweep_due(db: firestore.Client, sweep_outbox: Callable[[Event], Any], event: Event) -> None:
    """The scheduled tick: log it, publish what the outbox holds, and report erasures overdue."""
    _append(db, event)
    sweep_outbox(event)
    erasures.report_overdue(db)


def _receipt(event: Event, _tx: firestore.Transaction, _prepared: Any) -> list[Event]:
    return [erased_receipt(event, SERVICE)]


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              fault: FaultHook | None = None) -> Service:
    logs.configure()
    shared = Settings.from_env(env)

    def wire(wiring: Wiring) -> dict[str, Step]:
        db = wiring.db
        # The log writes with create(): idempotent by event id, so appending needs no processed marker.
        steps = {event_type: Step(prepare=partial(_append, db)) for event_type in known_event_types()}
        return {**steps, "CandidateErasureRequested": Step(prepare=partial(_erase, db), apply=_receipt),
                "CandidateErased": Step(prepare=partial(_erased, db)),
                "OutboxSweepDue": Step(prepare=partial(_sweep_due, db, wiring.sweep_outbox))}

    return compose(SERVICE, clients or process_clients.shared(shared), wire, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def service() -> Service:
    """This process's Service, built on first use (jobfeed.warmup builds it at start-up)."""
    return bootstrap()
