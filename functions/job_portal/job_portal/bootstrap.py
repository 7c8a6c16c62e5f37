"""Job Portal's composition root for both its functions: the candidate-facing HTTP store (job_portal) and the
event consumer (job_portal_events). They share the process's clients and the Portal's one outbox; each is built
on first use and cached for warm instances (no I/O at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from functools import lru_cache

from google.cloud import storage

from jobfeed import clients as process_clients
from jobfeed import faults, logs, skills
from jobfeed.clients import Clients, storage_credentials
from jobfeed.erasure import erased_receipt
from jobfeed.faults import FaultHook
from jobfeed.service import Service, Step, Wiring, compose
from jobfeed.settings import Settings

from . import consent, limits, recaptcha
from .consumers import steps
from .store import PortalStore

SERVICE = "job_portal"


def bootstrap_store(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
                    bucket: storage.Bucket | None = None, consent_settings: consent.ConsentSettings | None = None,
                    check: recaptcha.Verifier | None = None) -> PortalStore:
    """The HTTP function's store: candidates, resumes in the bucket, the outbox, and what the requests are
    checked with (double opt-in, rate limits, reCAPTCHA), each parsed from env here, once."""
    logs.configure()
    shared = Settings.from_env(env)
    clients = clients or process_clients.shared(shared)
    if bucket is None:
        client = storage.Client(project=shared.project_id, credentials=storage_credentials(shared))
        bucket = client.bucket(shared.resumes_bucket)
    return PortalStore(clients.db, clients.outbox(SERVICE), bucket, shared.portal_base_url,
                       consent=consent_settings or consent.ConsentSettings.from_env(env),
                       limits=limits.from_env(clients.db, env),
                       recaptcha=check or recaptcha.from_env(env, shared.project_id))


def bootstrap(env: Mapping[str, str] = os.environ, *, clients: Clients | None = None,
              store: PortalStore | None = None, fault: FaultHook | None = None) -> Service:
    """The event consumer: status and feed from other services' events, erasure, the unconfirmed sweep."""
    logs.configure()
    clients = clients or process_clients.shared(Settings.from_env(env))
    portal = store or bootstrap_store(env, clients=clients)

    def wire(wiring: Wiring) -> dict[str, Step]:
        return {
            **steps(wiring.db),
            # An erasure from ops (or a redelivered one from the candidate): purge is safe to repeat; then confirm.
            "CandidateErasureRequested": Step(prepare=lambda event: portal.purge(event.payload["candidate_id"]),
                                              apply=lambda event, _tx, _prepared: [erased_receipt(event, SERVICE)]),
            # Double opt-in: registrations never confirmed within the schedule's older_than_s are erased everywhere.
            "UnconfirmedSweepDue": Step(prepare=lambda event: consent.sweep_unconfirmed(
                portal, timedelta(seconds=event.payload["older_than_s"]))),
        }

    return compose(SERVICE, clients, wire, fault or faults.from_env(env))


@lru_cache(maxsize=1)
def portal() -> PortalStore:
    """This process's store, built on first use (jobfeed.warmup builds it at start-up), with the skills
    taxonomy loaded (the feed page's skill categories and the profile corrections use it)."""
    skills.warm()
    return bootstrap_store()


@lru_cache(maxsize=1)
def events_service() -> Service:
    """This process's event consumer, sharing the store (and so the clients) of portal()."""
    return bootstrap(store=portal())
