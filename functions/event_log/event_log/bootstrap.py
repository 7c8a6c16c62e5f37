"""Event Log's composition root: the one place its Service is built (its steps: handlers.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from jobfeed import clients as process_clients
from jobfeed import faults, logs
from jobfeed.clients import Clients
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Step, Wiring, compose
from jobfeed.settings import Settings

from .handlers import SERVICE, steps


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              fault: FaultHook | None = None) -> Service:
    logs.configure()
    shared = Settings.from_env(env)

    def wire(wiring: Wiring) -> dict[str, Step]:
        return steps(wiring.db, wiring.sweep_outbox)

    return compose(SERVICE, clients or process_clients.shared(shared), wire, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def service() -> Service:
    """This process's Service, built on first use (jobfeed.warmup builds it at start-up)."""
    return bootstrap()
