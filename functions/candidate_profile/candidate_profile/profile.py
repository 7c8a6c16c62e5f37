"""The profile: the parsed resume merged with the form's preferences, versioned, ready for ProfileCreated."""

from __future__ import annotations

from typing import Any

from candidate_profile import overrides as corrections
from candidate_profile.parsing import ParsedResume
from candidate_profile.seniority import seniority
from candidate_profile.titles import normalize_title
from jobfeed.skills import normalize_skills

REMOTE_CHOICES = ("remote", "hybrid", "onsite")


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        cleaned = " ".join(item.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())


def merged_years(parsed: ParsedResume, preferences: dict[str, Any]) -> float | None:
    """The years the candidate typed in the form win (they know their career; dates on a page can mislead);
    otherwise the resume's date ranges; None when neither says."""
    typed = preferences.get("years_experience")
    if typed is not None:
        return round(max(float(typed), 0.0), 1)
    return parsed.years_experience


def build_profile(
    parsed: ParsedResume,
    preferences: dict[str, Any],
    candidate_id: str,
    version: int,
    candidate_revision: int,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The payload of ProfileCreated without the envelope (event_id, occurred_at, ... are the caller's).
    overrides: the candidate's corrections (candidate_profile.overrides), merged last so they always win."""
    fixes = corrections.current(None, overrides)
    remote = preferences.get("remote", "onsite")
    if remote not in REMOTE_CHOICES:
        raise ValueError(f"remote must be one of {REMOTE_CHOICES}, got {remote!r}")
    years = corrections.years(merged_years(parsed, preferences), fixes)
    wanted = [normalize_title(t) for t in preferences.get("titles", []) if t.strip()]
    salary_min = preferences.get("salary_min")
    return {
        "candidate_id": candidate_id,
        "profile_version": int(version),
        "candidate_revision": int(candidate_revision),
        "skills": corrections.merge_skills(
            _unique(parsed.skills + normalize_skills(list(preferences.get("skills", [])))), fixes),
        "titles": _unique(wanted + parsed.titles),
        "years_experience": float(years or 0.0),
        "seniority": corrections.seniority(seniority(years, parsed.titles, parsed.level_hints), fixes),
        "locations": _unique(list(preferences.get("locations", []))),
        "remote": remote,
        "salary_min": int(salary_min) if salary_min is not None else None,
        "open_to_relocation": bool(preferences.get("open_to_relocation", False)),
    }
