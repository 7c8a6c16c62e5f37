"""Candidate Profile's composition root: the one place its Service is built, from the environment and
overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from google.cloud import storage

from jobfeed import clients as process_clients
from jobfeed import faults, logs, skills
from jobfeed.clients import Clients, storage_credentials
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Step, Wiring, compose
from jobfeed.settings import Settings

from .handlers import ProfileHandlers

SERVICE = "candidate_profile"


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              resumes: storage.Client | None = None, fault: FaultHook | None = None) -> Service:
    """resumes: the Cloud Storage client the resumes are read with (the bucket is named by each event)."""
    logs.configure()
    shared = Settings.from_env(env)

    def wire(wiring: Wiring) -> dict[str, Step]:
        reader = resumes or storage.Client(project=shared.project_id, credentials=storage_credentials(shared))
        return ProfileHandlers(wiring.db, reader).steps()

    return compose(SERVICE, clients or process_clients.shared(shared), wire, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def service() -> Service:
    """This process's Service, built on first use (jobfeed.warmup builds it at start-up), with the skills
    taxonomy loaded (the resume parse uses it)."""
    skills.warm()
    return bootstrap()
