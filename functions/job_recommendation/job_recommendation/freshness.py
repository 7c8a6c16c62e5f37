"""Whether a catch-up of the index serves an event, so a burst shares catch-ups instead of each event running one.

An event's catch-up must show it (1) everything its cause committed, which was committed before the broker took
the event (the outbox publishes after the commit), and (2) what other instances committed shortly before it: a
job and a profile miss each other when each side's view predates the other's commit, so the time from an event's
view to its own commit is how wide that gap is (docs/design-notes.md, "Recommendation index").

A catch-up serves an event when its query started
- after the event asked (the strict rule: both on this instance's monotonic clock, so no skew), or
- after the event was published, by more than CLOCK_MARGIN (the broker's publishTime against this instance's
  clock; the margin covers their skew), and no longer before the event asked than REUSE or than the catch-up's
  own query took. So an event that arrives while a query is in flight waits for it instead of running the next
  one: its view starts earlier but its commit comes a query earlier too, so (2)'s window is no wider than the
  strict rule's (one query and the event's own work); a finished one is reused for REUSE (or its duration).
Under a burst the broker holds a backlog, so every event queued behind a recent catch-up that started after the
burst was published can use it. An event without a publish time (a direct call, an older delivery) gets the
strict rule, and REUSE = 0 turns the publish-time rule off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Pub/Sub stamps publishTime with Google's clock and the instance reads its own (both NTP-disciplined, normally
# within milliseconds); a catch-up must start this much after publishTime to count as after it.
CLOCK_MARGIN = timedelta(seconds=0.25)  # JOBFEED_INDEX_CLOCK_MARGIN_S (RecommendationSettings)
# How much earlier than an event's arrival a finished catch-up may have started and still serve it (also: as long
# as that catch-up's query took); 0: only catch-ups started after the event asked.
REUSE = 0.5  # JOBFEED_INDEX_REUSE_S (RecommendationSettings)


@dataclass(frozen=True)
class Ask:
    """An event asking for a current index: when (monotonic seconds) and when the broker took it (if known)."""

    at: float
    published: datetime | None = None


@dataclass(frozen=True)
class Start:
    """When a catch-up's query went out, on both clocks (monotonic for asks, wall UTC for publish times), and how
    long it took until its documents were in the index."""

    at: float
    wall: datetime
    took: float = 0.0


NEVER = Start(-float("inf"), datetime.min.replace(tzinfo=UTC))  # before any ask: serves nothing


def serves(start: Start, ask: Ask, margin: timedelta = CLOCK_MARGIN, reuse: float = REUSE) -> bool:
    """Whether a catch-up that started at `start` shows the asking event all it needs (module docstring). Of
    catch-ups that took as long, a later one serves whatever an earlier one serves, so checking the newest is
    enough (an older, slower one that would serve too only saves a query)."""
    if start.at >= ask.at:
        return True
    if ask.published is None or reuse <= 0:
        return False
    return start.wall >= ask.published + margin and ask.at - start.at <= max(reuse, start.took)


def published(publish_time: str | None) -> datetime | None:
    """The broker's publishTime (RFC 3339, up to nanoseconds); None when absent or not a zoned time."""
    if not publish_time:
        return None
    try:
        parsed = datetime.fromisoformat(publish_time)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
