"""Double opt-in (#18): a registration gets exactly one email, the confirmation; only a confirmed address gets
job emails; an expired, reused, tampered or replaced link is refused with a clear answer and changes nothing."""

from __future__ import annotations

import time

import requests

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email, post_jobs, python_job
from tests.e2e.portal.support import outbox_events
from tests.polling import wait_for

from .support import candidate, client_address, follow, mails, recipient, register, wait_confirmation_link


def test_one_confirmation_email_then_job_emails_only_after_confirming(consent_stack: Stack) -> None:
    stack, client, address = consent_stack, client_address(), new_email()
    job = python_job()
    post_jobs(stack, [job])
    response = register(stack, address, client)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["confirmation"] == "required"
    candidate_id, feed_url = body["candidate_id"], body["feed_url"]

    link = wait_confirmation_link(stack, address)
    # Matching runs before the confirmation, so the feed is ready; nothing but the confirmation is mailed.
    wait_for(lambda: feed(feed_url)["jobs"], timeout=60, what="the match on the feed")
    shown = feed(feed_url)
    assert shown["confirmation"]["state"] == "unconfirmed" and shown["confirmation"]["can_resend"]
    parked = wait_for(lambda: (r := recipient(stack, candidate_id)) and r.get("pending") and r, timeout=60,
                      what="Notification to park the match until the confirmation")
    assert parked["confirmed"] is False and not parked["has_pending"]
    assert [m["categories"] for m in mails(stack, address)] == [["confirmation"]]
    page = requests.get(feed_url, timeout=10)
    assert "Please confirm your email address" in page.text and "Send the confirmation again" in page.text

    stored = candidate(stack, candidate_id)
    assert stored is not None and stored["consent"]["form_version"] and stored["consent"]["consented_at"]
    assert stored["consent"]["confirmed_at"] is None and "nonce_hash" in stored["consent"]

    shown_link = requests.get(link, timeout=10)  # a mail scanner opening the link confirms nothing
    assert shown_link.status_code == 200 and "Confirm my email address" in shown_link.text
    assert (candidate(stack, candidate_id) or {})["consent"]["confirmed_at"] is None

    confirmed = follow(link, client)
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    job_mail = wait_for(lambda: mails(stack, address, "instant"), timeout=60, what="the job email after confirming")
    assert job["title"] in job_mail[0]["text"] and "confirmed this email address" in job_mail[0]["text"]
    assert len(mails(stack, address, "confirmation")) == 1
    after = feed(feed_url)
    assert after["confirmation"]["state"] == "confirmed" and after["confirmation"]["confirmed_at"]
    assert (candidate(stack, candidate_id) or {})["consent"]["confirmed_at"] is not None

    # Reused: refused, and nothing changes (no second CandidateConfirmed, same revision).
    revision = (candidate(stack, candidate_id) or {})["revision"]
    reused = follow(link, client)
    assert reused.status_code == 409 and reused.json()["state"] == "used"
    assert "used already" in requests.get(link, timeout=10).text
    assert (candidate(stack, candidate_id) or {})["revision"] == revision
    assert outbox_events(stack, candidate_id).count("CandidateConfirmed") == 1


def test_tampered_expired_and_replaced_links_change_nothing(consent_stack: Stack) -> None:
    stack, client, address = consent_stack, client_address(), new_email()
    body = register(stack, address, client).json()
    candidate_id, feed_url = body["candidate_id"], body["feed_url"]
    first = wait_confirmation_link(stack, address)

    code = first.rsplit("code=", 1)[1]
    tampered = first.replace(code, code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB"))
    answer = follow(tampered, client)
    assert answer.status_code == 400 and answer.json()["state"] == "invalid"
    page = requests.post(tampered, headers={"X-Forwarded-For": client}, timeout=10)
    assert page.status_code == 400 and "This link does not work" in page.text
    other = first.replace(f"/candidates/{candidate_id}/", f"/candidates/{'0' * 32}/")
    assert follow(other, client).json()["state"] == "invalid"  # a valid code for another candidate

    # "Send the confirmation again" (rate limited): a new link replaces the first.
    path, token = feed_url.split("?token=")
    again = requests.post(f"{path}/confirmation", params={"token": token}, timeout=10,
                          headers={"Accept": "application/json", "X-Forwarded-For": client})
    if again.status_code == 429:  # the resend gap (3 s) had not passed yet
        assert int(again.headers["Retry-After"]) >= 1
        time.sleep(3.5)
        again = requests.post(f"{path}/confirmation", params={"token": token}, timeout=10,
                              headers={"Accept": "application/json", "X-Forwarded-For": client})
    assert again.status_code == 202, again.text
    issued = time.monotonic()
    second = wait_confirmation_link(stack, address, count=2)
    assert second != first
    too_soon = requests.post(f"{path}/confirmation", params={"token": token}, timeout=10,
                             headers={"Accept": "application/json", "X-Forwarded-For": client})
    assert too_soon.status_code == 429 and "Retry-After" in too_soon.headers
    replaced = follow(first, client)
    assert replaced.status_code == 410 and replaced.json()["state"] == "replaced"

    # Expired: the links live 25 s here (JOBFEED_CONFIRM_LINK_TTL_S); the newest one is refused once it is older.
    time.sleep(max(0.0, 26.5 - (time.monotonic() - issued)))
    expired = follow(second, client)
    assert expired.status_code == 410 and expired.json()["state"] == "expired"
    assert "has expired" in requests.get(second, timeout=10).text

    stored = candidate(stack, candidate_id) or {}
    assert stored["consent"]["confirmed_at"] is None
    assert "CandidateConfirmed" not in outbox_events(stack, candidate_id)
    assert feed(feed_url)["confirmation"]["state"] == "unconfirmed"
    assert [m["categories"] for m in mails(stack, address)] == [["confirmation"], ["confirmation"]]
