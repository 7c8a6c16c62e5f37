"""Redelivered and out-of-order events never offer a candidate the same job twice, and an older profile
version never replaces a newer one."""

from __future__ import annotations

import pytest

from emulator.stack import Stack
from tests.e2e.pipeline import feed, post_jobs, python_job, register
from tests.e2e.profile.support import document, publish
from tests.e2e.recommendation.support import (
    PROFILES,
    handled,
    job_posted,
    offered,
    profile_created,
    sent_job_ids,
)
from tests.polling import wait_for

pytestmark = pytest.mark.stack


def feed_job_ids(feed_url: str) -> list[str]:
    return [entry["job_id"] for entry in feed(feed_url)["jobs"]]


def test_redelivered_and_stale_events_offer_each_job_once(stack: Stack) -> None:
    first_job = post_jobs(stack, [python_job()])["job_ids"][0]
    response = register(stack, cadence="weekly")
    assert response.status_code == 202, response.text
    candidate_id, feed_url = response.json()["candidate_id"], response.json()["feed_url"]
    wait_for(lambda: first_job in feed_job_ids(feed_url), timeout=60, what="the first job in the feed")
    stored = document(stack, PROFILES, candidate_id)
    assert stored is not None
    version = stored["profile_version"]

    # A JobPosted delivered twice (same event id).
    second = job_posted()
    second_job = second.payload["job_id"]
    publish(stack, second)
    publish(stack, second)
    assert sorted(handled(stack, second, times=2)) == ["duplicate", "processed"]
    wait_for(lambda: second_job in feed_job_ids(feed_url), timeout=60, what="the second job in the feed")

    # A newer profile delivered twice, then an older one arriving late under a new event id.
    newer, older = profile_created(stored, version + 1), profile_created(stored, version)
    publish(stack, newer)
    publish(stack, newer)
    assert sorted(handled(stack, newer, times=2)) == ["duplicate", "processed"]
    publish(stack, older)
    handled(stack, older)

    kept = document(stack, PROFILES, candidate_id)
    assert kept is not None and kept["profile_version"] == version + 1
    sent = sent_job_ids(stack, candidate_id)
    assert {first_job, second_job} <= set(sent) and len(sent) == len(set(sent))
    times = offered(stack, candidate_id)
    assert times[first_job] == times[second_job] == 1 and max(times.values()) == 1, times
    in_feed = feed_job_ids(feed_url)
    assert {first_job, second_job} <= set(in_feed) and len(in_feed) == len(set(in_feed))
    assert set(in_feed) == set(times)  # the Portal shows exactly what was offered, once each
