"""An address SendGrid refuses is tried once, marked undeliverable, and never tried again."""

from __future__ import annotations

from google.cloud import firestore

from emulator.stack import Stack
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


def test_a_refused_address_is_marked_and_not_retried(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    control(stack, "reject", email=candidate.email, status=400)

    first = open_jobs_found(candidate.candidate_id, [matched_job()])
    publish(stack, "open-jobs-found", first)
    wait_handled(stack, first)
    wait_for(lambda: (recipient(db, candidate.candidate_id) or {}).get("undeliverable"), timeout=30,
             what="the recipient to be marked undeliverable")
    [doc] = email_docs(db, candidate.candidate_id)
    assert doc["status"] == "rejected"

    later = open_jobs_found(candidate.candidate_id, [matched_job()])
    publish(stack, "open-jobs-found", later)
    wait_handled(stack, later)

    assert sink_stats(stack, candidate.email) == {"requests": 1, "by_status": {"400": 1}}
    assert len(email_docs(db, candidate.candidate_id)) == 1
    assert emails_to(stack, candidate.email) == []
