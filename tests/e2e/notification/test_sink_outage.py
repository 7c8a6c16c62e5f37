"""SendGrid answering 503 for a while: the circuit opens, and once SendGrid is back the email goes out exactly
once, whether Pub/Sub's redeliveries or (after they ran out) the scheduled sweep finally sends it."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from google.cloud import firestore

from emulator.stack import Stack
from jobfeed.events import Event
from tests.e2e.notification.support import (
    control,
    email_docs,
    log_lines,
    matched_job,
    open_jobs_found,
    publish,
    quiet_candidate,
    sink_stats,
    wait_handled,
)
from tests.e2e.pipeline import emails_to
from tests.polling import wait_for

OUTAGE_S = 15
# With the production breaker (60 s open) the email waits about a minute after the outage; the lead can shorten
# it for the local stack with JOBFEED_MAIL_BREAKER_RESET_S.
RECOVERY_TIMEOUT_S = 150
SWEEP_EVERY_S = 8


def sweep(stack: Stack) -> Event:
    """What the scheduler publishes every 5 minutes, with an id of its own so the test can wait for it."""
    event = Event("OutboxSweepDue", {"older_than_s": 15}, "test-outbox-sweep", "test")
    publish(stack, "outbox-sweep-due", event)
    return event


def circuit_opened_since(stack: Stack, since: datetime) -> bool:
    return any(datetime.fromisoformat(e["time"]) >= since for e in log_lines(stack, message="sendgrid circuit open"))


def test_an_outage_opens_the_circuit_and_loses_no_email(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "instant")
    job = matched_job()
    started = datetime.now(UTC)
    last_sweep = [time.monotonic()]

    def delivered() -> list[dict[str, object]]:
        # Pub/Sub gives up after its delivery attempts; the scheduled sweep is what sends the email then.
        if time.monotonic() - last_sweep[0] > SWEEP_EVERY_S:
            sweep(stack)
            last_sweep[0] = time.monotonic()
        return emails_to(stack, candidate.email)

    try:
        control(stack, "fail", status=503, seconds=OUTAGE_S)
        publish(stack, "open-jobs-found", open_jobs_found(candidate.candidate_id, [job]))
        wait_for(lambda: circuit_opened_since(stack, started), timeout=60, what="the circuit to open")
        assert emails_to(stack, candidate.email) == []
        [mail] = wait_for(delivered, timeout=RECOVERY_TIMEOUT_S, what="the email after the outage")
        assert job["title"] in mail["text"]
        wait_for(lambda: [d["status"] for d in email_docs(db, candidate.candidate_id)] == ["sent"], timeout=30,
                 what="the email to be marked sent")
        wait_handled(stack, sweep(stack))  # one more sweep after recovery: nothing left to send twice
        stats = sink_stats(stack, candidate.email)
        assert stats["by_status"].get("202") == 1 and stats["by_status"].get("503", 0) >= 1, stats
        assert len(emails_to(stack, candidate.email)) == 1
    finally:
        control(stack, "reset")
