"""Start-up warm-up: the first event after a cold start should not pay for building the service.

A function's composition root is built lazily on the first request (no I/O at import, so importing a bundle
never needs credentials). Left at that, the first registration after start-up pays every client's construction,
index loads and the first connections of every hop. `warm_up` starts that work in the background as soon as the
process serving requests has started, only in the function this process serves (JOBFEED_FUNCTION, set by
Terraform and the local stack), and opens the connections with one Firestore read and a Pub/Sub channel. It
also parses the event contracts, and the composition roots load what their requests use (the skills taxonomy:
jobfeed.skills.warm): measured on a fresh local stack, the first registration's resume parse waited 0.18 s and
its feed page 0.3 s for the taxonomy.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from .logs import log
from .settings import settings

logger = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 10


def warm_up(factories: Mapping[str, Callable[[], Any]]) -> None:
    """factories: function name -> its (cached) composition root; nothing when this process serves none of
    them (a test importing main.py, a bundle check).

    functions-framework imports main.py in gunicorn's master process, then forks the worker that serves. gRPC
    channels do not survive a fork, so nothing is built in the master: the warm-up starts in the forked worker.
    """
    factory = factories.get(settings().function_name)
    if factory is not None:
        os.register_at_fork(after_in_child=lambda: start(factory))


def start(factory: Callable[[], Any]) -> threading.Thread:
    thread = threading.Thread(target=_run, args=(factory,), name="jobfeed-warm-up", daemon=True)
    thread.start()
    return thread


def _run(factory: Callable[[], Any]) -> None:
    from . import clients

    started = time.perf_counter()
    try:
        _load_contracts()
        factory()
        if (shared := clients.built()) is not None:  # what the factory built its service from
            shared.connect(CONNECT_TIMEOUT_S)
    except Exception as error:  # noqa: BLE001 - the first request builds it instead
        log(logger, logging.WARNING, "warm-up failed; the first request will build the service", error=repr(error))
        return
    log(logger, logging.INFO, "warmed up", duration_ms=round((time.perf_counter() - started) * 1000, 1))


def _load_contracts() -> None:
    """The topology and every event type's schema, parsed once per process and cached: about 80 ms that the
    first publish or delivery paid (the topology is YAML, parsed in Python)."""
    from .events import known_event_types, parsed_schema

    for event_type in known_event_types():
        parsed_schema(event_type)
