""""What we read from your resume": the Portal's own copy of the newest profile, kept from the ProfileCreated
events it consumes (the Portal never reads Profile's collections), and how the feed page and its JSON twin show
it: skills grouped by the shared taxonomy's categories, years, seniority, titles, and the candidate's own
corrections next to them. Pure: event_rules decides the copy with it, PortalStore.profile reads the copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobfeed.skills import canonical_key, category_label, category_of

KEPT = ("profile_version", "candidate_revision", "skills", "titles", "years_experience", "seniority")
SENIORITY_LABELS = {"junior": "Junior", "mid": "Mid-level", "senior": "Senior", "lead": "Lead"}


def after_profile_created(view: Mapping[str, Any] | None, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The copy to keep, or None when what is kept is as new or newer (redelivery, or an older profile late)."""
    if view is not None and view.get("profile_version", 0) >= payload["profile_version"]:
        return None
    return {key: payload[key] for key in KEPT}


def shown(view: Mapping[str, Any] | None, candidate: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the page and the JSON twin show; None before the first profile. `updating` is true while a
    correction the candidate made is not yet in the newest profile."""
    if view is None:
        return None
    overrides = candidate.get("overrides") or {}
    added = {canonical_key(name) for name in overrides.get("skills_added") or []}
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in view.get("skills") or []:
        category = category_of(name) or "other"
        groups.setdefault(category, []).append({"name": name, "added_by_you": canonical_key(name) in added})
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "soft_skills", -len(item[1]), item[0]))
    seniority = str(view.get("seniority") or "")
    return {
        "profile_version": int(view.get("profile_version") or 0),
        "skills_by_category": [{"category": category, "label": category_label(category), "skills": skills}
                               for category, skills in ordered],
        "skills_removed": list(overrides.get("skills_removed") or []),
        "titles": list(view.get("titles") or []),
        "years_experience": float(view.get("years_experience") or 0.0),
        "years_text": f"{float(view.get('years_experience') or 0.0):g}",
        "years_corrected": overrides.get("years_experience") is not None,
        "seniority": seniority,
        "seniority_label": SENIORITY_LABELS.get(seniority, seniority),
        "seniority_corrected": overrides.get("seniority") is not None,
        "updating": int(candidate.get("overrides_revision") or 0) > int(view.get("candidate_revision") or 0),
    }


def skill_names(view: Mapping[str, Any] | None) -> list[str]:
    return list((view or {}).get("skills") or [])
