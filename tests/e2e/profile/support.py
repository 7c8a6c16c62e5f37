"""Publishing events straight onto the stack's topics (as a producer's outbox relay would, redeliveries
included) and reading what the consumers did: their Firestore documents, outboxes and logs."""

from __future__ import annotations

import uuid
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore, storage
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from jobfeed.collections import outbox_collection
from jobfeed.events import Event, decode
from tests.e2e.pipeline import log_entries, publish_event


def publish(stack: Stack, event: Event) -> None:
    publish_event(stack, event)


def db(stack: Stack) -> firestore.Client:
    return firestore.Client(project=stack.config.project)


def document(stack: Stack, collection: str, doc_id: str) -> dict[str, Any] | None:
    snapshot = db(stack).collection(collection).document(doc_id).get()
    return snapshot.to_dict() if snapshot.exists else None


def outbox_events(stack: Stack, service: str, correlation_id: str, event_type: str) -> list[Event]:
    """The events a service staged in its outbox for one flow, decoded."""
    return staged_events(db(stack), service, correlation_id, event_type)


def staged_events(client: firestore.Client, service: str, correlation_id: str, event_type: str) -> list[Event]:
    """outbox_events in the client's project (tests that run a service's instances under a project of their own)."""
    docs = client.collection(outbox_collection(service)) \
        .where(filter=FieldFilter("correlation_id", "==", correlation_id)).stream()
    return [decode(doc.get("data"), event_type) for doc in docs
            if doc.get("attributes")["event_type"] == event_type]


def outcomes(stack: Stack, consumer: str, event_id: str) -> list[str]:
    """What the consumer logged for the event id, in order: processed, duplicate, dead-lettered."""
    return [str(entry["message"]).removeprefix("event ") for entry in log_entries(stack, consumer, event_id=event_id)
            if str(entry.get("message", "")).startswith("event ")]


def upload_resume(stack: Stack, candidate_id: str, pdf: bytes) -> dict[str, str]:
    """Into the stack's resumes bucket, as the Portal stores one; returns the event's ResumeRef."""
    client = storage.Client(project=stack.config.project, credentials=AnonymousCredentials())
    blob = client.bucket(stack.config.resumes_bucket).blob(f"resumes/{candidate_id}/{uuid.uuid4().hex}.pdf")
    blob.upload_from_string(pdf, content_type="application/pdf", if_generation_match=0)
    return {"bucket": blob.bucket.name, "object_name": blob.name, "generation": str(blob.generation)}


def candidate_registered(candidate_id: str, resume: dict[str, str], revision: int = 1) -> Event:
    payload = {
        "candidate_id": candidate_id, "revision": revision,
        "contact": {"name": "Ada Lovelace", "email": f"{candidate_id}@example.com",
                    "feed_url": f"http://localhost/candidates/{candidate_id}?token=x", "subscribed": False},
        "preferences": {"titles": ["Backend Engineer"], "locations": ["London"], "remote": "remote",
                        "salary_min": None, "cadence": "weekly", "skills": [], "years_experience": None},
        "resume": resume,
    }
    return Event("CandidateRegistered", payload, candidate_id, "e2e_test")


def new_id() -> str:
    return uuid.uuid4().hex
