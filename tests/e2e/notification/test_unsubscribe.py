"""An unsubscribed candidate gets nothing: neither at once nor in a digest of jobs queued before they left."""

from __future__ import annotations

import requests
from google.cloud import firestore

from emulator.stack import Stack
from tests.e2e.notification.support import (
    Candidate,
    digest_due,
    email_docs,
    matched_job,
    open_jobs_found,
    publish,
    quiet_candidate,
    recipient,
    unique_period,
    wait_digest_done,
    wait_handled,
)
from tests.e2e.pipeline import emails_to
from tests.polling import wait_for


def unsubscribe(db: firestore.Client, candidate: Candidate) -> None:
    """The link every email carries, as a one-click POST; returns once Notification has heard of it."""
    response = requests.post(candidate.unsubscribe_url, headers={"Accept": "application/json"}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["subscribed"] is False
    wait_for(lambda: (recipient(db, candidate.candidate_id) or {}).get("subscribed") is False, timeout=60,
             what="Notification to see the unsubscribe")


def test_an_unsubscribed_instant_candidate_gets_no_email(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    unsubscribe(db, candidate)

    event = open_jobs_found(candidate.candidate_id, [matched_job()])
    publish(stack, "open-jobs-found", event)
    wait_handled(stack, event)

    assert emails_to(stack, candidate.email) == []
    assert email_docs(db, candidate.candidate_id) == []


def test_unsubscribing_before_the_digest_cancels_it(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "weekly")
    event = open_jobs_found(candidate.candidate_id, [matched_job()])
    publish(stack, "open-jobs-found", event)
    wait_handled(stack, event)
    assert (recipient(db, candidate.candidate_id) or {})["has_pending"] is True
    unsubscribe(db, candidate)

    period = unique_period()
    publish(stack, "digest-due", digest_due("weekly", period))
    wait_digest_done(stack, period)

    assert emails_to(stack, candidate.email) == []
    assert email_docs(db, candidate.candidate_id) == []
    assert (recipient(db, candidate.candidate_id) or {})["has_pending"] is False
