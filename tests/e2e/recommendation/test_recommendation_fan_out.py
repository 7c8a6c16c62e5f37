"""A job that fits 1,000 candidates reaches every one of them exactly once, through chunks of JobFanOutDue: 1,000
pair records, 1,000 OpenJobsFound, 1,000 feed entries (read from the Portal's own collection) and 1,000 instant
emails (read from the mail sink), none twice.

Every candidate registers through the Portal's front door (so the Portal holds a feed and Notification an
address for each), and is then moved onto a made-up skill that nothing else in the stack has by a newer
ProfileCreated published on the topic (as a profile rebuild would), so the job fits exactly them.
JOBFEED_FAN_OUT_CANDIDATES shrinks the population for a quick look."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from google.cloud import firestore, pubsub_v1
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from job_portal.collections import CANDIDATES as PORTAL_CANDIDATES
from job_portal.collections import FEED
from jobfeed.collections import outbox_collection
from jobfeed.events import Event, decode
from jobfeed.publisher import OutgoingMessage
from tests.e2e.pipeline import feed, new_email, publish_event, register
from tests.e2e.recommendation.support import PROFILES, SENT, job_posted, profile_created
from tests.polling import wait_for

OUTBOX = outbox_collection("job_recommendation")

pytestmark = pytest.mark.stack

CANDIDATES = int(os.environ.get("JOBFEED_FAN_OUT_CANDIDATES", "1000"))
CHUNK = 200  # JOBFEED_FAN_OUT_CHUNK's default, which the test stack runs with


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

    with ThreadPoolExecutor(8) as pool:
        people = list(pool.map(one, range(CANDIDATES)))
    db = firestore.Client(project=stack.config.project)
    refs = [db.collection(PROFILES).document(p["candidate_id"]) for p in people]
    stored = wait_for(lambda: (found := [s.to_dict() for s in db.get_all(refs) if s.exists]) and
                      len(found) == len(refs) and found, timeout=600,
                      what=f"{CANDIDATES} registered candidates' profiles in Recommendation")
    newer = [profile_created(doc, doc["profile_version"] + 1) for doc in stored]
    for event in newer:
        event.payload.update(skills=[skill], titles=["Lighthouse Keeper"], remote="remote")
    publish_all(stack, newer)
    return people


def feed_entries(db: firestore.Client, job_id: str) -> Counter[str]:
    """How many feed entries of the job each candidate has, from the Portal's collection (feeds live under it)."""
    query = db.collection_group(FEED).where(filter=FieldFilter("job_id", "==", job_id))
    return Counter(snap.reference.parent.parent.id for snap in query.stream()
                   if snap.reference.parent.parent.parent.id == PORTAL_CANDIDATES)


def emailed(stack: Stack, url: str) -> Counter[str]:
    """How many emails naming the job's link each address got, from every message the sink holds."""
    messages = requests.get(f"{stack.config.url('sendgrid')}/messages", timeout=60).json()
    return Counter(address for m in messages if url in (m["text"] or "") for address in m["to"])


@pytest.mark.timeout(1200)
def test_a_job_fitting_1000_candidates_reaches_each_exactly_once(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    skill = f"Lighthouse Optics {uuid.uuid4().hex[:8]}"
    people = registered_with(stack, skill)
    everyone = {p["candidate_id"] for p in people}
    wait_for(lambda: count(db, PROFILES, "skills", "array_contains", skill) == CANDIDATES, timeout=300,
             what=f"{CANDIDATES} profiles with the test skill in Recommendation")

    posted = job_posted(title="Lighthouse Keeper", remote="remote", salary_min=None, salary_max=None, seniority=None)
    posted.payload.update(required_skills=[skill], nice_skills=[])  # Intake keeps taxonomy skills only
    job_id, url = posted.payload["job_id"], posted.payload["url"]
    publish_event(stack, posted)
    wait_for(lambda: count(db, SENT, "job_id", "==", job_id) >= CANDIDATES, timeout=300,
             what=f"the job recorded as sent to {CANDIDATES} candidates")

    told = Counter(snap.get("candidate_id") for snap in
                   db.collection(SENT).where(filter=FieldFilter("job_id", "==", job_id)).stream())
    assert set(told) == everyone and max(told.values()) == 1
    offers = Counter(cid for cid in offered_by_outbox(db, job_id))
    assert set(offers) == everyone and max(offers.values()) == 1, "an OpenJobsFound per candidate, no more"
    chunks = outbox_types(db, posted.correlation_id)
    assert chunks["JobFanOutDue"] >= CANDIDATES // CHUNK - 1  # the fan-out ran in several transactions

    # What the people see: the job once in each feed, once in each inbox (waited for in bulk, then counted).
    feeds = wait_for(lambda: len(found := feed_entries(db, job_id)) >= CANDIDATES and found, timeout=300,
                     what=f"the job in {CANDIDATES} feeds")
    assert set(feeds) == everyone and sum(feeds.values()) == CANDIDATES
    addresses = {p["email"] for p in people}
    inboxes = wait_for(lambda: len(addresses & set(found := emailed(stack, url))) >= CANDIDATES and found,
                       timeout=300, what=f"the job in {CANDIDATES} emails")
    assert set(inboxes) == addresses and sum(inboxes.values()) == CANDIDATES, "one email per candidate, no more"
    some = people[0]  # and one feed as the candidate's own page serves it
    assert [e["job_id"] for e in feed(some["feed_url"])["jobs"]].count(job_id) == 1


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
