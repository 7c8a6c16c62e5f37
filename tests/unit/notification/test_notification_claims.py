"""claims.py: the emails an event's transaction creates are claimed by it when the recipient, as the transaction
leaves it, may get them, and cancelled when not, the same rule every later claim applies. No emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from notification.claims import as_created, sendable
from notification.recipient_rules import after_candidate

from .test_notification_decisions import candidate, recipient

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def doc(kind: str) -> dict[str, Any]:
    return {"candidate_id": "c1", "kind": kind, "jobs": [], "period": None, "status": "pending"}


@pytest.mark.parametrize(("kind", "fields", "allowed"), [
    ("instant", {}, True),
    ("instant", {"confirmed": False}, False),  # double opt-in: nothing but the confirmation before it
    ("confirmation", {"confirmed": False}, True),
    ("instant", {"subscribed": False}, False),
    ("confirmation", {"subscribed": False}, False),
    ("feed_link", {"undeliverable": True}, False),
    ("digest", {"erased": True}, False),
])
def test_who_may_be_emailed(kind: str, fields: dict[str, Any], allowed: bool) -> None:
    assert sendable(kind, recipient(**fields)) is allowed


def test_a_recipient_without_the_confirmed_field_predates_double_opt_in_and_may_be_emailed() -> None:
    legacy = {k: v for k, v in recipient().items() if k != "confirmed"}
    assert sendable("instant", legacy)


def test_created_emails_are_claimed_for_a_recipient_who_may_get_them_and_cancelled_otherwise() -> None:
    created = as_created({"e1": doc("instant"), "e2": doc("confirmation")}, recipient(confirmed=False), NOW)

    assert created["e1"]["status"] == "cancelled" and "claimed_at" not in created["e1"]
    assert created["e1"]["expire_at"] > NOW  # a cancelled email is kept a while, then purged
    assert created["e2"]["status"] == "sending" and created["e2"]["claimed_at"] == NOW
    assert {k: v for k, v in created["e2"].items() if k not in ("status", "claimed_at")} == \
        {k: v for k, v in doc("confirmation").items() if k != "status"}


def test_a_feed_link_asked_for_by_an_unsubscribed_candidate_is_created_cancelled() -> None:
    """The rules create the link email whatever the recipient's state; the claim is what keeps it from going."""
    decision = after_candidate(recipient(revision=1), candidate(2, subscribed=False, change="link_requested"),
                               "CandidateUpdated", "ev-2", NOW, timedelta(0))
    assert decision.record is not None
    [link] = as_created(decision.emails, decision.record, NOW).values()
    assert link["kind"] == "feed_link" and link["status"] == "cancelled"
