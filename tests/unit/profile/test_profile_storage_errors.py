"""How the Profile handler classifies storage trouble: a resume that is gone or replaced is the candidate's to
fix (ProfileCreationFailed), anything else is transient and raised so Pub/Sub retries the event."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from google.api_core.exceptions import NotFound, PreconditionFailed, ServiceUnavailable, TooManyRequests

from candidate_profile.errors import ResumeRejected
from candidate_profile.handlers import ProfileHandlers
from jobfeed.events import Event


@dataclass
class FailingBlob:
    error: Exception

    def download_as_bytes(self, **_: object) -> bytes:
        raise self.error


@dataclass
class FailingStorage:
    """A unit-test stand-in for the storage client: only the call path the handler uses."""

    error: Exception

    def bucket(self, _name: str) -> FailingStorage:
        return self

    def blob(self, _name: str) -> FailingBlob:
        return FailingBlob(self.error)


def _registered() -> Event:
    resume = {"bucket": "resumes", "object_name": "resumes/c1/r.pdf", "generation": "7"}
    return Event("CandidateRegistered", {"candidate_id": "c1", "revision": 1, "resume": resume}, "c1", "test")


@pytest.mark.parametrize("error", [NotFound("gone"), PreconditionFailed("replaced")])
def test_a_missing_or_replaced_resume_is_the_candidates_to_fix(error: Exception) -> None:
    handlers = ProfileHandlers(db=None, storage=FailingStorage(error))  # type: ignore[arg-type]
    result = handlers.prepare(_registered())
    assert isinstance(result, ResumeRejected) and result.reason_code == "missing"


@pytest.mark.parametrize("error", [ServiceUnavailable("503"), TooManyRequests("429"), TimeoutError("slow")])
def test_other_storage_trouble_is_raised_for_a_retry(error: Exception) -> None:
    handlers = ProfileHandlers(db=None, storage=FailingStorage(error))  # type: ignore[arg-type]
    with pytest.raises(type(error)):
        handlers.prepare(_registered())
