"""Job Intake's composition root for both its functions: the HTTP door for postings (job_intake) and the
consumer that answers the scheduled outbox sweep (job_intake_events). Built on first use, cached."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from jobfeed import clients as process_clients
from jobfeed import faults, logs, skills
from jobfeed.clients import Clients
from jobfeed.faults import FaultHook
from jobfeed.service import Service, compose
from jobfeed.settings import Settings

from .settings import IntakeSettings
from .store import IntakeStore

SERVICE = "job_intake"


def bootstrap_store(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
                    config: IntakeSettings | None = None) -> IntakeStore:
    logs.configure()
    shared = Settings.from_env(env)
    clients = clients or process_clients.shared(shared)
    return IntakeStore(clients.db, clients.outbox(SERVICE), config or IntakeSettings.from_env(env, shared))


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              fault: FaultHook | None = None) -> Service:
    """Intake consumes no business event: compose gives every service the OutboxSweepDue step."""
    logs.configure()
    clients = clients or process_clients.shared(Settings.from_env(env))
    return compose(SERVICE, clients, lambda _wiring: {}, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def intake() -> IntakeStore:
    """This process's store, built on first use (jobfeed.warmup builds it at start-up), with the skills
    taxonomy and its wider posting vocabulary loaded (what finding a posting's skills needs)."""
    skills.warm("posting")
    return bootstrap_store()


@lru_cache(maxsize=1)
def events_service() -> Service:
    return bootstrap()
