"""jobfeed.retention: how long each kind of bookkeeping document is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobfeed.collections import outbox_collection, processed_collection
from jobfeed.retention import EVENT_LOG_RETENTION_ENV, EXPIRE_AT, KINDS, expiry, retention, ttl_collections

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("kind", "days"), [("outbox", 7), ("processed", 30), ("email", 90), ("event_log", 365)])
def test_each_kind_expires_after_its_period(kind: str, days: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EVENT_LOG_RETENTION_ENV, raising=False)
    assert expiry(kind, NOW) == {EXPIRE_AT: NOW + timedelta(days=days)}


def test_markers_outlive_every_redelivery_of_their_event() -> None:
    pubsub_retention, dead_letter_retention = timedelta(days=7), timedelta(days=7)  # topology defaults
    assert retention("processed") > pubsub_retention + dead_letter_retention  # type: ignore[operator]


def test_the_event_log_period_is_configurable_and_zero_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(EVENT_LOG_RETENTION_ENV, "45")
    assert expiry("event_log", NOW) == {EXPIRE_AT: NOW + timedelta(days=45)}
    monkeypatch.setenv(EVENT_LOG_RETENTION_ENV, "0")
    assert expiry("event_log", NOW) == {} and retention("event_log") is None


def test_every_kind_has_collections() -> None:
    collections = ttl_collections(["notification", "job_portal"])

    assert set(collections.values()) == set(KINDS)
    assert collections[outbox_collection("job_portal")] == "outbox"
    assert collections[processed_collection("notification")] == "processed"
