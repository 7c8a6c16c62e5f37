"""The Portal's decisions for the events it consumes, as pure functions of what the consumer read (the candidate,
the Portal's copy of the profile, which feed entries exist) and the event: feed_rules' status and feed rules
plus the profile copy's. consumers.py loads, calls one of these and stores what it says.

A candidate the Portal does not hold (erased, or never registered here) gets nothing: no status, no feed entry
and no profile copy back, whatever arrives late."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from . import feed_rules, profile_view
from .decision import CANDIDATE, FEED_ENTRY, NOTHING, PROFILE, Decision, Write

Fields = Mapping[str, Any]


def profile_created(candidate: Fields | None, view: Fields | None, payload: Fields, now: datetime) -> Decision:
    """The newest profile version wins the Portal's copy; the candidate's status follows feed_rules."""
    if candidate is None:
        return NOTHING
    candidate_id = payload["candidate_id"]
    writes = []
    kept = profile_view.after_profile_created(view, payload)
    if kept is not None:
        writes.append(Write(PROFILE, candidate_id, "set", {**kept, "updated_at": now}))
    update = feed_rules.after_profile_created(candidate, payload)
    if update is not None:  # None: a profile of an older resume arriving late
        writes.append(Write(CANDIDATE, candidate_id, "update", update))
    return Decision(tuple(writes))


def profile_failed(candidate: Fields | None, payload: Fields) -> Decision:
    """The compensating step: the candidate is asked for a new resume (unless a newer resume was given)."""
    update = feed_rules.after_profile_failed(candidate, payload) if candidate is not None else None
    if update is None:
        return NOTHING
    return Decision((Write(CANDIDATE, payload["candidate_id"], "update", update),))


def open_jobs_found(candidate: Fields | None, existing: Collection[str], payload: Fields, event_id: str,
                    now: datetime) -> Decision:
    """One feed entry per job ever (`existing`: the jobs' entries the candidate has already); the status and
    profile version move forward only."""
    if candidate is None:
        return NOTHING
    candidate_id = payload["candidate_id"]
    entries = feed_rules.new_entries(payload, existing, event_id, now.isoformat())
    writes = [Write(FEED_ENTRY, job_id, "create", entry, parent=candidate_id) for job_id, entry in entries.items()]
    update = feed_rules.after_open_jobs_found(candidate, payload)
    if update:
        writes.append(Write(CANDIDATE, candidate_id, "update", update))
    return Decision(tuple(writes))
