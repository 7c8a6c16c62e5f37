"""Composition root, built on the first request and cached for warm instances."""

from __future__ import annotations

from functools import lru_cache

from jobfeed import logs
from jobfeed.service import Service, build_service

from .store import IntakeStore

SERVICE = "job_intake"


@lru_cache(maxsize=1)
def intake() -> IntakeStore:
    logs.configure()
    service = build_service(SERVICE, {})
    return IntakeStore(service.db, service.outbox)


@lru_cache(maxsize=1)
def events_service() -> Service:
    """Intake consumes no business event: build_service gives every service the OutboxSweepDue step."""
    logs.configure()
    return build_service(SERVICE, {})
