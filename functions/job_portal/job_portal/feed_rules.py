"""The Portal's decision rules for a candidate's status and feed, as pure functions of the candidate's fields
and one event's payload. The consumers apply them inside a transaction; `ops rebuild-feed` folds the event log
through the very same functions, so a rebuilt feed cannot follow other rules than the live one.

Each `after_*` returns the candidate fields to update, or None when the event is stale and changes nothing
(an older OpenJobsFound still adds its jobs: see after_open_jobs_found)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

Fields = Mapping[str, Any]

# What a new registration starts with (PortalStore._new_doc writes these).
INITIAL: dict[str, Any] = {"status": "registered", "status_reason": None, "profile_version": 0,
                           "profile_revision": 0}
# A new resume puts the candidate back to waiting for a profile (PortalStore.replace_resume writes these).
RESUME_REPLACED: dict[str, Any] = {"status": "registered", "status_reason": None}


def after_profile_created(doc: Fields, payload: Fields) -> dict[str, Any] | None:
    if payload["candidate_revision"] < doc.get("profile_revision", 0):
        return None  # a profile of an older resume arriving late
    update: dict[str, Any] = {"profile_revision": payload["candidate_revision"],
                              "profile_version": max(doc.get("profile_version", 0), payload["profile_version"])}
    if doc["status"] in ("registered", "resume_needed"):
        update.update(status="profiled", status_reason=None)
    return update


def after_profile_failed(doc: Fields, payload: Fields) -> dict[str, Any] | None:
    """The compensating step: the candidate is asked for a new resume."""
    if payload["candidate_revision"] < doc.get("profile_revision", 0):
        return None
    return {"profile_revision": payload["candidate_revision"], "status": "resume_needed",
            "status_reason": payload["reason"]}


def after_open_jobs_found(doc: Fields, payload: Fields) -> dict[str, Any]:
    """Jobs are always added (once each): matches made for an older profile that arrive after a newer one are
    still matches the candidate would have seen had the events come in order, and Recommendation will not
    offer them again. The older event only never rolls the candidate's profile version or status back."""
    if payload["profile_version"] < doc.get("profile_version", 0):
        return {}
    update: dict[str, Any] = {"profile_version": payload["profile_version"]}
    if doc["status"] != "resume_needed":
        update["status"] = "matched"
    return update


def new_entries(payload: Fields, existing: Collection[str], event_id: str, added_at: str) -> dict[str, dict[str, Any]]:
    """Feed documents (by job id) to create for an accepted OpenJobsFound: one per job, never a second one.
    Best match first within one event (rank), newest event first across events (added_at)."""
    entries: dict[str, dict[str, Any]] = {}
    for rank, job in enumerate(payload["jobs"]):
        if job["job_id"] not in existing and job["job_id"] not in entries:
            entries[job["job_id"]] = {**job, "added_at": added_at, "rank": rank, "event_id": event_id}
    return entries
