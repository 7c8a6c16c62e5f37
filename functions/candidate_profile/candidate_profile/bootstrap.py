"""Composition root, built on the first event and cached for warm instances."""

from __future__ import annotations

from functools import lru_cache

from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from jobfeed import logs
from jobfeed.service import Service, build_service
from jobfeed.settings import settings

from .handlers import ProfileHandlers

SERVICE = "candidate_profile"


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service(SERVICE, {})
    credentials = AnonymousCredentials() if settings().storage_emulator_host else None
    handlers = ProfileHandlers(svc.db, storage.Client(project=settings().project_id, credentials=credentials))
    svc.steps.update(handlers.steps())
    return svc
