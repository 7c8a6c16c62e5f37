"""A registration with a PDF travels through every service, over real push subscriptions, to a job in the
candidate's feed and an email in the SendGrid sink."""

from __future__ import annotations

import re
import subprocess
import sys

from emulator.stack import ROOT, Stack
from tests.e2e.pipeline import emails_to, feed, new_email, post_jobs, python_job, register
from tests.polling import wait_for


def test_a_registration_reaches_the_feed_and_the_inbox(stack: Stack) -> None:
    job = python_job()
    job_id = post_jobs(stack, [job])["job_ids"][0]
    address = new_email()

    response = register(stack, cadence="instant", email=address)
    assert response.status_code == 202, response.text
    feed_url = response.json()["feed_url"]

    jobs = wait_for(lambda: feed(feed_url)["jobs"], timeout=60, what="a job in the feed")
    entry = next(e for e in jobs if e["job_id"] == job_id)
    assert entry["company"] == job["company"] and entry["reasons"]
    assert feed(feed_url)["status"] == "matched"

    [mail] = wait_for(lambda: emails_to(stack, address), timeout=60, what="the instant email")
    assert job["company"] in mail["text"] and job["title"] in mail["subject"] + mail["text"]
    assert feed_url in mail["text"]
    assert mail["headers"]["List-Unsubscribe"].startswith("<") and "/unsubscribe" in mail["headers"]["List-Unsubscribe"]


def test_the_flow_can_be_traced_across_services(stack: Stack) -> None:
    post_jobs(stack, [python_job()])
    response = register(stack, cadence="instant", email=new_email())
    candidate_id = response.json()["candidate_id"]
    expected = ["CandidateRegistered", "ProfileCreated", "OpenJobsFound", "NotificationSent"]

    def traced() -> str | None:
        result = subprocess.run([sys.executable, "-m", "ops", "trace", candidate_id], capture_output=True,
                                text=True, env=stack.config.env(), cwd=ROOT, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout if all(name in result.stdout for name in expected) else None

    output = wait_for(traced, timeout=60, what="the whole flow in the event log")
    order = [next(i for i, line in enumerate(output.splitlines()) if name in line) for name in expected]
    assert order == sorted(order)
    assert "job_portal -> candidate_profile, notification" in output
    assert "0 dead letters, 1 emails sent" in output
    # Each hop split into broker and processing time, measured to the event the consumer caused or its commit.
    assert re.search(r"candidate_profile: broker \d+ ms, processing \d+ ms \(to ProfileCreated published\)", output)
    assert re.search(r"job_portal_events: broker \d+ ms, processing \d+ ms \(to commit\)", output)
