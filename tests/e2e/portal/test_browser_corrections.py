"""A person registers in headless Chromium, sees "What we read from your resume" on their feed page, removes a
skill, adds one, corrects their years, is told clearly when a correction is wrong, and sees the new profile once
it has gone round the flow. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

from pathlib import Path

from emulator.stack import Stack
from tests.support.resumes import resume_pdf

from .support import portal
from .test_browser import SCREENSHOTS, browser, fill_form  # noqa: F401 (browser: the module-scoped Chromium fixture)


def reload_until(page, text: str, *, inside: str = "#feed-profile", seconds: int = 60) -> None:  # type: ignore[no-untyped-def]
    """The person reloads, as the page tells them to, until the text is in the section."""
    for _ in range(seconds):
        section = page.locator(inside)
        if section.count() and text in section.inner_text():
            return
        page.wait_for_timeout(1000)
        page.reload()
    raise AssertionError(f"{text!r} never appeared in {inside}")


def test_a_person_sees_and_corrects_what_we_read(stack: Stack, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(resume_pdf())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(portal(stack) + "/")
    fill_form(page, resume)
    page.get_by_role("button", name="Register").click()
    page.get_by_role("link", name="Open your job feed").click()

    reload_until(page, "Redis")
    profile = page.locator("#feed-profile")
    page.get_by_role("heading", name="What we read from your resume").wait_for()
    assert "Programming languages" in profile.inner_text() and "Python" in profile.inner_text()
    page.screenshot(path=SCREENSHOTS / "portal-4-what-we-read.png", full_page=True)

    page.get_by_role("button", name="Remove Redis").click()
    page.get_by_text("we are updating your profile with your correction").first.wait_for()
    page.get_by_label("Add a skill").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Add skill").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert "plain words" in page.locator("#feed-add_skill-error").inner_text()
    page.screenshot(path=SCREENSHOTS / "portal-5-refused-correction.png", full_page=True)
    page.get_by_label("Add a skill").fill("terraform")
    page.get_by_role("button", name="Add skill").click()
    page.get_by_text("we are updating your profile with your correction").first.wait_for()
    page.get_by_label("Correct your years of experience").fill("12")
    page.get_by_role("button", name="Save years").click()
    page.get_by_text("we are updating your profile with your correction").first.wait_for()

    reload_until(page, "Years of experience: 12 (corrected by you)", inside="#profile-years")
    assert "We are updating your profile" not in page.locator("#feed-profile").inner_text()  # the newest is in
    assert "Terraform" in page.locator("#feed-remove_skill").inner_text()
    assert "Redis" not in page.locator("#feed-remove_skill").inner_text()
    assert "Redis" in page.locator("#feed-restore_skill").inner_text()  # and a button to put it back
    assert "(added by you)" in page.locator("#feed-remove_skill").inner_text()
    page.screenshot(path=SCREENSHOTS / "portal-6-corrected.png", full_page=True)
