"""Weekly cadence: jobs wait for DigestDue, which sends one email with all of them; the same period again
sends nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from google.cloud import firestore

from emulator.stack import ROOT, Stack
from tests.e2e.notification.support import (
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


def ops_digest_run(stack: Stack, cadence: str, period: str) -> None:
    """`python -m ops digest run`, as ops would type it, against this stack."""
    env = {**stack.config.env(), "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(ROOT, "functions", "common"))])}
    done = subprocess.run([sys.executable, "-m", "ops", "digest", "run", "--cadence", cadence, "--period", period],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"published DigestDue {cadence} {period}" in done.stdout


def test_weekly_jobs_wait_for_the_digest_and_go_out_once(stack: Stack, db: firestore.Client) -> None:
    candidate = quiet_candidate(stack, db, "weekly")
    jobs = [matched_job(remote="remote"), matched_job(remote="onsite"), matched_job(remote="hybrid")]
    first, second = open_jobs_found(candidate.candidate_id, jobs[:2]), open_jobs_found(candidate.candidate_id, jobs[2:])
    for event in (first, second):
        publish(stack, "open-jobs-found", event)
        wait_handled(stack, event)

    assert emails_to(stack, candidate.email) == []
    stored = recipient(db, candidate.candidate_id) or {}
    assert stored["has_pending"] and {j["job_id"] for j in stored["pending"]} == {j["job_id"] for j in jobs}

    period = unique_period()
    ops_digest_run(stack, "weekly", period)
    [mail] = wait_for(lambda: emails_to(stack, candidate.email), timeout=90, what="the weekly digest")
    assert "weekly" in mail["subject"] and "3 new jobs" in mail["subject"]
    for job in jobs:
        assert job["title"] in mail["text"] and job["url"] in mail["text"]
    assert mail["headers"]["List-Unsubscribe"] == f"<{candidate.unsubscribe_url}>"
    assert mail["categories"] == ["digest"]

    publish(stack, "digest-due", digest_due("weekly", period))
    wait_digest_done(stack, period, runs=2)
    assert len(emails_to(stack, candidate.email)) == 1
    [doc] = email_docs(db, candidate.candidate_id)
    assert doc["status"] == "sent" and doc["period"] == f"weekly:{period}"
    assert (recipient(db, candidate.candidate_id) or {})["has_pending"] is False
