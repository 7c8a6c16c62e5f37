"""Composition root, built on the first request and cached for warm instances."""

from __future__ import annotations

from functools import lru_cache

from jobfeed import logs
from jobfeed.service import build_service

from .store import IntakeStore


@lru_cache(maxsize=1)
def intake() -> IntakeStore:
    logs.configure()
    service = build_service("job_intake", {})
    return IntakeStore(service.db, service.outbox)
