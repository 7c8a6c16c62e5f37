"""Instant cadence: one OpenJobsFound is one email with the jobs and every link; a redelivery sends nothing."""

from __future__ import annotations

import html

from google.cloud import firestore

from emulator.stack import Stack
from tests.e2e.notification.support import (
    email_docs,
    matched_job,
    open_jobs_found,
    publish,
    quiet_candidate,
    recipient,
    wait_handled,
)
from tests.e2e.pipeline import emails_to
from tests.polling import wait_for


def test_one_open_jobs_found_is_one_email_with_jobs_and_links(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    best, other = matched_job(score=0.93, remote="remote"), matched_job(score=0.61)

    publish(stack, "open-jobs-found", open_jobs_found(candidate.candidate_id, [other, best]))

    [mail] = wait_for(lambda: emails_to(stack, candidate.email), timeout=60, what="the instant email")
    assert mail["to"] == [candidate.email]
    assert best["title"] in mail["subject"] and "2 new jobs" in mail["subject"]
    for job in (best, other):
        assert job["title"] in mail["text"] and job["company"] in mail["text"] and job["reasons"][0] in mail["text"]
        assert f"Apply: {job['url']}" in mail["text"]
        assert f'href="{job["url"]}"' in mail["html"]
    assert mail["text"].index(best["title"]) < mail["text"].index(other["title"])  # best first
    assert candidate.feed_url in mail["text"] and html.escape(candidate.feed_url) in mail["html"]
    assert candidate.unsubscribe_url in mail["text"] and html.escape(candidate.unsubscribe_url) in mail["html"]
    assert mail["headers"]["List-Unsubscribe"] == f"<{candidate.unsubscribe_url}>"
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["categories"] == ["instant"] and mail["custom_args"]["candidate_id"] == candidate.candidate_id
    assert set((recipient(db, candidate.candidate_id) or {})["notified"]) == {best["job_id"], other["job_id"]}


def test_the_same_event_delivered_twice_sends_one_email(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    event = open_jobs_found(candidate.candidate_id, [matched_job()])

    publish(stack, "open-jobs-found", event)
    publish(stack, "open-jobs-found", event)  # same event_id: what a redelivery looks like to the consumer

    wait_handled(stack, event, times=2)
    assert len(emails_to(stack, candidate.email)) == 1
    [doc] = email_docs(db, candidate.candidate_id)
    assert doc["status"] == "sent"


def test_jobs_already_told_are_not_told_again(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    told, fresh = matched_job(), matched_job()
    first = open_jobs_found(candidate.candidate_id, [told])
    publish(stack, "open-jobs-found", first)
    wait_for(lambda: emails_to(stack, candidate.email), timeout=60, what="the first email")

    again = open_jobs_found(candidate.candidate_id, [told])  # a new event, but nothing new in it
    later = open_jobs_found(candidate.candidate_id, [told, fresh])
    publish(stack, "open-jobs-found", again)
    wait_handled(stack, again)
    publish(stack, "open-jobs-found", later)
    wait_handled(stack, later)

    mails = emails_to(stack, candidate.email)
    assert len(mails) == 2
    second = next(m for m in mails if fresh["title"] in m["text"])
    assert told["title"] not in second["text"]
