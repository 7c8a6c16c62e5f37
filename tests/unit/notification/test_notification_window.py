"""The instant window's rules on a recipient document (notification/window.py)."""

from datetime import UTC, datetime, timedelta

from notification.window import gathers, next_window, window_due

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
JOB = {"job_id": "j1"}


def test_the_first_match_after_a_quiet_spell_goes_at_once() -> None:
    assert not gathers({"pending": [], "window_until": None}, NOW)
    assert not gathers({"pending": [], "window_until": NOW - timedelta(seconds=1)}, NOW)


def test_matches_wait_while_the_window_is_open_or_its_jobs_still_wait() -> None:
    assert gathers({"pending": [], "window_until": NOW + timedelta(seconds=1)}, NOW)
    assert gathers({"pending": [JOB], "window_until": NOW - timedelta(minutes=5)}, NOW)  # the tick has not run yet


def test_the_tick_sends_an_instant_recipient_once_the_window_ended() -> None:
    waiting = {"cadence": "instant", "has_pending": True, "pending": [JOB]}
    assert not window_due({**waiting, "window_until": NOW + timedelta(seconds=1)}, NOW)
    assert window_due({**waiting, "window_until": NOW}, NOW)
    assert window_due({**waiting, "window_until": None}, NOW)  # e.g. switched from a digest cadence
    assert not window_due({**waiting, "cadence": "daily", "window_until": None}, NOW)  # the daily digest's
    assert not window_due({"cadence": "instant", "has_pending": False, "window_until": None}, NOW)


def test_a_zero_window_never_opens() -> None:
    assert next_window(NOW, timedelta(0)) is None
    assert next_window(NOW, timedelta(minutes=10)) == NOW + timedelta(minutes=10)
