"""Recommendation's side of the e2e tests: events built like its producers', and what it recorded."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from emulator.stack import Stack
from job_intake.postings import validate
from job_recommendation.collections import JOBS, PROFILES, SENT  # noqa: F401 (tests import PROFILES from here)
from job_recommendation.synthetic import Synthetic
from jobfeed.events import Event
from tests.e2e.pipeline import python_job
from tests.e2e.profile.support import document, outbox_events, outcomes
from tests.polling import wait_for

NOW = datetime.now(UTC)  # the synthetic jobs' and profiles' dates are relative to it


def job_posted(version: int = 1, **overrides: Any) -> Event:
    """A JobPosted as Intake would emit it for a fresh python_job()."""
    posting = validate(python_job(**overrides), 1)
    assert isinstance(posting, dict), posting
    return Event("JobPosted", {**posting, "version": version}, f"job-{posting['job_id']}", "e2e_test")


def a_job(skill: str) -> Event:
    """A synthetic remote job needing only `skill`."""
    job = next(Synthetic(NOW, seed=random.randrange(10**6)).jobs(1, prefix=f"job-{uuid.uuid4().hex[:8]}"))
    job |= {"required_skills": [skill], "nice_skills": [], "remote": "remote", "location": "Remote",
            "expires_at": None, "salary_min": None, "salary_max": None, "seniority": None}
    return Event("JobPosted", job, f"job-{job['job_id']}", "e2e_test")


def a_profile(skill: str, candidate_id: str | None = None, version: int = 1) -> Event:
    """A synthetic remote candidate with only `skill` (a new one unless candidate_id is given)."""
    profile = next(Synthetic(NOW, seed=random.randrange(10**6)).profiles(1, prefix=f"c-{uuid.uuid4().hex[:8]}"))
    profile |= {"skills": [skill], "remote": "remote", "candidate_revision": version, "open_to_relocation": False,
                "profile_version": version, "candidate_id": candidate_id or profile["candidate_id"]}
    return Event("ProfileCreated", profile, profile["candidate_id"], "e2e_test")


def profile_created(stored: dict[str, Any], version: int) -> Event:
    """A ProfileCreated for a candidate Recommendation already holds, at the given profile version."""
    payload = {k: v for k, v in stored.items() if k != "updated_at"} | {"profile_version": version}
    return Event("ProfileCreated", payload, payload["candidate_id"], "e2e_test")


def sent_job_ids(stack: Stack, candidate_id: str) -> list[str]:
    """The jobs Recommendation recorded as sent to the candidate (one pair document each)."""
    return sent_job_ids_in(firestore.Client(project=stack.config.project), candidate_id)


def sent_job_ids_in(client: firestore.Client, candidate_id: str) -> list[str]:
    """sent_job_ids in the client's project."""
    query = client.collection(SENT).where(filter=FieldFilter("candidate_id", "==", candidate_id))
    return [snap.get("job_id") for snap in query.stream()]


def handled(stack: Stack, event: Event, times: int = 1) -> list[str]:
    return wait_for(lambda: len(seen := outcomes(stack, "job_recommendation", event.event_id)) >= times and seen,
                    timeout=60, what=f"{event.event_type} {event.event_id} handled {times}x")


def offered(stack: Stack, candidate_id: str) -> Counter[str]:
    """How many OpenJobsFound events offered each job to the candidate (from Recommendation's outbox)."""
    events = outbox_events(stack, "job_recommendation", candidate_id, "OpenJobsFound")
    return Counter(job["job_id"] for event in events for job in event.payload["jobs"])


def indexed(stack: Stack, job_id: str, version: int = 1) -> dict[str, Any]:
    """Recommendation committed this version of the job (and, in the same transaction, whom it told)."""
    return wait_for(lambda: (doc := document(stack, JOBS, job_id)) and doc["version"] >= version and doc,
                    timeout=60, what=f"job {job_id} v{version} in Recommendation")
