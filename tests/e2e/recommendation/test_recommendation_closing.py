"""A closed or already-expired job is never offered, whichever side arrives first; an open one posted after a
candidate registered still reaches their feed (matching works in both directions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.stack import Stack
from tests.e2e.pipeline import feed, post_jobs, python_job, register
from tests.e2e.recommendation.support import indexed, offered
from tests.polling import wait_for

pytestmark = pytest.mark.stack
YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).isoformat()


def feed_job_ids(feed_url: str) -> set[str]:
    return {entry["job_id"] for entry in feed(feed_url)["jobs"]}


def registered(stack: Stack) -> tuple[str, str]:
    response = register(stack, cadence="weekly")
    assert response.status_code == 202, response.text
    return response.json()["candidate_id"], response.json()["feed_url"]


def test_jobs_closed_or_expired_before_the_profile_exists_are_not_offered(stack: Stack) -> None:
    closing = python_job()
    closing_id = post_jobs(stack, [closing])["job_ids"][0]
    assert indexed(stack, closing_id)["status"] == "open"
    assert post_jobs(stack, [{**closing, "status": "closed"}])["published"] == 1
    assert indexed(stack, closing_id, version=2)["status"] == "closed"
    expired_id, open_id = post_jobs(stack, [python_job(expires_at=YESTERDAY), python_job()])["job_ids"]
    indexed(stack, expired_id)
    indexed(stack, open_id)

    candidate_id, feed_url = registered(stack)
    wait_for(lambda: open_id in feed_job_ids(feed_url), timeout=60, what="the open job in the feed")

    # The open job came in the same OpenJobsFound as any other match of this profile would have.
    assert closing_id not in feed_job_ids(feed_url) and expired_id not in feed_job_ids(feed_url)
    assert offered(stack, candidate_id)[closing_id] == offered(stack, candidate_id)[expired_id] == 0


def test_jobs_posted_after_the_profile_reach_it_unless_closed_or_expired(stack: Stack) -> None:
    candidate_id, feed_url = registered(stack)
    wait_for(lambda: feed(feed_url)["status"] in ("profiled", "matched"), timeout=60, what="the profile")

    later_id, expired_id, closed_id = post_jobs(stack, [
        python_job(), python_job(expires_at=YESTERDAY), python_job(status="closed")])["job_ids"]
    wait_for(lambda: later_id in feed_job_ids(feed_url), timeout=60, what="the later job in the feed")
    indexed(stack, expired_id)  # Recommendation committed its decision on both (same transaction as any offer)
    indexed(stack, closed_id)
    times = offered(stack, candidate_id)
    assert times[later_id] == 1 and times[expired_id] == times[closed_id] == 0
    assert not {expired_id, closed_id} & feed_job_ids(feed_url)
