"""The local SendGrid sink on a real port, driven by the official `sendgrid` client through the mailer."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from python_http_client.exceptions import BadRequestsError, HTTPError
from sendgrid import SendGridAPIClient

from emulator.sendgrid_sink import create_app
from notification.mail_body import OutgoingMail
from notification.mailer import Mailer, MailerSettings, MailRejected, MailUnavailable
from notification.render import render_instant
from tests.support.wsgi import serving

KEY = "SG.test-key"
ROOT = Path(__file__).resolve().parents[2]
JOB = {"job_id": "j1", "title": "Backend <Engineer>", "company": "Acme", "location": "Berlin",
       "remote": "remote", "url": "https://jobs.example/j1", "score": 0.9, "reasons": ["Python"]}


@pytest.fixture
def sink() -> Iterator[str]:
    with serving(create_app(KEY), poll_interval=0.05) as url:
        yield url


def mailer(host: str, key: str = KEY, sleeps: list[float] | None = None) -> Mailer:
    settings = MailerSettings(
        api_key=key, from_email="jobs@jobfeed.example", host=host, timeout_s=2,
        max_attempts=5, backoff_initial_s=0.01, backoff_max_s=0.05, retry_budget_s=5,
        breaker_fail_max=3, breaker_reset_s=60,
    )
    record = sleeps.append if sleeps is not None else time.sleep
    return Mailer(settings, sleep=record)


def outgoing(to_email: str = "ann@example.com") -> OutgoingMail:
    email = render_instant("Ann", "https://jobfeed.example/f/t", "https://jobfeed.example/u/t", [JOB])
    return OutgoingMail(to_email=to_email, to_name="Ann", candidate_id="cand-1",
                        unsubscribe_url="https://jobfeed.example/u/t", email=email, category="instant")


def control(sink: str, action: str, **spec: object) -> None:
    requests.post(f"{sink}/_control/{action}", json=spec, timeout=5).raise_for_status()


def stats(sink: str) -> dict:
    return requests.get(f"{sink}/_control/stats", timeout=5).json()


def messages(sink: str) -> list[dict]:
    return requests.get(f"{sink}/messages", timeout=5).json()


def test_sent_email_shows_up_in_messages(sink: str) -> None:
    message_id = mailer(sink).send(outgoing())

    [message] = messages(sink)
    assert message["id"] == message_id and len(message_id) == 22
    assert message["to"] == ["ann@example.com"]
    assert message["subject"] == "New job for you: Backend <Engineer> at Acme"
    assert message["headers"]["List-Unsubscribe"] == "<https://jobfeed.example/u/t>"
    assert message["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["custom_args"] == {"candidate_id": "cand-1"}
    assert message["categories"] == ["instant"]
    assert "Backend &lt;Engineer&gt;" in message["html"] and "Backend <Engineer>" in message["text"]
    assert requests.get(f"{sink}/messages/{message_id}", timeout=5).json() == message


def test_messages_filtered_by_recipient_list_only_theirs_whatever_the_case(sink: str) -> None:
    mailer(sink).send(outgoing("ann@example.com"))
    mailer(sink).send(outgoing("bob@example.com"))

    only = requests.get(f"{sink}/messages", params={"to": "Bob@Example.com"}, timeout=5).json()

    assert [m["to"] for m in only] == [["bob@example.com"]]
    assert len(messages(sink)) == 2
    assert requests.get(f"{sink}/messages", params={"to": "eve@example.com"}, timeout=5).json() == []


def test_missing_key_is_401_with_sendgrid_error_shape(sink: str) -> None:
    response = requests.post(f"{sink}/v3/mail/send", json={}, timeout=5)

    assert response.status_code == 401
    assert response.json() == {"errors": [{"message": "authorization required", "field": None, "help": None}]}


def test_wrong_key_is_unavailable_without_retry(sink: str) -> None:
    with pytest.raises(MailUnavailable, match="401"):
        mailer(sink, key="SG.wrong").send(outgoing())

    assert stats(sink) == {"requests": 1, "by_status": {"401": 1}}


def test_invalid_body_is_400_with_sendgrid_error_shape(sink: str) -> None:
    client = SendGridAPIClient(api_key=KEY, host=sink)
    body = {"personalizations": [{"to": [{"email": "ann@example.com"}]}], "from": {"email": "jobs@jobfeed.example"},
            "content": [{"type": "text/html", "value": "<p>x</p>"}, {"type": "text/plain", "value": "x"}]}

    with pytest.raises(BadRequestsError) as caught:
        client.send(body)

    errors = caught.value.to_dict["errors"]
    assert [e["field"] for e in errors] == ["subject", "content"]
    assert all(set(e) == {"message", "field", "help"} for e in errors)
    assert errors[0]["message"].startswith("The subject is required.")
    assert messages(sink) == []


@pytest.mark.parametrize(("change", "field"), [
    ({"personalizations": []}, "personalizations"),
    ({"personalizations": [{"to": [{"email": "not-an-address"}]}]}, "personalizations.0.to.0.email"),
    ({"personalizations": [{"to": []}]}, "personalizations.0.to"),
    ({"from": {"name": "no email"}}, "from.email"),
    ({"content": []}, "content"),
    ({"content": [{"type": "text/plain", "value": ""}]}, "content.0.value"),
    ({"headers": {"Reply-To": "x@example.com"}}, "headers"),
])
def test_sendgrid_validation_rules(sink: str, change: dict, field: str) -> None:
    body = {"personalizations": [{"to": [{"email": "ann@example.com"}]}], "from": {"email": "jobs@jobfeed.example"},
            "subject": "s", "content": [{"type": "text/plain", "value": "x"}]} | change

    response = requests.post(f"{sink}/v3/mail/send", json=body, headers={"Authorization": f"Bearer {KEY}"}, timeout=5)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_two_503s_then_success_delivers_once(sink: str) -> None:
    control(sink, "fail", status=503, count=2)

    mailer(sink).send(outgoing())

    assert len(messages(sink)) == 1
    assert stats(sink) == {"requests": 3, "by_status": {"503": 2, "202": 1}}


def test_429_waits_at_least_retry_after(sink: str) -> None:
    control(sink, "fail", status=429, count=1, retry_after=2)
    sleeps: list[float] = []

    mailer(sink, sleeps=sleeps).send(outgoing())

    assert len(sleeps) == 1 and sleeps[0] >= 2
    assert len(messages(sink)) == 1


def test_sustained_503_opens_breaker_and_fails_fast(sink: str) -> None:
    control(sink, "fail", status=503, seconds=60)
    shared = mailer(sink)

    with pytest.raises(MailUnavailable):
        shared.send(outgoing())
    assert stats(sink)["requests"] == 3  # breaker_fail_max: the third failure opens the circuit

    with pytest.raises(MailUnavailable, match="circuit breaker is open"):
        shared.send(outgoing())
    assert stats(sink)["requests"] == 3  # failed fast: the open circuit made no call


def test_timed_fault_ends_by_itself(sink: str) -> None:
    control(sink, "fail", status=503, seconds=0.3)
    client = SendGridAPIClient(api_key=KEY, host=sink)
    body = {"personalizations": [{"to": [{"email": "ann@example.com"}]}], "from": {"email": "jobs@jobfeed.example"},
            "subject": "s", "content": [{"type": "text/plain", "value": "x"}]}
    statuses: list[int] = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and 202 not in statuses:
        try:
            statuses.append(client.send(body).status_code)
        except HTTPError as exc:
            statuses.append(exc.status_code)
            time.sleep(0.05)

    assert statuses[0] == 503 and statuses[-1] == 202


def test_rejected_recipient_raises_mail_rejected_without_retry(sink: str) -> None:
    control(sink, "reject", email="bounce@example.com", status=400)

    with pytest.raises(MailRejected) as caught:
        mailer(sink).send(outgoing("bounce@example.com"))

    assert caught.value.status == 400 and caught.value.bad_recipient
    assert caught.value.errors[0]["field"] == "personalizations.0.to.0.email"
    assert stats(sink) == {"requests": 1, "by_status": {"400": 1}}
    assert messages(sink) == []


def test_unreachable_api_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(MailUnavailable):
        mailer(f"http://127.0.0.1:{port}").send(outgoing())


def test_inbox_page_sandboxes_escaped_html(sink: str) -> None:
    mailer(sink).send(outgoing())

    response = requests.get(f"{sink}/", timeout=5)

    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "<iframe sandbox " in response.text
    assert 'srcdoc="&lt;!doctype html&gt;' in response.text
    assert "Backend &amp;lt;Engineer&amp;gt;" in response.text  # escaped in the email, then for the attribute


def test_delete_messages_clears_inbox(sink: str) -> None:
    mailer(sink).send(outgoing())

    assert requests.delete(f"{sink}/messages", timeout=5).status_code == 204
    assert messages(sink) == []


def test_runs_as_a_module() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator.sendgrid_sink", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=os.environ | {"SENDGRID_API_KEY": KEY}, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert mailer(f"http://127.0.0.1:{port}").send(outgoing())
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_the_recipients_data_erasure_api_forgets_every_message_to_an_address(sink: str) -> None:
    client = mailer(sink)
    client.send(outgoing("erin@example.com"))
    client.send(outgoing("erin@example.com"))
    client.send(outgoing("other@example.com"))
    job_id = client.erase_recipients(["Erin@example.com"])
    assert job_id
    assert [m["to"] for m in messages(sink)] == [["other@example.com"]]


def test_the_erasure_api_refuses_invalid_addresses_and_missing_keys(sink: str) -> None:
    with pytest.raises(MailRejected) as rejected:
        mailer(sink).erase_recipients(["not an address"])
    assert rejected.value.status == 400 and "not valid" in str(rejected.value)
    with pytest.raises(MailUnavailable):
        mailer(sink, key="SG.wrong").erase_recipients(["erin@example.com"])


def test_the_request_log_lists_each_api_request_by_arrival_and_reset_clears_it(sink: str) -> None:
    client = mailer(sink)
    before = datetime.now(UTC)
    client.send(outgoing("erin@example.com"))
    client.send(outgoing("other@example.com"))
    client.erase_recipients(["Erin@example.com"])
    logged = requests.get(f"{sink}/_control/requests", params={"email": "ERIN@example.com"}, timeout=5).json()
    assert [(r["path"], r["status"], r["to"]) for r in logged] == [
        ("/v3/mail/send", 202, ["erin@example.com"]), ("/v3/recipients/erasejob", 202, ["erin@example.com"])]
    assert before <= datetime.fromisoformat(logged[0]["arrived_at"]) <= datetime.fromisoformat(logged[1]["arrived_at"])
    assert len(requests.get(f"{sink}/_control/requests", timeout=5).json()) == 3
    control(sink, "reset")
    assert requests.get(f"{sink}/_control/requests", timeout=5).json() == []


def test_a_configured_delay_holds_each_request_and_logs_its_arrival_before_the_wait(sink: str) -> None:
    control(sink, "delay", seconds=0.3)
    sent = threading.Thread(target=mailer(sink).send, args=(outgoing("slow@example.com"),))
    sent.start()
    sent.join(timeout=10)
    logged = requests.get(f"{sink}/_control/requests", timeout=5).json()
    stored = messages(sink)
    assert len(logged) == 1 and len(stored) == 1
    # The sink's own clock: the request was logged on arrival and stored only after the configured hold.
    held = datetime.fromisoformat(stored[0]["received_at"]) - datetime.fromisoformat(logged[0]["arrived_at"])
    assert held.total_seconds() >= 0.3
    control(sink, "delay", seconds=0)
    assert requests.post(f"{sink}/_control/delay", json={"seconds": -1}, timeout=5).status_code == 400
    assert requests.post(f"{sink}/_control/delay", json={"seconds": "1"}, timeout=5).status_code == 400
