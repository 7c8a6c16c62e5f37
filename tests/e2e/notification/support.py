"""What Notification's end-to-end tests need besides the front door: quiet candidates, OpenJobsFound and
DigestDue published straight to their topics, the recipient documents, the function's log and the sink."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

import requests
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.events import Event
from notification.collections import EMAILS, RECIPIENTS
from tests.e2e.pipeline import log_entries, new_email, publish_event, register
from tests.polling import wait_for

OUTCOMES = ("event processed", "event duplicate")


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    email: str
    feed_url: str

    @property
    def unsubscribe_url(self) -> str:
        path, query = self.feed_url.split("?", 1)
        return f"{path}/unsubscribe?{query}"


def quiet_candidate(stack: Stack, db: firestore.Client, cadence: str) -> Candidate:
    """Registered with preferences no posted job can meet (on-site only, in a place of their own, a pay floor
    above any job's), so Recommendation never finds jobs for them: every OpenJobsFound they get is the test's.
    Returns once Notification holds their contact details."""
    email = new_email()
    place = f"Nowhere {uuid.uuid4().hex[:8]}"
    response = register(stack, cadence=cadence, email=email, remote="onsite", locations=place, salary_min="9000000")
    assert response.status_code == 202, response.text
    body = response.json()
    candidate = Candidate(body["candidate_id"], email, body["feed_url"])
    wait_for(lambda: recipient(db, candidate.candidate_id), timeout=60, what="Notification to know the candidate")
    return candidate


def recipient(db: firestore.Client, candidate_id: str) -> dict[str, Any] | None:
    return db.collection(RECIPIENTS).document(candidate_id).get().to_dict()


def email_docs(db: firestore.Client, candidate_id: str) -> list[dict[str, Any]]:
    query = db.collection(EMAILS).where(filter=firestore.FieldFilter("candidate_id", "==", candidate_id))
    return [doc.to_dict() for doc in query.stream()]


def matched_job(**overrides: Any) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    return {"job_id": f"notif-{tag}", "title": f"Platform Engineer {tag}", "company": f"Mailworks {tag}",
            "location": "Leeds", "remote": "hybrid", "url": f"https://jobs.example.com/apply/{tag}",
            "score": 0.8, "reasons": [f"Skills you have: Python ({tag})"], **overrides}


def open_jobs_found(candidate_id: str, jobs: list[dict[str, Any]]) -> Event:
    return Event("OpenJobsFound", {"candidate_id": candidate_id, "profile_version": 1, "jobs": jobs},
                 candidate_id, "test")


def digest_due(cadence: str, period: str) -> Event:
    return Event("DigestDue", {"cadence": cadence, "period": period}, f"test-digest-{cadence}", "test")


def publish(stack: Stack, topic: str, event: Event) -> str:
    """Publish as another service would; the same Event twice is a redelivery."""
    return publish_event(stack, event, topic)


def unique_period() -> str:
    """A week no other test closes: a digest run is global for its cadence, so periods must not collide."""
    return f"{random.randrange(2100, 9000)}-W{random.randrange(1, 53):02d}"


def log_lines(stack: Stack, **fields: Any) -> list[dict[str, Any]]:
    """Notification's JSON log lines whose fields equal `fields` (message="..." included)."""
    return log_entries(stack, "notification", **fields)


def wait_handled(stack: Stack, event: Event, times: int = 1, timeout: float = 60) -> None:
    """Until Notification acknowledged the event `times` times (its after-commit sends included)."""
    def handled() -> bool:
        return len([e for e in log_lines(stack, event_id=event.event_id) if e["message"] in OUTCOMES]) >= times
    wait_for(handled, timeout=timeout, what=f"Notification to handle {event.event_type} x{times}")


def wait_digest_done(stack: Stack, period: str, runs: int = 1, timeout: float = 90) -> None:
    wait_for(lambda: len(log_lines(stack, message="digest run done", period=period)) >= runs, timeout=timeout,
             what=f"{runs} digest run(s) for {period}")


def sink_stats(stack: Stack, email: str) -> dict[str, Any]:
    return dict(requests.get(f"{stack.config.url('sendgrid')}/_control/stats", params={"email": email},
                             timeout=10).json())


def control(stack: Stack, action: str, **spec: Any) -> None:
    response = requests.post(f"{stack.config.url('sendgrid')}/_control/{action}", json=spec, timeout=10)
    assert response.status_code == 200, response.text
