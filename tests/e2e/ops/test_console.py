"""The local console, served in-process against the test stack: recent events link to a flow's trace, dead
letters show their reason, and the replay button publishes one again."""

from __future__ import annotations

import re
import uuid

import requests

from emulator.stack import Stack
from jobfeed.events import Event
from tests.e2e.pipeline import new_email, register
from tests.polling import wait_for

from .support import feed_doc, held, page, publish

DEAD = "open-jobs-found.job-portal-events"
WRONG_TYPE_SUBSCRIPTIONS = (DEAD, "open-jobs-found.notification", "open-jobs-found.event-log")


def found_jobs(candidate_id: str, job_id: str, version: int = 900) -> Event:
    job = {"job_id": job_id, "title": "Platform Engineer", "company": "Replay Works", "location": "London",
           "remote": "remote", "url": f"https://jobs.example.com/{job_id}", "score": 0.8, "reasons": ["Python"]}
    return Event("OpenJobsFound", {"candidate_id": candidate_id, "profile_version": version, "jobs": [job]},
                 candidate_id, "e2e_test")


def test_recent_events_link_to_the_candidates_trace(stack: Stack, console: str) -> None:
    response = register(stack, cadence="daily", email=new_email())
    candidate_id = response.json()["candidate_id"]
    trace_link = f'href="/trace/{candidate_id}"'

    index = wait_for(lambda: (text := page(console + "/")).count(trace_link) >= 2 and text, timeout=60,
                     what="the candidate's events on the console")
    assert f'href="{stack.config.url("sendgrid")}/"' in index and "CandidateRegistered" in index

    trace = wait_for(lambda: "ProfileCreated" in (text := page(f"{console}/trace/{candidate_id}")) and text,
                     timeout=60, what="the profile in the trace")
    assert "CandidateRegistered" in trace and "job_portal &rarr; candidate_profile, notification" in trace
    assert trace.index("CandidateRegistered") < trace.index("ProfileCreated")


def test_a_dead_letter_shows_its_reason(stack: Stack, console: str) -> None:
    # Schema-valid for the topic, but labelled as another type: every consumer dead-letters it at once.
    flow = f"wrong-type-{uuid.uuid4().hex[:8]}"
    event = found_jobs(flow, f"job-{flow}")
    publish(stack, "open-jobs-found", event, event_type="ProfileCreated")
    try:
        reason = "attribute event_type ProfileCreated on topic open-jobs-found"
        wait_for(lambda: held(stack, DEAD, flow), timeout=60, what="the dead letter")
        index = wait_for(lambda: flow in (text := page(console + "/")) and text, timeout=30, what="it on the page")
        section = index[index.index(f"<h3>{DEAD} "):]
        assert reason in section[:section.index("</table>")] and flow in section[:section.index("</table>")]
        trace = page(f"{console}/trace/{flow}")
        assert reason in trace and "dead letters of this flow" in trace.lower()
    finally:
        for subscription in WRONG_TYPE_SUBSCRIPTIONS:
            _remove(stack, subscription, flow)


def _remove(stack: Stack, subscription: str, flow: str) -> None:
    """Cleanup: each consumer of the topic dead-letters its own copy, maybe a moment after the first."""
    try:
        wait_for(lambda: held(stack, subscription, flow, acknowledge=True), timeout=30, what=f"{subscription} copy")
    except AssertionError:
        pass  # nothing to clean up there


def test_replay_publishes_a_dead_letter_again(stack: Stack, console: str) -> None:
    registered = register(stack, cadence="daily", email=new_email()).json()
    candidate_id, job_id = registered["candidate_id"], f"replayed-{uuid.uuid4().hex[:8]}"
    # As if the Portal had dead-lettered it before a fix; the reason is shown escaped.
    message_id = publish(stack, f"{DEAD}.dead-letter", found_jobs(candidate_id, job_id),
                         jobfeed_dead_letter_reason="<b>Portal</b> was down", jobfeed_source_subscription=DEAD)
    index = wait_for(lambda: message_id in (text := page(console + "/")) and text, timeout=30, what="the letter")
    assert "&lt;b&gt;Portal&lt;/b&gt; was down" in index and "<b>Portal</b>" not in index
    token = re.search(r'name="token" value="([^"]+)"', index).group(1)  # type: ignore[union-attr]
    form = {"subscription": DEAD, "message_id": message_id}

    forged = requests.post(f"{console}/dead-letters/replay", data={**form, "token": "forged"}, timeout=30)
    assert forged.status_code == 403
    replayed = requests.post(f"{console}/dead-letters/replay", data={**form, "token": token}, timeout=60)

    assert replayed.status_code == 200 and f"Replayed {message_id}" in replayed.text  # after the 303
    assert not [m for m in held(stack, DEAD, candidate_id) if m.message_id == message_id]
    wait_for(lambda: feed_doc(stack, candidate_id, job_id).get().exists, timeout=60, what="the replayed job")


def test_the_console_answers_loopback_names_only(console: str) -> None:
    port = console.rsplit(":", 1)[1]
    assert requests.get(f"{console}/healthz", headers={"Host": f"localhost:{port}"}, timeout=10).status_code == 200
    assert requests.get(f"{console}/healthz", headers={"Host": f"evil.example:{port}"}, timeout=10).status_code == 400
