"""What the fault scenarios share: registering many candidates through the Portal, posting jobs, and reading
the outcome where a person would see it (feed, mail sink) and where ops would look (Firestore, event log, logs)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from candidate_profile.collections import PROFILES  # noqa: F401 (the scenarios import the names from here)
from emulator.stack import Stack
from event_log.collections import ENTRIES as EVENT_LOG
from job_portal.collections import CANDIDATES as PORTAL
from job_portal.collections import FEED
from job_recommendation.collections import JOBS as REC_JOBS
from job_recommendation.collections import PROFILES as REC_PROFILES  # noqa: F401
from jobfeed.events import Event
from jobfeed.topology import topology
from notification.collections import RECIPIENTS  # noqa: F401
from tests.e2e.pipeline import feed, new_email, post_jobs, publish_event, python_job, register
from tests.e2e.pipeline import log_entries as function_log
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

PDF = resume_pdf()  # one resume for every registration: rendering a PDF per candidate only costs CPU


@dataclass(frozen=True)
class Registered:
    candidate_id: str
    email: str
    feed_url: str


def register_many(stack: Stack, count: int, workers: int = 8, **fields: str) -> list[Registered]:
    def one(_: int) -> Registered:
        email = new_email()
        response = register(stack, pdf=PDF, email=email, **fields)
        assert response.status_code == 202, response.text
        body = response.json()
        return Registered(body["candidate_id"], email, body["feed_url"])

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def post_indexed_jobs(stack: Stack, db: firestore.Client, count: int) -> dict[str, str]:
    """Posts `count` jobs every default registration matches; returns job id -> url once Recommendation has them."""
    jobs = [python_job() for _ in range(count)]
    ids = post_jobs(stack, jobs)["job_ids"]  # Intake's own ids, in the order posted
    wait_for(lambda: all(s.exists for s in docs(db, REC_JOBS, ids)), timeout=180, what="the jobs in Recommendation")
    return {job_id: job["url"] for job_id, job in zip(ids, jobs, strict=True)}


def docs(db: firestore.Client, collection: str, ids: Iterable[str]) -> list[firestore.DocumentSnapshot]:
    refs = [db.collection(collection).document(i) for i in ids]
    return [snap for start in range(0, len(refs), 200) for snap in db.get_all(refs[start:start + 200])]


def doc(db: firestore.Client, collection: str, key: str) -> dict[str, Any] | None:
    return db.collection(collection).document(key).get().to_dict()


def feed_job_ids(db: firestore.Client, candidate_id: str) -> list[str]:
    return [snap.id for snap in db.collection(PORTAL).document(candidate_id).collection(FEED).stream()]


def feed_jobs_shown(person: Registered) -> list[str]:
    """What the candidate's private feed page shows (first page: the fault suite posts fewer than 20 jobs)."""
    return [entry["job_id"] for entry in feed(person.feed_url)["jobs"]]


def sink_messages(stack: Stack) -> list[dict[str, Any]]:
    return list(requests.get(f"{stack.config.url('sendgrid')}/messages", timeout=60).json())


def emailed_jobs(messages: list[dict[str, Any]], address: str, jobs: dict[str, str]) -> Counter[str]:
    """How many times each job (id -> apply url) was emailed to the address, across all its emails."""
    texts = [m["text"] or "" for m in messages if address in m["to"]]
    return Counter({job_id: n for job_id, url in jobs.items() if (n := sum(t.count(f"Apply: {url}\n") for t in texts))})


def log_entries(db: firestore.Client, candidate_ids: set[str], types: Iterable[str]) -> list[dict[str, Any]]:
    query = db.collection(EVENT_LOG).where(filter=FieldFilter("event_type", "in", list(types)))
    return [e for e in (s.to_dict() or {} for s in query.stream()) if e.get("candidate_id") in candidate_ids]


def consumer_outcomes(stack: Stack, function: str) -> Counter[tuple[str, str, str]]:
    """(consumer, event_id, outcome) -> times, from the function's JSON log ("event processed", "event duplicate")."""
    return Counter((entry.get("consumer", ""), entry.get("event_id", ""), entry["message"])
                   for entry in function_log(stack, function) if str(entry.get("message", "")).startswith("event "))


def publish(stack: Stack, event: Event) -> str:
    """Publish to the event's topic with the plain client, as the producing service would."""
    return publish_event(stack, event)


def feed_and_emails(db: firestore.Client, messages: list[dict[str, Any]], person: Registered) -> tuple[set[str],
                                                                                                      Counter[str]]:
    """The job ids in the candidate's feed, and how many times each of those jobs was emailed to them."""
    feed = db.collection(PORTAL).document(person.candidate_id).collection(FEED).stream()
    urls = {snap.id: snap.get("url") for snap in feed}
    return set(urls), emailed_jobs(messages, person.email, urls)


def consumers_of(event_type: str) -> list[str]:
    topic = topology().topic_for_event(event_type)
    return [s.consumer for s in topology().subscriptions() if s.topic == topic]


def wait_consumed(stack: Stack, event: Event, consumers: Iterable[str], timeout: float = 120) -> None:
    """Until each consumer (a function of the same name) has acknowledged the event (processed or duplicate)."""
    def consumed() -> bool:
        return all(any(k[:2] == (c, event.event_id) for k in consumer_outcomes(stack, c)) for c in consumers)

    wait_for(consumed, timeout=timeout, what=f"{event.event_type} {event.event_id} consumed by {list(consumers)}")
