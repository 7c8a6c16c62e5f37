"""Notification's composition root: the one place its Service is built, from the environment and overrides.
The mailer (and its circuit breaker) lives as long as the warm instance, so the breaker sees every send."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from jobfeed import clients as process_clients
from jobfeed import faults, logs
from jobfeed.clients import Clients
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Wiring, compose
from jobfeed.settings import Settings

from .delivery import Delivery
from .handlers import steps
from .mailer import Mailer
from .settings import NotificationSettings

SERVICE = "notification"


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              config: NotificationSettings | None = None, mailer: Mailer | None = None,
              fault: FaultHook | None = None) -> Service:
    logs.configure()
    shared = Settings.from_env(env)
    config = config or NotificationSettings.from_env(env, shared)
    mail = mailer or Mailer(config.mailer)

    def wire(wiring: Wiring) -> dict:
        delivery = Delivery(wiring.db, mail, wiring.outbox, max_jobs=config.email_max_jobs)
        return steps(wiring.db, delivery, wiring.sweep_outbox, config.digest_chunk, config.instant_window,
                     config.erasure_in_flight_wait_s)

    return compose(SERVICE, clients or process_clients.shared(shared), wire, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def service() -> Service:
    """This process's Service, built on first use (jobfeed.warmup builds it at start-up)."""
    return bootstrap()
