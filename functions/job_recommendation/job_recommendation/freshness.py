"""Whether a catch-up of the index serves an event, so a burst shares catch-ups instead of each event running one.

An event's catch-up must show it (1) everything its cause committed, which was committed before the broker took
the event (the outbox publishes after the commit), and (2) everything committed before it arrived, give or take
a bounded moment. (2) is what keeps two instances from missing a pair: a job and a profile miss each other only
when each side's view predates the other's commit, so how far a view may predate its event's arrival is how
wide that window is (docs/design-notes.md, "Recommendation index").

A catch-up serves an event when its query started
- after the event asked (the strict rule: both on this instance's monotonic clock, so no skew), or
- after the event was published, by more than CLOCK_MARGIN (the broker's publishTime against this instance's
  clock; the margin covers their skew), and at most REUSE before the event asked.
Under a burst the broker holds a backlog, so every event queued behind a catch-up that started after the burst
was published can use it (the finished one, or the one in flight, for which it waits), while REUSE bounds how
stale a view can be. An event without a publish time (a direct call, an older delivery) gets the strict rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Pub/Sub stamps publishTime with Google's clock and the instance reads its own (both NTP-disciplined, normally
# within milliseconds); a catch-up must start this much after publishTime to count as after it.
CLOCK_MARGIN = timedelta(seconds=float(os.environ.get("JOBFEED_INDEX_CLOCK_MARGIN_S", "0.25")))
# How much earlier than an event's arrival its catch-up may have started (0: only catch-ups started after it).
REUSE = float(os.environ.get("JOBFEED_INDEX_REUSE_S", "0.5"))


@dataclass(frozen=True)
class Ask:
    """An event asking for a current index: when (monotonic seconds) and when the broker took it (if known)."""

    at: float
    published: datetime | None = None


@dataclass(frozen=True)
class Start:
    """When a catch-up's query went out, on both clocks: monotonic for asks, wall (UTC) for publish times."""

    at: float
    wall: datetime


NEVER = Start(-float("inf"), datetime.min.replace(tzinfo=UTC))  # before any ask: serves nothing


def serves(start: Start, ask: Ask, margin: timedelta = CLOCK_MARGIN, reuse: float = REUSE) -> bool:
    """Whether a catch-up that started at `start` shows the asking event all it needs (module docstring).
    Monotonic in `start`: a later catch-up serves whatever an earlier one serves."""
    if start.at >= ask.at:
        return True
    if ask.published is None or reuse <= 0:
        return False
    return start.wall >= ask.published + margin and start.at >= ask.at - reuse


def published(publish_time: str | None) -> datetime | None:
    """The broker's publishTime (RFC 3339, up to nanoseconds); None when absent or not a zoned time."""
    if not publish_time:
        return None
    try:
        parsed = datetime.fromisoformat(publish_time)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
