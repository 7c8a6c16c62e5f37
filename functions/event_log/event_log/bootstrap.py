"""Composition root: every event type the topology knows gets the same append step."""

from __future__ import annotations

from functools import lru_cache

from jobfeed import logs
from jobfeed.events import known_event_types
from jobfeed.service import Service, Step, build_service

from .entries import append


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service("event_log", {})
    # The log writes with create(): idempotent by event id, so no processed marker is needed.
    svc.steps.update({event_type: Step(prepare=lambda event: append(svc.db, event))
                      for event_type in known_event_types()})
    return svc
