"""`ops alerts` and the console's alerts panel on the local stack: a poisoned message fires the dead-letter alert
(exit 1, with the command to run), and once `ops dlq replay` has sent it again after the fix, it clears."""

from __future__ import annotations

import uuid

from emulator.stack import Stack
from tests.e2e.pipeline import new_email, register
from tests.polling import wait_for

from .support import feed_doc, held, page, publish, run_ops
from .test_console import found_jobs

DEAD = "open-jobs-found.job-portal-events"


def alerts_panel(console: str) -> str:
    text = page(console + "/")
    return text[text.index('id="alerts"'):text.index('id="dead-letters"')]


def ops_alerts(stack: Stack) -> tuple[int, list[str]]:
    done = run_ops(stack, "alerts", "--logs", str(stack.group.log_dir))
    assert "not evaluated" in done.stdout, done.stdout + done.stderr
    return done.returncode, [line for line in done.stdout.splitlines() if line.startswith("FIRING")]


def test_a_poisoned_message_fires_until_it_is_replayed(stack: Stack, console: str) -> None:
    registered = register(stack, cadence="daily", email=new_email()).json()
    candidate_id, job_id = registered["candidate_id"], f"alerted-{uuid.uuid4().hex[:8]}"
    # The Portal's consumer dead-letters a message it cannot handle exactly like this (jobfeed.consumer).
    publish(stack, f"{DEAD}.dead-letter", found_jobs(candidate_id, job_id),
            jobfeed_dead_letter_reason="portal rejected the job list (a bug, since fixed)",
            jobfeed_source_subscription=DEAD, jobfeed_consumer="job_portal_events")
    wait_for(lambda: held(stack, DEAD, candidate_id), timeout=60, what="the dead letter")

    code, firing = ops_alerts(stack)
    [line] = [line for line in firing if f"dead-letter  {DEAD}:" in line]
    assert code == 1 and "since fixed" in line and f"dlq replay --subscription {DEAD}" in line
    panel = alerts_panel(console)
    assert DEAD in panel and "since fixed" in panel and f"dlq replay --subscription {DEAD}" in panel

    replayed = run_ops(stack, "dlq", "replay", "--subscription", DEAD)
    assert replayed.returncode == 0 and "replayed" in replayed.stdout, replayed.stderr
    wait_for(lambda: feed_doc(stack, candidate_id, job_id).get().exists, timeout=60, what="the replayed job")

    code, firing = ops_alerts(stack)
    assert not [line for line in firing if DEAD in line]
    assert code == (1 if firing else 0)  # other tests' signals may fire; this one is gone
    assert DEAD not in alerts_panel(console)
