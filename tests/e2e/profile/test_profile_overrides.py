"""Profile and the candidate's corrections (CandidateUpdated profile_corrected): kept with the profile, merged into
every later build, a redelivery builds nothing twice, and a late older revision never wins."""

from __future__ import annotations

from typing import Any

import pytest

from candidate_profile.collections import PROFILES
from emulator.stack import Stack
from jobfeed.events import Event
from tests.e2e.profile.support import (
    candidate_registered,
    document,
    new_id,
    outbox_events,
    outcomes,
    publish,
    upload_resume,
)
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

pytestmark = pytest.mark.stack
FIXES = {"skills_added": ["Terraform"], "skills_removed": ["Redis"], "years_experience": 15.0, "seniority": "lead"}


def updated(registered: Event, revision: int, change: str, overrides: dict[str, Any] | None,
            resume: dict[str, str] | None = None) -> Event:
    payload = {**registered.payload, "revision": revision, "change": change, "overrides": overrides,
               **({"resume": resume} if resume else {})}
    return Event("CandidateUpdated", payload, registered.correlation_id, "e2e_test")


def built(stack: Stack, candidate_id: str, revision: int) -> dict[str, Any]:
    return wait_for(lambda: (p := document(stack, PROFILES, candidate_id)) and p["candidate_revision"] == revision
                    and p, timeout=60, what=f"the profile of revision {revision}")


def test_corrections_are_merged_kept_for_a_new_resume_and_never_lost_to_a_late_older_event(stack: Stack) -> None:
    candidate_id = new_id()
    registered = candidate_registered(candidate_id, upload_resume(stack, candidate_id, resume_pdf()))
    publish(stack, registered)
    assert "Redis" in built(stack, candidate_id, 1)["skills"]

    corrected = updated(registered, 3, "profile_corrected", FIXES)
    publish(stack, corrected)
    publish(stack, corrected)  # redelivered
    profile = built(stack, candidate_id, 3)
    assert "Redis" not in profile["skills"] and "Terraform" in profile["skills"]
    assert (profile["years_experience"], profile["seniority"], profile["overrides"]) == (15.0, "lead", FIXES)

    late = updated(registered, 2, "preferences", None)  # older than the correction, arriving after it
    publish(stack, late)
    wait_for(lambda: outcomes(stack, "candidate_profile", late.event_id), timeout=60, what="the late revision")
    assert document(stack, PROFILES, candidate_id)["candidate_revision"] == 3

    # A new resume, from a producer that says nothing about overrides (null): the stored ones still apply.
    new_resume = updated(registered, 4, "resume", None, upload_resume(stack, candidate_id, resume_pdf()))
    publish(stack, new_resume)
    profile = built(stack, candidate_id, 4)
    assert "Redis" not in profile["skills"] and "Terraform" in profile["skills"]
    assert (profile["years_experience"], profile["seniority"]) == (15.0, "lead")

    created = outbox_events(stack, "candidate_profile", candidate_id, "ProfileCreated")
    assert sorted(e.payload["candidate_revision"] for e in created) == [1, 3, 4]  # none for the duplicate or late
    assert sorted(outcomes(stack, "candidate_profile", corrected.event_id)) == ["duplicate", "processed"]
