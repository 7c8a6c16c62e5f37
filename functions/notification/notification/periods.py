"""Digest periods: the id that makes "one email per candidate per period" a document key, and its dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def period_of(cadence: str, day: date) -> str:
    """The period that a digest sent on `day` closes: yesterday, last ISO week, or last month."""
    if cadence == "daily":
        return (day - timedelta(days=1)).isoformat()
    if cadence == "weekly":
        year, week, _ = (day - timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"
    last_month = day.replace(day=1) - timedelta(days=1)
    return f"{last_month.year}-{last_month.month:02d}"


def resolve(cadence: str, period: str, occurred_at: str) -> str:
    """Cloud Scheduler cannot compute a period, so its jobs send "scheduled": derive it from the event time."""
    if period != "scheduled":
        return period
    return period_of(cadence, datetime.fromisoformat(occurred_at.replace("Z", "+00:00")).date())


def bounds(period: str) -> tuple[date, date]:
    """First and last day of a period id, for the email's subject line."""
    if "-W" in period:
        year, week = period.split("-W")
        start = date.fromisocalendar(int(year), int(week), 1)
        return start, start + timedelta(days=6)
    parts = [int(p) for p in period.split("-")]
    if len(parts) == 3:
        return date(*parts), date(*parts)
    start = date(parts[0], parts[1], 1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)
