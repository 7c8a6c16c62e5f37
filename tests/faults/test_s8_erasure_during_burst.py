"""Scenario 8: "delete my data" while a burst of matches for the same candidates is in flight (issue #19).

Twenty instant candidates; jobs they match are posted, and OpenJobsFound events for them are published twice
each in shuffled order, while the mail sink answers slowly (each request held in the sink before it is
handled). Each candidate presses "delete my data" at a random moment inside the burst. Once every service has
confirmed the erasure and every event has been handled: the sink holds no message to or naming the candidate,
and its request log shows no send for them that arrived after Notification accepted the erasure (the tombstone's
`erasure_accepted_at`, from which no email to them can reach SendGrid). How many sends arrived after the Portal's
202 and after Notification's tombstone (`erasure_requested_at`, from which no new send starts) is printed: those
in-flight sends are allowed, and are erased at SendGrid."""

from __future__ import annotations

import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.events import Event
from ops.erasure import confirmed_services, expected_services
from tests.e2e.pipeline import new_email, post_jobs, python_job, register
from tests.faults.operations import Operator
from tests.faults.support import PDF, RECIPIENTS, doc, publish, sink_messages, wait_consumed
from tests.polling import wait_for

CANDIDATES = 20
EVENTS_PER_CANDIDATE = 4  # each published twice
POSTED_JOBS = 3
SINK_DELAY_S = 0.4


@dataclass(frozen=True)
class Person:
    candidate_id: str
    name: str
    email: str
    feed_url: str


def register_person(stack: Stack, _: int) -> Person:
    name, email = f"Rae Race {uuid.uuid4().hex[:10]}", new_email()
    response = register(stack, pdf=PDF, email=email, name=name)
    assert response.status_code == 202, response.text
    return Person(response.json()["candidate_id"], name, email, response.json()["feed_url"])


def sink(stack: Stack, action: str, **spec: object) -> None:
    response = requests.post(f"{stack.config.url('sendgrid')}/_control/{action}", json=spec, timeout=10)
    assert response.status_code == 200, response.text


def sends_to(stack: Stack, email: str) -> list[datetime]:
    logged = requests.get(f"{stack.config.url('sendgrid')}/_control/requests", params={"email": email},
                          timeout=30).json()
    return [datetime.fromisoformat(r["arrived_at"]) for r in logged if r["path"] == "/v3/mail/send"]


def delete_my_data(person: Person, after_s: float) -> datetime:
    """Waits, presses "delete my data", and returns when the Portal's 202 was received."""
    time.sleep(after_s)
    path, token = person.feed_url.split("?token=")
    response = requests.post(f"{path}/delete", params={"token": token}, data={"confirm": "yes"},
                             headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 202, response.text
    return datetime.now(UTC)


def burst_for(person: Person) -> list[Event]:
    events = []
    for _ in range(EVENTS_PER_CANDIDATE):
        tag = uuid.uuid4().hex[:8]
        events.append(Event("OpenJobsFound", {"candidate_id": person.candidate_id, "profile_version": 1, "jobs": [{
            "job_id": f"race-{tag}", "title": f"Race Engineer {tag}", "company": f"Racers {tag}",
            "location": "London", "remote": "remote", "url": f"https://jobs.example.com/race/{tag}", "score": 0.8,
            "reasons": ["Remote"]}]}, person.candidate_id, "job_recommendation"))
    return events


def erased_everywhere(db: firestore.Client, people: list[Person]) -> bool:
    expected = expected_services()
    return all(confirmed_services(db, p.candidate_id) >= expected for p in people)


def naming(messages: list[dict[str, Any]], person: Person) -> list[str]:
    needles = (person.email, person.name, person.candidate_id)
    return [m["id"] for m in messages if any(n in str(m) for n in needles)]


@pytest.mark.timeout(600)
def test_no_email_reaches_the_sink_after_the_erasure_is_accepted(fault_stack: Stack,
                                                                 fault_db: firestore.Client) -> None:
    with ThreadPoolExecutor(8) as pool:
        people = list(pool.map(lambda i: register_person(fault_stack, i), range(CANDIDATES)))
    wait_for(lambda: all(doc(fault_db, RECIPIENTS, p.candidate_id) for p in people), timeout=120,
             what="Notification to know every candidate")
    events = [event for p in people for event in burst_for(p)]
    deliveries = events + events  # every event twice: a redelivery
    random.shuffle(deliveries)
    operator = Operator(every_s=10)
    sink(fault_stack, "delay", seconds=SINK_DELAY_S)
    try:
        with ThreadPoolExecutor(CANDIDATES + 4) as pool:
            posted = pool.submit(post_jobs, fault_stack, [python_job() for _ in range(POSTED_JOBS)])
            published = [pool.submit(publish, fault_stack, event) for event in deliveries]
            portal_202 = {p.candidate_id: pool.submit(delete_my_data, p, random.uniform(0.2, 3.0)) for p in people}
            posted.result()
            [future.result() for future in published]
            portal_at = {cid: future.result() for cid, future in portal_202.items()}
        operator.wait_for(lambda: erased_everywhere(fault_db, people), timeout=300, what="every erasure complete")
        for event in events:  # the shuffled events that came after the erasure must have been handled too
            wait_consumed(fault_stack, event, ["notification"], timeout=120)
    finally:
        sink(fault_stack, "delay", seconds=0)

    messages = sink_messages(fault_stack)
    after_portal = after_tombstone = sent_in_burst = 0
    for person in people:
        stone = doc(fault_db, RECIPIENTS, person.candidate_id) or {}
        requested, accepted = stone.get("erasure_requested_at"), stone.get("erasure_accepted_at")
        assert stone.get("erased") and requested and accepted, stone
        assert "erasing_email" not in stone and person.email not in str(stone)
        assert naming(messages, person) == [], "the sink still holds a message to or naming the candidate"
        arrivals = sends_to(fault_stack, person.email)
        assert [at for at in arrivals if at > accepted] == [], "a send arrived after the erasure was accepted"
        sent_in_burst += len(arrivals)
        after_portal += sum(1 for at in arrivals if at > portal_at[person.candidate_id])
        after_tombstone += sum(1 for at in arrivals if at > requested)
    print(f"\n[s8] candidates={CANDIDATES} events={len(deliveries)} (each twice) jobs posted={POSTED_JOBS} "
          f"sink delay={SINK_DELAY_S}s: sends for them {sent_in_burst}, of which arrived after the Portal's 202: "
          f"{after_portal}, after Notification's tombstone: {after_tombstone}, after its acceptance: 0")
