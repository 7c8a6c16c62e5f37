"""Scenario 6: SendGrid answers 503 for a minute while instant candidates register. The circuit opens, Pub/Sub
retries and then gives up, and the scheduled sweep sends what is still pending once SendGrid is back: every
email arrives after the outage, none twice."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import requests
from google.cloud import firestore

from emulator.scheduler import publish_now
from emulator.stack import Stack
from tests.faults.operations import Operator
from tests.faults.support import feed_and_emails, feed_job_ids, post_indexed_jobs, register_many, sink_messages
from tests.polling import wait_for

OUTAGE_S = 60
CANDIDATES = 5


def sink(stack: Stack, action: str, **spec: object) -> None:
    response = requests.post(f"{stack.config.url('sendgrid')}/_control/{action}", json=spec, timeout=10)
    assert response.status_code == 200, response.text


def sweeps_handled(stack: Stack) -> int:
    log = stack.group.processes["notification"].log_path.read_text(errors="replace")
    return sum(1 for line in log.splitlines() if '"event processed"' in line and '"OutboxSweepDue"' in line)


def test_a_sendgrid_outage_delays_every_email_and_doubles_none(fault_stack: Stack, fault_db: firestore.Client) -> None:
    jobs = post_indexed_jobs(fault_stack, fault_db, 1)
    operator = Operator(every_s=10)
    try:
        sink(fault_stack, "fail", status=503, seconds=OUTAGE_S)
        outage_ends = datetime.now(UTC) + timedelta(seconds=OUTAGE_S - 1)
        started = time.monotonic()
        people = register_many(fault_stack, CANDIDATES, workers=CANDIDATES)
        operator.wait_for(lambda: all(set(jobs) <= set(feed_job_ids(fault_db, p.candidate_id)) for p in people),
                          timeout=180, what="the jobs in every feed")

        def all_mailed() -> bool:
            messages = sink_messages(fault_stack)
            return all(mailed and set(mailed) == feed for feed, mailed in
                       (feed_and_emails(fault_db, messages, p) for p in people))

        operator.wait_for(all_mailed, timeout=OUTAGE_S + 300, what="every email after the outage")
        delivered_after = time.monotonic() - started
        handled = sweeps_handled(fault_stack)  # one more sweep once all went out: it must find nothing to resend
        publish_now("outbox-sweep")
        wait_for(lambda: sweeps_handled(fault_stack) > handled, timeout=60, what="one more sweep")
        messages = sink_messages(fault_stack)
        ours = [m for m in messages if any(p.email in m["to"] for p in people)]
        mailed = [feed_and_emails(fault_db, messages, p)[1] for p in people]
        refused = requests.get(f"{fault_stack.config.url('sendgrid')}/_control/stats", timeout=10).json()
        print(f"\n[s6] candidates={CANDIDATES} outage={OUTAGE_S}s emails={len(ours)} all delivered "
              f"{delivered_after:.0f}s after the outage began; sink answers={refused.get('by_status')}; "
              f"sweeps={operator.sweeps}")
        assert len(ours) == CANDIDATES
        assert all(set(m.values()) == {1} for m in mailed)
        assert all(datetime.fromisoformat(m["received_at"]) >= outage_ends for m in ours)
        assert Counter(refused["by_status"]).get("503", 0) >= 1
    finally:
        sink(fault_stack, "reset")
