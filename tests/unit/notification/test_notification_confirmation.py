"""Notification's double opt-in rules: only the confirmation email before the confirmation, the flag never goes
back, one confirmation email per request; and the footers say why the person gets the email and how to stop."""

from __future__ import annotations

from notification.confirmation import confirmation_email_id, confirmed_now, may_send
from notification.render import render_confirmation, render_instant


def payload(confirmed: bool, confirm_url: str | None, change: str | None = None) -> dict:
    body = {"candidate_id": "c1", "revision": 4,
            "contact": {"name": "A", "email": "a@example.com", "feed_url": "https://p/f", "subscribed": True,
                        "confirmed": confirmed, "confirm_url": confirm_url}}
    return body | ({"change": change} if change else {})


def test_an_unconfirmed_address_gets_the_confirmation_and_nothing_else() -> None:
    unconfirmed = {"confirmed": False}
    assert may_send("confirmation", unconfirmed)
    assert not any(may_send(kind, unconfirmed) for kind in ("instant", "digest", "feed_link"))
    assert all(may_send(kind, {"confirmed": True}) for kind in ("instant", "digest", "feed_link", "confirmation"))
    assert may_send("instant", {})  # a recipient from before double opt-in


def test_confirmation_never_goes_back() -> None:
    assert confirmed_now({"confirmed": True}, {"confirmed": False})  # an older event arriving late
    assert confirmed_now({}, {"confirmed": True}) and not confirmed_now({"confirmed": False}, {"confirmed": False})
    assert confirmed_now({}, {})  # an event from before double opt-in


def test_one_confirmation_email_per_request() -> None:
    assert confirmation_email_id(payload(False, "https://p/c?code=x")) == "c1-confirm-4"
    assert confirmation_email_id(payload(False, "https://p/c?code=x", "confirmation_requested")) == "c1-confirm-4"
    assert confirmation_email_id(payload(False, None, "preferences")) is None
    assert confirmation_email_id(payload(False, "https://p/c?code=x", "preferences")) is None
    assert confirmation_email_id(payload(True, "https://p/c?code=x")) is None


def test_the_footers_say_why_and_how_to_stop() -> None:
    confirmation = render_confirmation("Ana", "https://p/c?code=x", "https://p/f", "https://p/f/unsubscribe")
    assert "https://p/c?code=x" in confirmation.text and "someone registered this address" in confirmation.text
    assert "confirm" in confirmation.subject.lower() and "https://p/c?code=x" in confirmation.html
    job = {"job_id": "j", "title": "T", "company": "C", "location": "L", "remote": "remote", "url": "https://j",
           "score": 0.9, "reasons": []}
    instant = render_instant("Ana", "https://p/f", "https://p/f/unsubscribe", [job])
    for body in (instant.text, instant.html):
        assert "confirmed this email address" in body and "https://p/f/unsubscribe" in body
