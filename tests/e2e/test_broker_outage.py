"""Registrations while the broker is unreachable still answer 202 and complete once it is back: the events
wait in the Portal's outbox and the scheduled sweep publishes them."""

from __future__ import annotations

import signal

from emulator.scheduler import publish_now
from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email, post_jobs, python_job, register
from tests.polling import wait_for


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
