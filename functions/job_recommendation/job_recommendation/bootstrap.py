"""Composition root, built on the first event and cached: the index lives as long as the warm instance."""

from __future__ import annotations

from functools import lru_cache

from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from jobfeed import logs
from jobfeed.service import Service, build_service
from jobfeed.settings import settings

from .handlers import RecommendationHandlers
from .snapshots import Snapshots
from .store import IndexCache


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service("job_recommendation", {})
    snapshots = _snapshots()
    cache = IndexCache(svc.db, loader=snapshots.load_newest if snapshots else None)
    svc.steps.update(RecommendationHandlers(svc.db, cache, snapshots=snapshots).steps())
    return svc


def _snapshots() -> Snapshots | None:
    if not settings().snapshots_bucket:
        return None
    credentials = AnonymousCredentials() if settings().storage_emulator_host else None
    client = storage.Client(project=settings().project_id, credentials=credentials)
    return Snapshots(client.bucket(settings().snapshots_bucket))
