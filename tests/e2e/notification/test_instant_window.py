"""Instant without a storm (issue #20): the first match is emailed at once, the matches inside the window after it
are gathered and sent as one email by the scheduled tick (DigestDue, cadence "instant") once the window ended;
each job once, through redeliveries, repeated ticks and a SendGrid outage. Notification runs here with a short
window and a small per-email cap; the test publishes the tick the scheduler publishes every minute."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import requests
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.events import Event
from tests.e2e.notification.support import (
    control,
    email_docs,
    matched_job,
    open_jobs_found,
    publish,
    quiet_candidate,
    recipient,
    sink_stats,
    wait_handled,
)
from tests.e2e.pipeline import emails_to
from tests.polling import wait_for

WINDOW_S = 10  # long enough that a burst of 30 events is handled inside it on a busy machine
MAX_JOBS = 20
BURST = 30


@pytest.fixture(scope="module")
def windowed(stack: Stack) -> Iterator[Stack]:
    stack.restart("notification", {"JOBFEED_INSTANT_WINDOW_S": str(WINDOW_S), "JOBFEED_EMAIL_MAX_JOBS": str(MAX_JOBS)})
    try:
        yield stack
    finally:
        stack.restart("notification")


def tick(stack: Stack, wait: bool = True) -> Event:
    """What the `instant-window` schedule publishes every minute, with an id of its own to wait for."""
    event = Event("DigestDue", {"cadence": "instant", "period": "scheduled"}, "test-instant-window", "test")
    publish(stack, "digest-due", event)
    if wait:
        wait_handled(stack, event, timeout=90)
    return event


def wait_window_end(db: firestore.Client, candidate_id: str) -> None:
    until = (recipient(db, candidate_id) or {})["window_until"]
    wait_for(lambda: datetime.now(UTC) > until, timeout=WINDOW_S + 30, what="the window to end")


def apply_urls(text: str) -> list[str]:
    return re.findall(r"Apply: (\S+)\n", text)


def burst(stack: Stack, candidate_id: str) -> tuple[list[dict[str, object]], list[Event]]:
    scores = random.sample(range(50, 99), BURST)  # distinct, so "the best" is one order
    jobs = [matched_job(score=score / 100) for score in scores]
    events = [open_jobs_found(candidate_id, [job]) for job in jobs]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda e: publish(stack, "open-jobs-found", e), events))
    for event in events:
        wait_handled(stack, event)
    return jobs, events


def test_a_burst_of_30_matches_is_two_emails_with_every_job_once(windowed: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(windowed, db, "instant")
    jobs, events = burst(windowed, candidate.candidate_id)
    assert len(emails_to(windowed, candidate.email)) == 1  # the first match, at once; the rest wait
    stored = recipient(db, candidate.candidate_id) or {}
    assert len(stored["pending"]) == BURST - 1 and len(stored["notified"]) == 1
    if datetime.now(UTC) < stored["window_until"]:
        tick(windowed)  # a tick inside the window sends nothing yet
        assert len(emails_to(windowed, candidate.email)) == 1

    wait_window_end(db, candidate.candidate_id)
    tick(windowed)
    mails = wait_for(lambda: m if len(m := emails_to(windowed, candidate.email)) == 2 else None, timeout=60,
                     what="the gathered email")
    publish(windowed, "open-jobs-found", events[7])  # a redelivery after the window
    wait_handled(windowed, events[7], times=2)
    tick(windowed)  # a repeated tick sends nothing twice

    assert len(emails_to(windowed, candidate.email)) == 2
    first, gathered = sorted(mails, key=lambda m: m["received_at"])
    assert len(apply_urls(first["text"])) == 1
    assert gathered["subject"].startswith(f"{BURST - 1} new jobs for you")
    assert len(apply_urls(gathered["text"])) == MAX_JOBS  # the cap: the best listed in full
    assert f"and {BURST - 1 - MAX_JOBS} more jobs that match your profile" in gathered["text"]
    docs = email_docs(db, candidate.candidate_id)
    told = Counter(job["job_id"] for doc in docs for job in doc["jobs"])
    assert sorted(doc["status"] for doc in docs) == ["sent", "sent"]
    assert told == Counter({job["job_id"]: 1 for job in jobs})  # all 30 jobs across the two emails, once each
    [at_once] = apply_urls(first["text"])
    waited = sorted((job for job in jobs if job["url"] != at_once), key=lambda job: -float(job["score"]))
    assert apply_urls(gathered["text"]) == [job["url"] for job in waited[:MAX_JOBS]]  # the best, best first


def test_the_gathered_email_survives_a_sendgrid_outage_and_goes_once(windowed: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(windowed, db, "instant")
    first, second, third = matched_job(), matched_job(), matched_job()
    for job in (first, second, third):
        event = open_jobs_found(candidate.candidate_id, [job])
        publish(windowed, "open-jobs-found", event)
        wait_handled(windowed, event)
    assert len(emails_to(windowed, candidate.email)) == 1
    wait_window_end(db, candidate.candidate_id)
    try:
        control(windowed, "fail", status=503, seconds=60)
        tick(windowed, wait=False)  # the send fails (the circuit may open): the tick is retried by Pub/Sub
        wait_for(lambda: sink_stats(windowed, candidate.email)["by_status"].get("503"), timeout=60,
                 what="the gathered email refused")
        assert len(emails_to(windowed, candidate.email)) == 1
        [waiting] = [d["status"] for d in email_docs(db, candidate.candidate_id) if d.get("gathered")]
        assert waiting in ("pending", "sending")  # queued, or being retried: not sent
    finally:
        control(windowed, "reset")
    last = [0.0]

    def delivered() -> list[dict[str, object]] | None:
        if time.monotonic() - last[0] > 5:  # the scheduler's next ticks, besides Pub/Sub's redelivery
            tick(windowed, wait=False)
            last[0] = time.monotonic()
        mails = emails_to(windowed, candidate.email)
        return mails if len(mails) == 2 else None

    mails = wait_for(delivered, timeout=120, what="the gathered email after the outage")
    tick(windowed)
    assert len(emails_to(windowed, candidate.email)) == 2
    gathered = next(m for m in mails if second["title"] in m["text"])
    assert third["title"] in gathered["text"] and first["title"] not in gathered["text"]


def test_jobs_gathered_for_an_erased_candidate_are_never_sent(windowed: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(windowed, db, "instant")
    for job in (matched_job(), matched_job()):
        event = open_jobs_found(candidate.candidate_id, [job])
        publish(windowed, "open-jobs-found", event)
        wait_handled(windowed, event)
    assert len((recipient(db, candidate.candidate_id) or {})["pending"]) == 1  # the second waits in the window
    window_until = (recipient(db, candidate.candidate_id) or {})["window_until"]

    path, token = candidate.feed_url.split("?token=")
    deleted = requests.post(f"{path}/delete", params={"token": token}, data={"confirm": "yes"},
                            headers={"Accept": "application/json"}, timeout=30)
    assert deleted.status_code == 202, deleted.text
    stone = wait_for(lambda: (r := recipient(db, candidate.candidate_id)) and r.get("erasure_accepted_at") and r,
                     timeout=60, what="Notification to accept the erasure")
    assert stone["pending"] == [] and not stone["has_pending"]
    wait_for(lambda: datetime.now(UTC) > window_until, timeout=WINDOW_S + 30, what="the window to end")
    tick(windowed)
    assert emails_to(windowed, candidate.email) == []  # the first one was erased at SendGrid, no second one
    sends = requests.get(f"{windowed.config.url('sendgrid')}/_control/requests", params={"email": candidate.email},
                         timeout=10).json()
    assert [s for s in sends if s["path"] == "/v3/mail/send"
            and datetime.fromisoformat(s["arrived_at"]) > stone["erasure_accepted_at"]] == []
