"""OpenJobsFound delivered twice, or late for an older profile, leaves the feed as in order. The events are
published straight onto the open-jobs-found topic, as Recommendation's relay would publish them."""

from __future__ import annotations

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email
from tests.polling import wait_for

from .support import (
    candidate_doc,
    logged_outcome,
    matched_job,
    open_jobs_found,
    processed,
    publish,
    register_ok,
    unique,
    wait_until_profiled,
)


def job_ids(feed_url: str) -> list[str]:
    return [entry["job_id"] for entry in feed(feed_url)["jobs"]]


def test_a_duplicate_delivery_adds_each_job_once(stack: Stack) -> None:
    registered = register_ok(stack, new_email())
    wait_until_profiled(registered["feed_url"])
    jobs = [matched_job(f"dup-{unique()}"), matched_job(f"dup-{unique()}")]
    event = open_jobs_found(registered["candidate_id"], 500, jobs)

    publish(stack, event)
    publish(stack, event)  # same event_id: a redelivery

    wait_for(lambda: logged_outcome(stack, event.event_id, "processed") == 1
             and logged_outcome(stack, event.event_id, "duplicate") == 1, timeout=60, what="both deliveries")
    ids = job_ids(registered["feed_url"])
    assert [ids.count(job["job_id"]) for job in jobs] == [1, 1]


def test_matches_for_an_older_profile_arriving_late_are_listed_without_rolling_back(stack: Stack) -> None:
    """In order, the older match would be in the feed (and it was emailed): out of order it must be too, once;
    only the candidate's profile version and status are not rolled back by the late event."""
    registered = register_ok(stack, new_email())
    wait_until_profiled(registered["feed_url"])
    version = candidate_doc(stack, registered["candidate_id"])["profile_version"]  # type: ignore[index]
    newer, older = matched_job(f"new-{unique()}"), matched_job(f"old-{unique()}")

    publish(stack, open_jobs_found(registered["candidate_id"], version + 1, [newer]))
    wait_for(lambda: newer["job_id"] in job_ids(registered["feed_url"]), timeout=60, what="the newer match")
    stale = open_jobs_found(registered["candidate_id"], version, [older])
    publish(stack, stale)

    wait_for(lambda: processed(stack, stale.event_id), timeout=60, what="the stale event to be handled")
    body = feed(registered["feed_url"])
    listed = [entry["job_id"] for entry in body["jobs"]]  # real matches from other tests' jobs may be there too
    assert listed.count(newer["job_id"]) == 1 and listed.count(older["job_id"]) == 1
    assert body["status"] == "matched"
    assert candidate_doc(stack, registered["candidate_id"])["profile_version"] == version + 1  # type: ignore[index]


def test_the_same_job_in_a_later_event_is_not_listed_twice(stack: Stack) -> None:
    registered = register_ok(stack, new_email())
    wait_until_profiled(registered["feed_url"])
    job, other = matched_job(f"again-{unique()}"), matched_job(f"other-{unique()}")
    first = open_jobs_found(registered["candidate_id"], 700, [job])
    second = open_jobs_found(registered["candidate_id"], 700, [job, other])

    publish(stack, first)
    publish(stack, second)

    wait_for(lambda: processed(stack, first.event_id) and processed(stack, second.event_id), timeout=60,
             what="both events")
    ids = job_ids(registered["feed_url"])
    assert (ids.count(job["job_id"]), ids.count(other["job_id"])) == (1, 1)
