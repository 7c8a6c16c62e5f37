"""jobfeed.rate_limit's pure parts: limits, windows, the decision, the counter id and the client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from job_portal.limits import from_env as portal_limits
from jobfeed.rate_limit import (
    Limit,
    client_address,
    counter_id,
    decide,
    limits_enabled,
    window_at,
)

NOW = datetime(2026, 11, 26, 10, 59, 30, tzinfo=UTC)


def test_a_limit_reads_count_per_seconds_and_refuses_anything_else() -> None:
    assert Limit.parse("register_per_client", " 20/3600 ") == Limit("register_per_client", 20, 3600)
    for bad in ("20", "20/", "a/60", "0/60", "5/0", "-1/60"):
        with pytest.raises(ValueError, match="register_per_client"):
            Limit.parse("register_per_client", bad)


def test_the_portals_limits_come_from_their_knobs_or_the_listed_defaults() -> None:
    limits = portal_limits(None, {"JOBFEED_RATE_WRITE_PER_CLIENT": "3/60"}).limits  # type: ignore[arg-type]
    assert limits["write_per_client"] == Limit("write_per_client", 3, 60)
    assert limits["register_per_client"] == Limit("register_per_client", 20, 3600)
    assert limits["register_per_email"] == Limit("register_per_email", 5, 3600)
    assert portal_limits(None, {"JOBFEED_RATE_LIMITS": "off"}).limiter is None  # type: ignore[arg-type]


def test_the_window_is_fixed_and_the_nth_request_passes_the_next_does_not() -> None:
    limit = Limit("x", 3, 3600)
    window = window_at(limit, NOW)
    assert window.start == datetime(2026, 11, 26, 10, tzinfo=UTC) and window.end == window.start + timedelta(hours=1)
    assert window_at(limit, NOW + timedelta(minutes=1)).index == window.index + 1  # 11:00:30 is the next window

    assert decide(limit, 3, window, NOW).allowed
    refused = decide(limit, 4, window, NOW)
    assert not refused.allowed and refused.retry_after_s == 30  # until 11:00, rounded up to whole seconds
    assert decide(limit, 4, window, window.end - timedelta(milliseconds=1)).retry_after_s == 1


def test_the_counter_id_names_neither_the_address_nor_the_email() -> None:
    limit, window = Limit("register_per_email", 5, 3600), window_at(Limit("x", 1, 3600), NOW)
    key = counter_id(limit, "Ada@Example.com", window)
    assert "ada" not in key.lower() and len(key) == 64
    assert key == counter_id(limit, "ada@example.com", window)  # one counter per address, whatever the case
    assert key != counter_id(Limit("register_per_client", 5, 3600), "ada@example.com", window)


def test_the_client_address_is_the_one_the_trusted_proxies_appended() -> None:
    assert client_address("10.0.0.1", ["1.2.3.4"], 0) == "10.0.0.1"  # no proxy trusted: the peer
    # Behind the load balancer: "<what the client sent>, <client>, <load balancer>".
    assert client_address("10.0.0.1", ["6.6.6.6, 203.0.113.9, 130.211.0.1"], 2) == "203.0.113.9"
    assert client_address("10.0.0.1", ["6.6.6.6", "203.0.113.9, 130.211.0.1"], 2) == "203.0.113.9"
    assert client_address("10.0.0.1", [], 2) == "10.0.0.1"  # fewer entries than proxies: not forged, the peer
    assert client_address(None, [], 0) == "unknown"


def test_limits_are_on_unless_switched_off() -> None:
    assert limits_enabled({}) and limits_enabled({"JOBFEED_RATE_LIMITS": "on"})
    assert not limits_enabled({"JOBFEED_RATE_LIMITS": "off"}) and not limits_enabled({"JOBFEED_RATE_LIMITS": "0"})
