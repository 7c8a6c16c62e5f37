import json
from email.message import Message

import pytest
from python_http_client.exceptions import HTTPError

from notification.mail_body import OutgoingMail, build_body
from notification.mailer import (
    MailerSettings,
    MailRejected,
    MailUnavailable,
    backoff_seconds,
    classify,
    retry_after_seconds,
)
from notification.render import Email

SETTINGS = MailerSettings(api_key="k", from_email="jobs@jobfeed.example", backoff_initial_s=0.5, backoff_max_s=4)


def outgoing(**overrides: object) -> OutgoingMail:
    values = {
        "to_email": "ann@example.com", "to_name": "Ann", "candidate_id": "cand-1",
        "unsubscribe_url": "https://jobfeed.example/u/t", "email": Email("Subj", "text", "<p>html</p>"),
        "category": "instant",
    }
    return OutgoingMail(**(values | overrides))


def http_error(status: int, body: dict | None = None, retry_after: str | None = None) -> HTTPError:
    headers = Message()
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return HTTPError(status, "reason", json.dumps(body or {}).encode(), headers)


def test_body_carries_one_click_unsubscribe_and_candidate_id() -> None:
    body = build_body(outgoing(custom_args={"notification_id": "n1"}), "jobs@jobfeed.example", "jobfeed")

    assert body["headers"] == {
        "List-Unsubscribe": "<https://jobfeed.example/u/t>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert body["custom_args"] == {"notification_id": "n1", "candidate_id": "cand-1"}
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert body["personalizations"] == [{"to": [{"email": "ann@example.com", "name": "Ann"}]}]
    assert body["tracking_settings"]["click_tracking"]["enable"] is False


def test_candidate_id_cannot_be_overridden_by_extra_args() -> None:
    body = build_body(outgoing(custom_args={"candidate_id": "other"}), "jobs@jobfeed.example", "jobfeed")

    assert body["custom_args"]["candidate_id"] == "cand-1"


def test_backoff_grows_is_capped_and_honours_retry_after() -> None:
    assert all(0 <= backoff_seconds(SETTINGS, 1, None) <= 0.5 for _ in range(50))
    assert all(0 <= backoff_seconds(SETTINGS, 10, None) <= 4 for _ in range(50))
    assert backoff_seconds(SETTINGS, 1, 3.0) >= 3.0


@pytest.mark.parametrize(("value", "expected"), [("2", 2.0), ("0.5", 0.5), ("Wed, 21 Oct 2015 07:28:00 GMT", None)])
def test_retry_after_parsing(value: str, expected: float | None) -> None:
    headers = Message()
    headers["Retry-After"] = value
    assert retry_after_seconds(headers) == expected


def test_classify_transient_permanent_and_auth() -> None:
    throttled = classify(http_error(429, retry_after="3"))
    bad_address = classify(http_error(400, {"errors": [{"message": "x", "field": "personalizations.0.to.0.email"}]}))
    bad_body = classify(http_error(400, {"errors": [{"message": "x", "field": "subject"}]}))

    assert type(throttled).__name__ == "_Transient" and throttled.retry_after == 3.0
    assert type(classify(http_error(503))).__name__ == "_Transient"
    assert isinstance(bad_address, MailRejected) and bad_address.bad_recipient
    assert isinstance(bad_body, MailRejected) and not bad_body.bad_recipient
    assert isinstance(classify(http_error(401)), MailUnavailable)
