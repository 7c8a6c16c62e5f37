"""Composition root, built on the first event and cached: the index lives as long as the warm instance."""

from __future__ import annotations

from functools import lru_cache

from jobfeed import logs
from jobfeed.service import Service, build_service

from .handlers import RecommendationHandlers
from .store import IndexCache


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service("job_recommendation", {})
    svc.steps.update(RecommendationHandlers(svc.db, IndexCache(svc.db)).steps())
    return svc
