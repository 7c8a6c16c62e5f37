"""`ops rebuild-feed` folds the event log through the Portal's rules: it agrees with the live feed after a
registration, sees an entry lost from Firestore, and --apply puts it back."""

from __future__ import annotations

import re

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email, post_jobs, python_job, register
from tests.polling import wait_for

from .support import feed_doc, run_ops


def test_a_lost_feed_entry_is_found_and_repaired_from_the_event_log(stack: Stack) -> None:
    job = python_job()
    job_id = post_jobs(stack, [job])["job_ids"][0]
    response = register(stack, cadence="daily", email=new_email())
    assert response.status_code == 202, response.text
    candidate_id, feed_url = response.json()["candidate_id"], response.json()["feed_url"]
    entry = feed_doc(stack, candidate_id, job_id)
    wait_for(lambda: entry.get().exists, timeout=60, what="the job in the feed")

    # The event log hears the same events on subscriptions of its own, so it may trail the feed a little.
    matched = wait_for(lambda: (r := run_ops(stack, "rebuild-feed", candidate_id)).returncode == 0 and r,
                       timeout=60, what="the rebuilt feed to match the live one")
    assert matched.stdout.splitlines()[0] == f"{candidate_id} matches"
    every = run_ops(stack, "rebuild-feed", "--all")
    progress = [line for line in every.stdout.splitlines() if line.endswith(f"] {candidate_id} matches")]
    assert len(progress) == 1 and re.match(r"\[\d+/\d+\] ", progress[0])

    entry.delete()
    lost = run_ops(stack, "rebuild-feed", candidate_id)
    assert lost.returncode == 1
    assert lost.stdout.splitlines()[0] == f"{candidate_id} differs: jobs {job_id}"

    repaired = run_ops(stack, "rebuild-feed", candidate_id, "--apply")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "repaired (1 written, 0 deleted): now matches" in repaired.stdout
    again = run_ops(stack, "rebuild-feed", candidate_id)
    assert (again.returncode, again.stdout.splitlines()[0]) == (0, f"{candidate_id} matches")
    restored = entry.get().to_dict() or {}
    assert restored["company"] == job["company"] and restored["reasons"] and feed(feed_url)["status"] == "matched"


def test_rebuild_feed_says_what_to_rebuild(stack: Stack) -> None:
    result = run_ops(stack, "rebuild-feed")
    assert result.returncode == 2 and "CANDIDATE_ID ... or --all" in result.stderr
