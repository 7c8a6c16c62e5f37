"""Registrations and job feeds while the broker is unreachable still answer 202 and complete once it is back:
the events wait in the Portal's (or Intake's) outbox and the scheduled sweep publishes them."""

from __future__ import annotations

import random
import signal

from emulator.scheduler import publish_now
from emulator.stack import Stack
from tests.e2e.intake.support import outbox_state, post_feed
from tests.e2e.pipeline import feed, log_entries, new_email, post_jobs, python_job, register
from tests.polling import wait_for
from tests.support.job_postings import greenhouse_board, greenhouse_job


def test_registrations_during_a_broker_outage_complete_after_it(stack: Stack) -> None:
    job_id = post_jobs(stack, [python_job()])["job_ids"][0]
    broker = stack.group.processes["pubsub"]
    broker.signal(signal.SIGSTOP)
    try:
        responses = [register(stack, email=new_email()) for _ in range(2)]
    finally:
        broker.signal(signal.SIGCONT)
    assert [r.status_code for r in responses] == [202, 202]
    feed_urls = [r.json()["feed_url"] for r in responses]
    # The sweep only takes entries older than the relay's window: keep asking until it has published them.
    def swept_and_matched() -> bool:
        publish_now("outbox-sweep")
        return all(job_id in [e["job_id"] for e in feed(url)["jobs"]] for url in feed_urls)

    wait_for(swept_and_matched, timeout=120, what="both registrations to reach their feed")


def test_a_feed_posted_during_a_broker_outage_is_published_by_the_scheduled_sweep(stack: Stack) -> None:
    """Intake stages JobPosted in its outbox; its event function answers the scheduled OutboxSweepDue. The
    scheduler's tick is what this test fires (Cloud Scheduler in production): no `ops outbox sweep`."""
    numbers = random.sample(range(10**8, 10**9), 2)
    broker = stack.group.processes["pubsub"]
    broker.signal(signal.SIGSTOP)
    try:
        response = post_feed(stack, greenhouse_board(*(greenhouse_job(n) for n in numbers)), "application/json",
                             timeout=180)
    finally:
        broker.signal(signal.SIGCONT)
    assert response.status_code == 202, response.text
    job_ids = set(response.json()["job_ids"])
    assert outbox_state(stack, job_ids) == dict.fromkeys(job_ids, False)  # the relay could not publish them

    def swept() -> bool:
        publish_now("outbox-sweep")
        return outbox_state(stack, job_ids) == dict.fromkeys(job_ids, True)

    wait_for(swept, timeout=120, what="the sweep to publish the feed's JobPosted events")
    assert log_entries(stack, "job_intake_events", message="outbox sweep published leftovers")
