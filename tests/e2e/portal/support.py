"""What the Portal's end-to-end tests look at besides HTTP: its Firestore collections, the resumes bucket,
the Pub/Sub topics and the function logs. Read-only, except for publishing test events."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore, storage
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from job_portal.collections import CANDIDATES, EMAILS, FEED
from jobfeed.collections import outbox_collection, processed_collection
from jobfeed.events import Event
from tests.e2e.pipeline import emails_to, feed, log_entries, publish_event
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

OUTBOX = outbox_collection("job_portal")

JSON = {"Accept": "application/json"}


def portal(stack: Stack) -> str:
    return stack.config.url("job_portal")


def form(email: str, **fields: str) -> dict[str, str]:
    return {"name": "Grace Hopper", "email": email, "locations": "London", "titles": "Backend Engineer",
            "remote": "remote", "cadence": "instant", "consent": "yes", "years_experience": "8", **fields}


def post_registration(stack: Stack, fields: dict[str, str], pdf: bytes | None, filename: str = "resume.pdf",
                      accept_json: bool = True) -> requests.Response:
    files = {"resume": (filename, pdf, "application/pdf")} if pdf is not None else None
    return requests.post(f"{portal(stack)}/candidates", data=fields, files=files, timeout=30,
                         headers=JSON if accept_json else {})


def register_ok(stack: Stack, email: str, **fields: str) -> dict[str, Any]:
    response = post_registration(stack, form(email, **fields), resume_pdf())
    assert response.status_code == 202, response.text
    return dict(response.json())


def token_of(feed_url: str) -> str:
    return feed_url.split("token=", 1)[1]


def email_key(email: str) -> str:
    # Same rule as job_portal.candidates.email_key; repeated so the test checks the stored shape, not the code.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class Footprint:
    """Everything a registration attempt for one address could leave behind."""

    candidates: int
    email_index: bool
    registered_events: int
    resumes: int


def footprint(stack: Stack, email: str) -> Footprint:
    db = firestore.Client(project=stack.config.project)
    candidates = db.collection(CANDIDATES).where(filter=FieldFilter("email", "==", email))
    events = db.collection(OUTBOX).where(
        filter=FieldFilter("attributes.event_type", "==", "CandidateRegistered"))
    # The event carries the form data (event-carried state), so the address is in the outbox bytes.
    registered = sum(1 for doc in events.stream() if email.encode() in doc.get("data"))
    return Footprint(
        candidates=sum(1 for _ in candidates.stream()),
        email_index=db.collection(EMAILS).document(email_key(email)).get().exists,
        registered_events=registered,
        resumes=resume_count(stack),
    )


def resume_count(stack: Stack) -> int:
    client = storage.Client(project=stack.config.project, credentials=AnonymousCredentials())
    return sum(1 for _ in client.list_blobs(stack.config.resumes_bucket, prefix="resumes/"))


def resumes_of(stack: Stack, candidate_id: str) -> list[str]:
    client = storage.Client(project=stack.config.project, credentials=AnonymousCredentials())
    return [b.name for b in client.list_blobs(stack.config.resumes_bucket, prefix=f"resumes/{candidate_id}/")]


def candidate_doc(stack: Stack, candidate_id: str) -> dict[str, Any] | None:
    snapshot = firestore.Client(project=stack.config.project).collection(CANDIDATES) \
        .document(candidate_id).get()
    return snapshot.to_dict() if snapshot.exists else None


def outbox_events(stack: Stack, candidate_id: str) -> list[str]:
    """Event types the Portal staged for the candidate, in no particular order."""
    docs = firestore.Client(project=stack.config.project).collection(OUTBOX) \
        .where(filter=FieldFilter("correlation_id", "==", candidate_id)).stream()
    return [doc.get("attributes")["event_type"] for doc in docs]


def wait_until_profiled(feed_url: str) -> dict[str, Any]:
    return wait_for(lambda: (body := feed(feed_url))["status"] in ("profiled", "matched") and body,
                    timeout=60, what="the candidate's profile")


def matched_job(job_id: str, **overrides: Any) -> dict[str, Any]:
    return {"job_id": job_id, "title": "Platform Engineer", "company": "Test Works", "location": "London",
            "remote": "remote", "url": f"https://jobs.example.com/{job_id}", "score": 0.8,
            "reasons": ["Python matches"], **overrides}


def open_jobs_found(candidate_id: str, profile_version: int, jobs: list[dict[str, Any]]) -> Event:
    return Event("OpenJobsFound", {"candidate_id": candidate_id, "profile_version": profile_version, "jobs": jobs},
                 candidate_id, "e2e_test")


def publish(stack: Stack, event: Event) -> None:
    """Straight onto the topic, as Recommendation's outbox relay would, attributes included."""
    publish_event(stack, event, "open-jobs-found")


def processed(stack: Stack, event_id: str) -> bool:
    """The Portal's consumer committed its marker for the event (it was applied or ignored as stale)."""
    return firestore.Client(project=stack.config.project).collection(processed_collection("job_portal")) \
        .document(f"job_portal_events:{event_id}").get().exists


def logged_outcome(stack: Stack, event_id: str, outcome: str) -> int:
    """How many times the Portal's consumer logged `event <outcome>` for the event id."""
    return len(log_entries(stack, "job_portal_events", event_id=event_id, message=f"event {outcome}"))


def mails(stack: Stack, address: str, category: str) -> list[dict[str, Any]]:
    return [m for m in emails_to(stack, address) if category in m["categories"]]


def unique() -> str:
    return uuid.uuid4().hex[:10]


def feed_entries(stack: Stack, candidate_id: str) -> int:
    feed_docs = firestore.Client(project=stack.config.project).collection(CANDIDATES) \
        .document(candidate_id).collection(FEED)
    return sum(1 for _ in feed_docs.stream())
