"""A CandidateRegistered whose resume object is gone is a permanent failure: ProfileCreationFailed, not retries."""

from __future__ import annotations

import pytest

from emulator.stack import Stack
from tests.e2e.profile.support import candidate_registered, new_id, outbox_events, outcomes, publish
from tests.polling import wait_for

pytestmark = pytest.mark.stack


def test_a_missing_resume_fails_the_profile_once_with_a_reason(stack: Stack) -> None:
    candidate_id = new_id()
    resume = {"bucket": stack.config.resumes_bucket, "object_name": f"resumes/{candidate_id}/never-uploaded.pdf",
              "generation": "1"}
    event = candidate_registered(candidate_id, resume)
    publish(stack, event)

    failed = wait_for(lambda: outbox_events(stack, "candidate_profile", candidate_id, "ProfileCreationFailed"),
                      timeout=60, what="ProfileCreationFailed")
    assert [(e.payload["reason_code"], e.payload["candidate_revision"]) for e in failed] == [("missing", 1)]
    assert "upload it again" in failed[0].payload["reason"]
    # The outcome line is written after the outbox relay, so it can trail the committed outbox document.
    logged = wait_for(lambda: outcomes(stack, "candidate_profile", event.event_id), what="the outcome line")
    assert logged == ["processed"]  # no retry, no dead letter
