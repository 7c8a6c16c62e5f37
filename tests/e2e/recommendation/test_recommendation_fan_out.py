"""A job that fits 1,000 candidates reaches every one of them exactly once, through chunks of JobFanOutDue.

Most candidates are seeded by publishing ProfileCreated on the topic (quick: no resume to parse); a few register
through the Portal's front door, so their feed and the mail sink show what a person sees. All of them share a
made-up skill that nothing else in the stack has, so the job fits exactly them. JOBFEED_FAN_OUT_REGISTERED=1000
runs the whole population through the front door (minutes, not for CI)."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from google.cloud import firestore, pubsub_v1
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from jobfeed.collections import outbox_collection
from jobfeed.events import Event, decode
from jobfeed.publisher import OutgoingMessage
from tests.e2e.pipeline import emails_to, feed, new_email, publish_event, register
from tests.e2e.profile.support import document
from tests.e2e.recommendation.support import PROFILES, SENT, job_posted, profile_created
from tests.polling import wait_for

OUTBOX = outbox_collection("job_recommendation")

pytestmark = pytest.mark.stack

CANDIDATES = 1000
REGISTERED = int(os.environ.get("JOBFEED_FAN_OUT_REGISTERED", "12"))


def seeded_profile(candidate_id: str, skill: str) -> Event:
    payload = {"candidate_id": candidate_id, "profile_version": 1, "candidate_revision": 1, "skills": [skill],
               "titles": ["Lighthouse Keeper"], "years_experience": 6.0, "seniority": "senior",
               "locations": ["London"], "remote": "remote", "salary_min": None}
    return Event("ProfileCreated", payload, candidate_id, "e2e_test")


def publish_all(stack: Stack, events: list[Event]) -> None:
    client = pubsub_v1.PublisherClient()
    futures = []
    for event in events:
        message = OutgoingMessage.of(event)
        futures.append(client.publish(client.topic_path(stack.config.project, message.topic), message.data,
                                      **message.attributes))
    for future in futures:
        future.result(timeout=60)


def count(db: firestore.Client, collection: str, field: str, op: str, value: Any) -> int:
    query = db.collection(collection).where(filter=FieldFilter(field, op, value))
    return int(query.count().get()[0][0].value)


def registered_with(stack: Stack, skill: str) -> list[dict[str, str]]:
    """Candidates through the front door whose stored profile is then moved onto the test's skill (a newer
    profile version, as a rebuild would publish)."""
    def one(_: int) -> dict[str, str]:
        email = new_email()
        response = register(stack, cadence="instant", titles="Lighthouse Keeper", email=email)
        assert response.status_code == 202, response.text
        return {"candidate_id": response.json()["candidate_id"], "feed_url": response.json()["feed_url"],
                "email": email}

    with ThreadPoolExecutor(4) as pool:
        people = list(pool.map(one, range(REGISTERED)))
    for person in people:
        stored = wait_for(lambda p=person: document(stack, PROFILES, p["candidate_id"]), timeout=240,
                          what="the registered candidate's profile in Recommendation")
        newer = profile_created(stored, stored["profile_version"] + 1)
        newer.payload.update(skills=[skill], titles=["Lighthouse Keeper"], remote="remote")
        publish_event(stack, newer)
    return people


@pytest.mark.timeout(900)
def test_a_job_fitting_1000_candidates_reaches_each_exactly_once(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    skill = f"Lighthouse Optics {uuid.uuid4().hex[:8]}"
    people = registered_with(stack, skill)
    seeded = [f"fanout-{uuid.uuid4().hex[:12]}" for _ in range(CANDIDATES - len(people))]
    publish_all(stack, [seeded_profile(cid, skill) for cid in seeded])
    everyone = {p["candidate_id"] for p in people} | set(seeded)
    wait_for(lambda: count(db, PROFILES, "skills", "array_contains", skill) == CANDIDATES, timeout=300,
             what=f"{CANDIDATES} profiles with the test skill in Recommendation")

    posted = job_posted(title="Lighthouse Keeper", remote="remote", salary_min=None, salary_max=None, seniority=None)
    posted.payload.update(required_skills=[skill], nice_skills=[])  # Intake keeps taxonomy skills only
    job_id = posted.payload["job_id"]
    publish_event(stack, posted)
    wait_for(lambda: count(db, SENT, "job_id", "==", job_id) >= CANDIDATES, timeout=300,
             what=f"the job recorded as sent to {CANDIDATES} candidates")

    told = Counter(snap.get("candidate_id") for snap in
                   db.collection(SENT).where(filter=FieldFilter("job_id", "==", job_id)).stream())
    assert set(told) == everyone and max(told.values()) == 1
    offers = Counter(cid for cid in offered_by_outbox(db, job_id))
    assert set(offers) == everyone and max(offers.values()) == 1, "an OpenJobsFound per candidate, no more"
    chunks = outbox_types(db, posted.correlation_id)
    assert chunks["JobFanOutDue"] >= CANDIDATES // 200 - 1  # the fan-out ran in several transactions

    url = posted.payload["url"]
    for person in people:  # what a person sees: the job once in their feed, once in their mail
        wait_for(lambda p=person: job_id in [e["job_id"] for e in feed(p["feed_url"])["jobs"]], timeout=120,
                 what="the job in a registered candidate's feed")
        listed = [e["job_id"] for e in feed(person["feed_url"])["jobs"]]
        assert listed.count(job_id) == 1
        wait_for(lambda p=person: any(url in (m["text"] or "") for m in emails_to(stack, p["email"])), timeout=120,
                 what="the job in a registered candidate's email")
        assert sum((m["text"] or "").count(url) > 0 for m in emails_to(stack, person["email"])) == 1


def offered_by_outbox(db: firestore.Client, job_id: str) -> list[str]:
    """The candidate of every OpenJobsFound Recommendation staged that names the job."""
    query = db.collection(OUTBOX).where(
        filter=FieldFilter("attributes.event_type", "==", "OpenJobsFound"))
    found = []
    for snap in query.stream():
        event = decode(snap.get("data"), "OpenJobsFound")
        if any(job["job_id"] == job_id for job in event.payload["jobs"]):
            found.append(event.payload["candidate_id"])
    return found


def outbox_types(db: firestore.Client, correlation_id: str) -> Counter[str]:
    query = db.collection(OUTBOX).where(
        filter=FieldFilter("correlation_id", "==", correlation_id))
    return Counter(snap.get("attributes")["event_type"] for snap in query.stream())
