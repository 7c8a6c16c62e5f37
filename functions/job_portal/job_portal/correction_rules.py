"""The candidate's corrections of their profile (the overrides record), as pure functions: how one correction
changes the whole set, and what saving it writes and emits. A correction that changes nothing writes and emits
nothing, so a double click or a replayed POST is harmless; a candidate erased meanwhile gets nothing back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jobfeed.skills import canonical_key

from .candidates import updated_event
from .decision import CANDIDATE, NOTHING, Decision, Write

CHANGE = "profile_corrected"
EMPTY: dict[str, Any] = {"skills_added": [], "skills_removed": [], "years_experience": None, "seniority": None}


@dataclass(frozen=True)
class Correction:
    add: list[str] = field(default_factory=list)  # canonical names
    remove: list[str] = field(default_factory=list)
    restore: list[str] = field(default_factory=list)
    years: float | None = None
    seniority: str | None = None

    def empty(self) -> bool:
        return not (self.add or self.remove or self.restore) and self.years is None and self.seniority is None


def apply(overrides: Mapping[str, Any] | None, correction: Correction) -> dict[str, Any]:
    """The whole new set: an added skill is no longer removed and a removed one no longer added."""
    new = {**EMPTY, **(overrides or {})}
    added, removed = list(new["skills_added"]), list(new["skills_removed"])
    for name in correction.remove:
        added = [a for a in added if canonical_key(a) != canonical_key(name)]
        if canonical_key(name) not in {canonical_key(r) for r in removed}:
            removed.append(name)
    for name in [*correction.add, *correction.restore]:
        removed = [r for r in removed if canonical_key(r) != canonical_key(name)]
    for name in correction.add:
        if canonical_key(name) not in {canonical_key(a) for a in added}:
            added.append(name)
    new.update(skills_added=added, skills_removed=removed)
    if correction.years is not None:
        new["years_experience"] = correction.years
    if correction.seniority is not None:
        new["seniority"] = correction.seniority
    return new


def corrected(stored: Mapping[str, Any] | None, candidate_id: str, correction: Correction, now: datetime,
              url: str) -> Decision:
    """The correction applied to the freshest overrides: a new revision, `overrides_revision` (the profile shows
    the correction once it is built from this revision), and CandidateUpdated with the whole set."""
    if stored is None:
        return NOTHING  # erased meanwhile
    overrides = apply(stored.get("overrides"), correction)
    if overrides == {**EMPTY, **(stored.get("overrides") or {})}:
        return NOTHING
    doc = {**stored, "overrides": overrides, "revision": stored["revision"] + 1, "updated_at": now}
    doc["overrides_revision"] = doc["revision"]
    return Decision((Write(CANDIDATE, candidate_id, "set", doc),), (updated_event(doc, url, CHANGE),))
