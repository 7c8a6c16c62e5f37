"""Composition root: real clients built on first use and cached for warm instances (no I/O at import)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from jobfeed import logs
from jobfeed.erasure import erased_receipt
from jobfeed.service import Service, Step, build_service
from jobfeed.settings import settings

from . import consent
from .consumers import steps
from .store import PortalStore

SERVICE = "job_portal"


def storage_client() -> storage.Client:
    if settings().storage_emulator_host:
        return storage.Client(project=settings().project_id, credentials=AnonymousCredentials())
    return storage.Client(project=settings().project_id)


@lru_cache(maxsize=1)
def events_service() -> Service:
    logs.configure()
    service = build_service(SERVICE, {})
    service.steps.update(steps(service.db))
    store = portal()
    # An erasure from ops (or a redelivered one from the candidate): purge is safe to repeat; then confirm.
    service.steps["CandidateErasureRequested"] = Step(
        prepare=lambda event: store.purge(event.payload["candidate_id"]),
        apply=lambda event, _tx, _prepared: [erased_receipt(event, SERVICE)])
    # Double opt-in: registrations never confirmed within the schedule's older_than_s are erased everywhere.
    service.steps["UnconfirmedSweepDue"] = Step(
        prepare=lambda event: consent.sweep_unconfirmed(store, timedelta(seconds=event.payload["older_than_s"])))
    return service


@lru_cache(maxsize=1)
def portal() -> PortalStore:
    logs.configure()
    service = build_service(SERVICE, {})
    bucket = storage_client().bucket(settings().resumes_bucket)
    return PortalStore(service.db, service.outbox, bucket, settings().portal_base_url)
