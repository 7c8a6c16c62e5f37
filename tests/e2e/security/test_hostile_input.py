"""Hostile input against the running Portal and Job Intake: every answer is a clean 4xx (JSON, no stack trace,
no echoed secret) or a per-row error after bounded work, and nothing is left half-written."""

from __future__ import annotations

import html
import json
import random

import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.stack import Stack
from tests.e2e.intake.support import stored_posting
from tests.e2e.pipeline import new_email, register
from tests.e2e.portal.support import footprint
from tests.support.job_postings import greenhouse_board, greenhouse_job, json_ld_posting
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


def test_a_ten_megabyte_html_description_fails_its_row_only(stack: Stack) -> None:
    huge = greenhouse_job(random.randrange(10**8, 10**9), content="<p>" + "Python and Go. " * 700_000 + "</p>")
    fine = greenhouse_job(random.randrange(10**8, 10**9))
    response = _intake(stack, greenhouse_board(huge, fine))
    assert response.status_code == 202, response.text[:300]
    body = response.json()
    assert body["accepted"] == 1 and body["rejected"] == [{"line": 1, "errors": ["content is larger than 1 MB; "
                                                                                    "no posting is that long"]}]


def test_script_tags_in_a_description_never_reach_the_stored_posting(stack: Stack) -> None:
    content = html.escape("<p>Python</p><script>alert('x')</script><style>p{}</style><p>Go</p>")
    response = _intake(stack, greenhouse_board(greenhouse_job(random.randrange(10**8, 10**9), content=content)))
    assert response.status_code == 202, response.text[:300]
    [job_id] = response.json()["job_ids"]
    stored = stored_posting(stack, job_id)
    assert stored and "alert" not in stored["description"] and "<" not in stored["description"]


def test_nested_json_ld_and_deep_html_get_clean_answers(stack: Stack) -> None:
    for depth in (10, 5_000):  # past the depth a feed nests graphs, and past what the JSON parser takes
        nested = '{"@context": "https://schema.org", "@graph": [' * depth + json.dumps(json_ld_posting()) + "]}" * depth
        _clean_4xx(_intake(stack, nested.encode(), "application/ld+json"), 400)
    deep_page = b"<html><body>" + b"<div>" * 200_000 + b"</body></html>"
    _clean_4xx(_intake(stack, deep_page, "text/html"), 400)


def test_a_json_ld_graph_of_fifty_thousand_nodes_is_bounded_work(stack: Stack) -> None:
    nodes = [{"@type": "Place", "name": f"Dock {n}"} for n in range(50_000)]
    posting = json_ld_posting(identifier=f"graph-{random.randrange(10**9)}")
    response = _intake(stack, json.dumps({"@context": "https://schema.org", "@graph": [*nodes, posting]}).encode(),
                       "application/ld+json")
    assert response.status_code == 202, response.text[:300]
    assert response.json()["accepted"] == 1
    too_many = [json_ld_posting(identifier=f"many-{n}") for n in range(10_001)]
    _clean_4xx(_intake(stack, json.dumps({"@graph": too_many}).encode(), "application/ld+json"), 400)
