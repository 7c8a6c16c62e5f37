"""Job Recommendation's composition root: the one place its Service is built, from the environment and
overrides. The index cache lives as long as the warm instance."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from google.cloud import storage

from jobfeed import clients as process_clients
from jobfeed import faults, logs
from jobfeed.clients import Clients, storage_credentials
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Step, Wiring, compose
from jobfeed.settings import Settings

from .handlers import RecommendationHandlers
from .settings import RecommendationSettings
from .snapshots import Snapshots
from .store import IndexCache

SERVICE = "job_recommendation"


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              config: RecommendationSettings | None = None, snapshots: Snapshots | None = None,
              cache: IndexCache | None = None, fault: FaultHook | None = None) -> Service:
    """cache: the instance's index (default: one that a cold start fills from the newest snapshot when there is
    a bucket, else from Firestore)."""
    logs.configure()
    shared = Settings.from_env(env)
    config = config or RecommendationSettings.from_env(env)
    snapshots = snapshots or _snapshots(shared, config)

    def wire(wiring: Wiring) -> dict[str, Step]:
        index = cache or IndexCache(wiring.db, loader=snapshots.load_newest if snapshots else None,
                                    reuse=config.index_reuse_s, clock_margin=config.index_clock_margin,
                                    overlap=config.index_overlap)
        return RecommendationHandlers(wiring.db, index, config, snapshots=snapshots).steps()

    return compose(SERVICE, clients or process_clients.shared(shared), wire, fault or faults.from_env(env))


def _snapshots(shared: Settings, config: RecommendationSettings) -> Snapshots | None:
    if not config.snapshots_bucket:
        return None
    client = storage.Client(project=shared.project_id, credentials=storage_credentials(shared))
    return Snapshots(client.bucket(config.snapshots_bucket))


@lru_cache(maxsize=1)
def service() -> Service:
    """This process's Service, built on first use (jobfeed.warmup builds it at start-up)."""
    return bootstrap()
