"""A redelivered CandidateRegistered never builds the profile twice, nor emits ProfileCreated twice."""

from __future__ import annotations

from dataclasses import replace

import pytest

from candidate_profile.collections import PROFILES
from emulator.stack import Stack
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


def test_the_same_candidate_registered_twice_builds_one_profile(stack: Stack) -> None:
    candidate_id = new_id()
    event = candidate_registered(candidate_id, upload_resume(stack, candidate_id, resume_pdf()))

    publish(stack, event)
    publish(stack, event)  # a redelivery: same event_id
    handled = wait_for(lambda: len(seen := outcomes(stack, "candidate_profile", event.event_id)) >= 2 and seen,
                       timeout=60, what="both deliveries to be handled")
    assert sorted(handled) == ["duplicate", "processed"]

    # The same revision again under a new event id (Portal re-emitting it): still not a rebuild.
    again = replace(event, event_id=new_id())
    publish(stack, again)
    wait_for(lambda: outcomes(stack, "candidate_profile", again.event_id), timeout=60, what="the re-emission")

    profile = document(stack, PROFILES, candidate_id)
    assert profile is not None and profile["profile_version"] == 1 and profile["candidate_revision"] == 1
    assert "Python" in profile["skills"]
    created = outbox_events(stack, "candidate_profile", candidate_id, "ProfileCreated")
    assert [e.payload["profile_version"] for e in created] == [1]
    assert created[0].causation_id == event.event_id


def test_a_newer_revision_rebuilds_and_a_late_older_one_does_not(stack: Stack) -> None:
    candidate_id = new_id()
    first = candidate_registered(candidate_id, upload_resume(stack, candidate_id, resume_pdf()), revision=1)
    second = candidate_registered(candidate_id, upload_resume(stack, candidate_id, resume_pdf()), revision=2)

    publish(stack, second)
    wait_for(lambda: (document(stack, PROFILES, candidate_id) or {}).get("candidate_revision") == 2,
             timeout=60, what="the profile of revision 2")
    publish(stack, first)  # arrives late
    wait_for(lambda: outcomes(stack, "candidate_profile", first.event_id), timeout=60, what="the late revision")

    profile = document(stack, PROFILES, candidate_id)
    assert profile is not None and (profile["profile_version"], profile["candidate_revision"]) == (1, 2)
    assert len(outbox_events(stack, "candidate_profile", candidate_id, "ProfileCreated")) == 1
