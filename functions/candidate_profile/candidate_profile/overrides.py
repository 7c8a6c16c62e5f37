"""The candidate's corrections of what we read from their resume (CandidateUpdated `overrides`).

Profile keeps them with the profile and merges them into every later build, so a new resume keeps them: a
removed skill stays out even when the new resume names it, an added one stays in, corrected years and seniority
win over the form and the resume. The Portal sends the whole set with every CandidateUpdated (event-carried
state, not a delta), so the newest revision's set is simply the set; a null means the producer said nothing
about them and what is stored stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobfeed.skills import canonical_key

LEVELS = ("junior", "mid", "senior", "lead")
EMPTY: dict[str, Any] = {"skills_added": [], "skills_removed": [], "years_experience": None, "seniority": None}


def current(stored: Mapping[str, Any] | None, incoming: Mapping[str, Any] | None) -> dict[str, Any]:
    """The overrides to build with: the event's when it carries them (it is newer than what is stored, the
    handler checked the revision), else the stored ones, else none."""
    chosen = incoming if incoming is not None else stored
    return {**EMPTY, **{k: v for k, v in (chosen or {}).items() if k in EMPTY}}


def merge_skills(found: list[str], overrides: Mapping[str, Any]) -> list[str]:
    """The skills found (resume and form) without the removed ones, then the added ones not found already."""
    removed = {canonical_key(name) for name in overrides.get("skills_removed") or []}
    merged = [name for name in found if canonical_key(name) not in removed]
    have = {canonical_key(name) for name in merged}
    for name in overrides.get("skills_added") or []:
        if canonical_key(name) not in have and canonical_key(name) not in removed:
            merged.append(name)
            have.add(canonical_key(name))
    return merged


def years(derived: float | None, overrides: Mapping[str, Any]) -> float | None:
    corrected = overrides.get("years_experience")
    return round(float(corrected), 1) if corrected is not None else derived


def seniority(derived: str, overrides: Mapping[str, Any]) -> str:
    corrected = overrides.get("seniority")
    return corrected if corrected in LEVELS else derived
