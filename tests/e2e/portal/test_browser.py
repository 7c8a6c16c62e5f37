"""A person registers in headless Chromium: fills the form, uploads a PDF, follows the link to the private feed
and sees matched jobs appear. Screenshots of each page go to test-output/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.stack import Stack
from tests.e2e.pipeline import new_email, post_jobs, python_job
from tests.support.resumes import resume_pdf

from .support import portal

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def fill_form(page, resume: Path, *, years: str | None = None, cadence: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Fill the registration form as a person would, by its visible labels (optional fields only when given)."""
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill(new_email())
    page.get_by_label("Where would you work?").fill("London")
    page.get_by_label("Job titles you are looking for").fill("Backend Engineer")
    if years is not None:
        page.get_by_label("Years of experience (optional)").fill(years)
    page.get_by_label("Remote").check()
    if cadence is not None:
        page.get_by_label("How often should we tell you about new jobs?").select_option(cadence)
    page.get_by_label("Your resume").set_input_files(str(resume))
    page.get_by_label("I agree").check()


def test_a_person_registers_and_sees_matched_jobs(stack: Stack, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    job = python_job(title="Senior Backend Engineer (Python)")
    post_jobs(stack, [job])
    resume = tmp_path / "Ada Lovelace CV.pdf"
    resume.write_bytes(resume_pdf())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})

    page.goto(portal(stack) + "/")
    fill_form(page, resume, years="8", cadence="instant")
    page.screenshot(path=SCREENSHOTS / "portal-1-form.png", full_page=True)
    page.get_by_role("button", name="Register").click()

    page.get_by_role("heading", name="You are registered").wait_for()
    page.screenshot(path=SCREENSHOTS / "portal-2-registered.png", full_page=True)
    page.get_by_role("link", name="Open your job feed").click()
    page.get_by_role("heading", name="Your job feed").wait_for()

    jobs = page.locator("li.job", has_text=job["company"])
    for _ in range(60):  # the person reloads, as the page tells them to, until the match is there
        if jobs.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert jobs.count() == 1, "the matched job never appeared on the feed page"
    assert job["title"] in jobs.inner_text() and "Match:" in jobs.inner_text()
    page.screenshot(path=SCREENSHOTS / "portal-3-feed.png", full_page=True)
    assert (SCREENSHOTS / "portal-3-feed.png").stat().st_size > 10_000
