"""Rebuild the Portal's candidate feed from the event log: pure folding and comparing, no I/O.

The log entries of one candidate, in publish order, go through job_portal.feed_rules (the rules the Portal's
consumers apply live), so the result is what the feed should be. Feed entries are compared without their
added_at: live it is the moment the Portal consumed the event, rebuilt it is the moment it was published."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from job_portal import feed_rules

PORTAL_EVENTS = ("CandidateRegistered", "CandidateUpdated", "CandidateErasureRequested", "ProfileCreated",
                 "ProfileCreationFailed", "OpenJobsFound")
STATE_FIELDS = tuple(feed_rules.INITIAL)
Rule = Callable[[feed_rules.Fields, feed_rules.Fields], dict[str, Any] | None]
RULES: dict[str, Rule] = {"ProfileCreated": feed_rules.after_profile_created,
                          "ProfileCreationFailed": feed_rules.after_profile_failed,
                          "OpenJobsFound": feed_rules.after_open_jobs_found}
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")


@dataclass
class Feed:
    """One candidate's read model: the fields the rules decide (status...) and the feed entries by job id."""

    state: dict[str, Any]
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Difference:
    job_ids: tuple[str, ...] = ()  # missing, extra, or with other fields
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (live, rebuilt)
    candidate: str = ""  # set when one side has no candidate at all

    @property
    def matches(self) -> bool:
        return not (self.job_ids or self.fields or self.candidate)


def published_at(entry: Mapping[str, Any]) -> datetime:
    """When the broker took the event (occurred_at if the log lacks it); Pub/Sub may give nanoseconds."""
    stamp = _LONG_FRACTION.sub(r"\1", str(entry.get("published_at") or entry["occurred_at"]))
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def in_publish_order(entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(entries, key=lambda e: (published_at(e), str(e.get("occurred_at")), str(e["event_id"])))


def fold(entries: Iterable[Mapping[str, Any]]) -> Feed | None:
    """The feed that the given log entries (one candidate's, in publish order) lead to; None: no candidate
    (never registered according to the log, or erased). An event id seen twice counts once."""
    feed: Feed | None = None
    seen: set[str] = set()
    for entry in entries:
        if entry["event_id"] not in seen:
            seen.add(entry["event_id"])
            feed = _apply(feed, entry)
    return feed


def _apply(feed: Feed | None, entry: Mapping[str, Any]) -> Feed | None:
    kind, payload = entry["event_type"], entry["payload"]
    if kind == "CandidateRegistered":
        return feed or Feed(dict(feed_rules.INITIAL))
    if kind == "CandidateErasureRequested" or feed is None:
        return None  # erased, or the Portal has no candidate to change (the live consumer ignores it too)
    if kind == "CandidateUpdated" and payload.get("change") == "resume":
        feed.state.update(feed_rules.RESUME_REPLACED)
    rule = RULES.get(kind)
    update = rule(feed.state, payload) if rule else None
    if update is None:
        return feed
    if kind == "OpenJobsFound":
        added_at = published_at(entry).isoformat()
        feed.entries.update(feed_rules.new_entries(payload, feed.entries, entry["event_id"], added_at))
    feed.state.update(update)
    return feed


def _comparable(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "added_at"}


def compare(live: Feed | None, rebuilt: Feed | None) -> Difference:
    if live is None or rebuilt is None:
        if live is rebuilt:
            return Difference()
        return Difference(candidate="no live candidate" if live is None else "no registration in the event log")
    jobs = set(live.entries) ^ set(rebuilt.entries)
    jobs |= {j for j in set(live.entries) & set(rebuilt.entries)
             if _comparable(live.entries[j]) != _comparable(rebuilt.entries[j])}
    fields = {name: (live.state.get(name), rebuilt.state.get(name)) for name in STATE_FIELDS
              if live.state.get(name) != rebuilt.state.get(name)}
    return Difference(tuple(sorted(jobs)), fields)


@dataclass(frozen=True)
class Repair:
    writes: dict[str, dict[str, Any]]  # job id -> the rebuilt entry
    deletes: tuple[str, ...]
    state: dict[str, Any]  # candidate fields to set


def repair(live: Feed, rebuilt: Feed) -> Repair:
    """What turns the live feed into the rebuilt one; entries that already match keep their added_at."""
    difference = compare(live, rebuilt)
    writes = {j: rebuilt.entries[j] for j in difference.job_ids if j in rebuilt.entries}
    deletes = tuple(j for j in difference.job_ids if j not in rebuilt.entries)
    return Repair(writes, deletes, {name: pair[1] for name, pair in difference.fields.items()})


def describe(difference: Difference) -> str:
    if difference.matches:
        return "matches"
    if difference.candidate:
        return f"differs: {difference.candidate}"
    parts = [f"jobs {', '.join(difference.job_ids)}"] if difference.job_ids else []
    parts += [f"{name} live {live!r} rebuilt {rebuilt!r}" for name, (live, rebuilt) in difference.fields.items()]
    return "differs: " + "; ".join(parts)
