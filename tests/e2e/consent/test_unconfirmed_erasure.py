"""Registrations never confirmed are erased after the period, through the choreographed erasure (every service
deletes its part and confirms); a confirmed one stays. The period is the schedule's older_than_s: the test
publishes the scheduled event with a short one instead of waiting a week."""

from __future__ import annotations

import subprocess
import sys
import time

import requests

from emulator.stack import ROOT, Stack
from jobfeed.events import Event
from tests.e2e.pipeline import feed, new_email, publish_event
from tests.polling import wait_for

from .support import candidate, client_address, follow, mails, recipient, register, wait_confirmation_link


def _erasure_status(stack: Stack, candidate_id: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ops", "erasure", "status", candidate_id], capture_output=True,
                          text=True, env=stack.config.env(), cwd=ROOT, timeout=60)


def test_unconfirmed_registrations_are_erased_after_the_period(consent_stack: Stack) -> None:
    stack, client = consent_stack, client_address()
    silent, keen = new_email(), new_email()
    silent_body = register(stack, silent, client).json()
    keen_body = register(stack, keen, client).json()
    silent_link = wait_confirmation_link(stack, silent)
    assert follow(wait_confirmation_link(stack, keen), client).json()["state"] == "confirmed"
    time.sleep(2)

    sweep = Event("UnconfirmedSweepDue", {"older_than_s": 1}, "schedule-unconfirmed-sweep", "cloud-scheduler")
    publish_event(stack, sweep)

    silent_id = silent_body["candidate_id"]
    wait_for(lambda: _erasure_status(stack, silent_id).returncode == 0, timeout=90, what="every receipt")
    assert "complete" in _erasure_status(stack, silent_id).stdout
    assert candidate(stack, silent_id) is None
    assert requests.get(silent_body["feed_url"], headers={"Accept": "application/json"}, timeout=10).status_code == 404
    assert (recipient(stack, silent_id) or {}).get("erased") is True
    late = follow(silent_link, client)  # its link does nothing any more (expired too, if the run was slow)
    assert late.status_code in (400, 410) and late.json()["state"] in ("invalid", "expired")
    assert candidate(stack, silent_id) is None
    assert mails(stack, silent) == []  # the provider's copy of the confirmation was erased with the rest

    assert candidate(stack, keen_body["candidate_id"]) is not None  # confirmed: kept
    assert feed(keen_body["feed_url"])["confirmation"]["state"] == "confirmed"
