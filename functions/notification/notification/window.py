"""The instant cadence's window, as pure rules on the recipient document: the first match is emailed at once
and opens a window (default 10 minutes, JOBFEED_INSTANT_WINDOW_S); matches inside it wait in `pending`, as for
a digest, until the scheduled tick (instant.WindowRun) sends them as one email and opens the next window."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

INSTANT = "instant"


def window_open(stored: Mapping[str, Any], now: datetime) -> bool:
    until = stored.get("window_until")
    return until is not None and now < until


def gathers(stored: Mapping[str, Any], now: datetime) -> bool:
    """A match waits if the window is open, or if an ended window's jobs still wait for the tick (they go first,
    together with it)."""
    return bool(stored.get("pending")) or window_open(stored, now)


def window_due(stored: Mapping[str, Any], now: datetime) -> bool:
    """The tick sends this recipient's waiting jobs now."""
    return bool(stored.get("has_pending")) and stored.get("cadence") == INSTANT and not window_open(stored, now)


def next_window(now: datetime, window: timedelta) -> datetime | None:
    return now + window if window else None
