"""A resume that cannot become a profile puts the candidate back to "resume needed" with a reason a person
understands (the compensating ProfileCreationFailed); a good resume uploaded from the feed page recovers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from emulator.stack import Stack
from tests.e2e.pipeline import feed, register
from tests.fixtures.resumes.hostile import image_only, text_pdf
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

pytestmark = pytest.mark.stack
JSON = {"Accept": "application/json"}
TECHNICAL = ("no_text", "too_large", "Error", "Exception", "pypdf", "Traceback", "None")


def status_of(feed_url: str, wanted: set[str]) -> dict[str, Any]:
    return wait_for(lambda: (body := feed(feed_url))["status"] in wanted and body, timeout=60,
                    what=f"feed status in {sorted(wanted)}")


def upload_new_resume(feed_url: str, pdf: bytes) -> requests.Response:
    path, token = feed_url.split("?token=", 1)
    return requests.post(f"{path}/resume", params={"token": token}, headers=JSON, timeout=30,
                         files={"resume": ("resume.pdf", pdf, "application/pdf")})


def assert_readable(reason: str | None, *words: str) -> None:
    assert reason and reason.endswith(".") and any(w in reason.lower() for w in words), reason
    assert not any(t in reason for t in TECHNICAL), reason


@pytest.mark.parametrize(("pdf", "words"), [
    pytest.param(image_only, ("scanned", "text"), id="image-only"),
])
def test_an_unusable_resume_asks_for_a_new_one_and_a_good_one_recovers(
        stack: Stack, pdf: Callable[[], bytes], words: tuple[str, ...]) -> None:
    response = register(stack, cadence="weekly", pdf=pdf())
    assert response.status_code == 202, response.text
    feed_url = response.json()["feed_url"]

    failed = status_of(feed_url, {"resume_needed"})
    assert_readable(failed["status_reason"], *words)

    assert upload_new_resume(feed_url, resume_pdf()).status_code == 202
    recovered = status_of(feed_url, {"profiled", "matched"})
    assert recovered["status_reason"] is None


def test_a_500_page_pdf_ends_in_a_bounded_refusal(stack: Stack) -> None:
    """The Portal's page limit may refuse it at the door (422); if it lets it through, Profile must refuse it
    and say why. Either way the candidate hears back within a minute and nothing hangs."""
    # Bounded by register()'s 30 s request timeout: a hang fails the test without timing it.
    response = register(stack, pdf=text_pdf(["Ada Lovelace, Python developer"], pages=500))
    if response.status_code == 422:
        message = response.json()["errors"]["resume"]
        assert "500 pages" in message and "at most" in message
    else:
        assert response.status_code == 202, response.text
        failed = status_of(response.json()["feed_url"], {"resume_needed"})
        assert_readable(failed["status_reason"], "too long", "pages")
