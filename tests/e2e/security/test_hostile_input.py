"""Hostile input against the running Portal and Job Intake: every answer is a clean 4xx (JSON, no stack trace,
no echoed secret) and nothing is left half-written."""

from __future__ import annotations

import json

import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.stack import Stack
from tests.e2e.pipeline import new_email, register
from tests.e2e.portal.support import footprint
from tests.support.resumes import resume_pdf

JSON = {"Accept": "application/json"}


def _clean_4xx(response: requests.Response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and "local-intake-key" not in response.text


def _portal(stack: Stack) -> str:
    return f"{stack.config.url('job_portal')}/candidates"


def _intake(stack: Stack, body: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(f"{stack.config.url('job_intake')}/jobs", data=body, timeout=120,
                         headers={"X-API-Key": stack.config.intake_api_key, "Content-Type": content_type})


def test_an_oversized_body_is_refused_by_both(stack: Stack) -> None:
    huge = b"x" * (21 * 1024 * 1024)
    _clean_4xx(requests.post(_portal(stack), data=huge, headers={**JSON, "Content-Type": "application/json"},
                             timeout=60), 413)
    _clean_4xx(_intake(stack, huge), 413)


def test_deeply_nested_json_is_refused_by_both(stack: Stack) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    _clean_4xx(requests.post(_portal(stack), data=deep, headers={**JSON, "Content-Type": "application/json"},
                             timeout=60), 400, 422)
    _clean_4xx(_intake(stack, deep), 400)


@pytest.mark.parametrize(("field", "value"), [
    ("name", "Ada\r\nBcc: victim@example.com"),
    ("email", "ada@example.com\r\nBcc: victim@example.com"),
    ("email", "ada@example.com%0d%0aBcc:victim@example.com"),
])
def test_header_injection_in_names_and_emails_is_refused_and_leaves_nothing(
        stack: Stack, field: str, value: str) -> None:
    address = new_email()
    response = register(stack, **{"email": address, field: value})
    _clean_4xx(response, 400, 422)
    assert field in response.json()["errors"]
    state = footprint(stack, address)
    assert (state.candidates, state.email_index, state.registered_events) == (0, False, 0)


def test_path_tricks_in_the_file_name_never_reach_the_object_name(stack: Stack) -> None:
    address = new_email()
    form = {"name": "Ada", "email": address, "locations": "London", "titles": "Engineer", "remote": "remote",
            "cadence": "weekly", "consent": "yes"}
    response = requests.post(_portal(stack), data=form, headers=JSON, timeout=30,
                             files={"resume": ("../../../etc/passwd\x00.pdf", resume_pdf(), "application/pdf")})
    assert response.status_code == 202, response.text
    blobs = list(storage.Client(project=stack.config.project, credentials=AnonymousCredentials()).list_blobs(
        stack.config.resumes_bucket, prefix=f"resumes/{response.json()['candidate_id']}/"))
    [blob] = blobs
    assert ".." not in blob.name and "passwd" not in blob.name and "\x00" not in (blob.metadata or {}).get(
        "original_filename", "")


def test_malformed_multipart_is_refused_and_leaves_nothing(stack: Stack) -> None:
    before = footprint(stack, "nobody@example.com").resumes
    body = b"--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--XY"  # truncated, no end
    response = requests.post(_portal(stack), data=body, timeout=30,
                             headers={**JSON, "Content-Type": "multipart/form-data; boundary=XYZ"})
    _clean_4xx(response, 400)
    assert footprint(stack, "nobody@example.com").resumes == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                 max_size=6), max_leaves=20))
def test_intake_never_answers_a_server_error_to_random_json(stack: Stack, document: object) -> None:
    response = _intake(stack, json.dumps(document).encode())
    assert response.status_code < 500, response.text[:300]
