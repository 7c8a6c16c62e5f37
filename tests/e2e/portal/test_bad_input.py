"""Bad registrations through the running Portal's HTTP API: each is refused with the right status and a
message for the person, and none leaves a candidate, an email index entry, a resume object or an event."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import requests
from pypdf import PdfWriter

from emulator.stack import Stack
from tests.e2e.pipeline import new_email
from tests.support.resumes import resume_pdf

from .support import Footprint, footprint, form, post_registration

REQUIRED = ("name", "email", "locations", "titles", "remote", "cadence", "consent", "resume")
NOTHING = Footprint(candidates=0, email_index=False, registered_events=0, resumes=0)


@pytest.fixture
def address(stack: Stack) -> Iterator[str]:
    """A fresh address; after the test, nothing about it may exist and no resume object may have appeared."""
    email = new_email()
    before = footprint(stack, email)
    assert before.candidates == 0
    yield email
    after = footprint(stack, email)
    assert after == Footprint(0, False, 0, before.resumes), "a refused registration left something behind"


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(resume_pdf()))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def errors_of(response: requests.Response) -> dict[str, str]:
    return dict(response.json()["errors"])


def test_nothing_filled_in_names_every_required_field(stack: Stack, address: str) -> None:
    response = post_registration(stack, {}, None)
    assert response.status_code == 400
    assert set(errors_of(response)) == set(REQUIRED)


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_missing_required_field_is_named(stack: Stack, address: str, missing: str) -> None:
    fields = {k: v for k, v in form(address).items() if k != missing}
    response = post_registration(stack, fields, None if missing == "resume" else resume_pdf())
    assert response.status_code == 400, response.text
    assert list(errors_of(response)) == [missing]


def test_an_invalid_email_is_refused(stack: Stack, address: str) -> None:
    response = post_registration(stack, form("ada at example dot com"), resume_pdf())
    assert response.status_code == 400
    assert "valid email address" in errors_of(response)["email"]


def test_a_6_mb_upload_is_refused_with_413(stack: Stack, address: str) -> None:
    big = resume_pdf() + b"%" + b"0" * (6 * 1024 * 1024)
    response = post_registration(stack, form(address), big)
    assert response.status_code == 413
    assert "5 MB" in response.json()["message"]


def test_a_6_mb_upload_from_a_browser_gets_an_html_page(stack: Stack, address: str) -> None:
    big = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
    response = post_registration(stack, form(address), big, accept_json=False)
    assert response.status_code == 413 and response.headers["Content-Type"].startswith("text/html")
    assert "5 MB" in response.text


def test_a_text_file_renamed_pdf_is_refused_with_422(stack: Stack, address: str) -> None:
    response = post_registration(stack, form(address), b"Grace Hopper\nCOBOL, compilers\n", filename="cv.pdf")
    assert response.status_code == 422
    assert "is not a PDF" in errors_of(response)["resume"]


def test_an_empty_file_is_refused_with_422(stack: Stack, address: str) -> None:
    response = post_registration(stack, form(address), b"")
    assert response.status_code == 422
    assert "empty" in errors_of(response)["resume"]


def test_an_encrypted_pdf_is_refused_with_422(stack: Stack, address: str) -> None:
    response = post_registration(stack, form(address), encrypted_pdf())
    assert response.status_code == 422
    assert "password-protected" in errors_of(response)["resume"]


def test_a_refused_form_keeps_what_was_typed_but_not_the_file(stack: Stack, address: str) -> None:
    response = post_registration(stack, form(address, name="Grace <b>Hopper</b>"), b"", accept_json=False)
    assert response.status_code == 422 and response.headers["Content-Type"].startswith("text/html")
    assert 'value="Grace &lt;b&gt;Hopper&lt;/b&gt;"' in response.text and "<b>Hopper" not in response.text
    assert f'value="{address}"' in response.text
