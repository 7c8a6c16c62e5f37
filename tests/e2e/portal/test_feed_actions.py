"""The feed page's buttons, posted as a browser posts them (303 back to the feed) and as JSON (200/202)."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

from .support import (
    JSON,
    candidate_doc,
    feed_entries,
    footprint,
    matched_job,
    open_jobs_found,
    outbox_events,
    publish,
    register_ok,
    resumes_of,
    unique,
    wait_until_profiled,
)


def browser_post(url: str, action: str, **kwargs: object) -> requests.Response:
    base, query = url.split("?", 1)
    return requests.post(f"{base}/{action}?{query}", allow_redirects=False, timeout=30, **kwargs)  # type: ignore[arg-type]


def test_browser_actions_redirect_back_to_the_feed_with_a_notice(stack: Stack) -> None:
    url = register_ok(stack, new_email())["feed_url"]
    saved = browser_post(url, "preferences", data={"titles": "SRE, Platform engineer", "locations": "Leeds",
                                                   "remote": "hybrid", "cadence": "weekly", "salary_min": "50 000"})
    assert saved.status_code == 303
    page = requests.get(urljoin(url, saved.headers["Location"]), timeout=10)
    assert page.status_code == 200 and "Your preferences are saved." in page.text
    prefs = feed(url)["preferences"]
    assert (prefs["titles"], prefs["cadence"], prefs["salary_min"]) == (["SRE", "Platform engineer"], "weekly", 50000)

    assert browser_post(url, "unsubscribe").status_code == 303 and feed(url)["subscribed"] is False
    assert browser_post(url, "subscribe").status_code == 303 and feed(url)["subscribed"] is True


def test_a_rejected_preferences_form_shows_the_feed_with_the_errors(stack: Stack) -> None:
    url = register_ok(stack, new_email())["feed_url"]
    response = browser_post(url, "preferences", data={"titles": "", "locations": "Oslo", "remote": "moon",
                                                      "cadence": "weekly"})
    assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/html")
    assert "There is a problem" in response.text and 'href="#feed-titles"' in response.text
    assert 'value="Oslo"' in response.text  # what was typed is kept
    as_json = requests.post(url.replace("?", "/preferences?"), json={"titles": [], "locations": ["Oslo"],
                                                                   "remote": "remote", "cadence": "weekly"},
                            headers=JSON, timeout=10)
    assert as_json.status_code == 400 and set(as_json.json()["errors"]) == {"titles"}
    assert feed(url)["preferences"]["locations"] == ["London"]


def test_a_new_link_from_the_page_replaces_the_old_one(stack: Stack) -> None:
    url = register_ok(stack, new_email())["feed_url"]
    response = browser_post(url, "token")
    assert response.status_code == 303
    new = urljoin(url, response.headers["Location"])
    assert parse_qs(urlsplit(new).query)["notice"] == ["link"]
    assert "This is your new private link" in requests.get(new, timeout=10).text
    assert requests.get(url, headers=JSON, timeout=10).status_code == 404


def test_a_new_resume_from_the_page_is_checked_and_stored(stack: Stack) -> None:
    registered = register_ok(stack, new_email())
    url = registered["feed_url"]
    refused = browser_post(url, "resume", files={"resume": ("cv.pdf", b"not a pdf", "application/pdf")})
    assert refused.status_code == 422 and "is not a PDF" in refused.text
    assert len(resumes_of(stack, registered["candidate_id"])) == 1
    accepted = browser_post(url, "resume", files={"resume": ("cv.pdf", resume_pdf(), "application/pdf")})
    assert accepted.status_code == 303
    assert len(resumes_of(stack, registered["candidate_id"])) == 2


def test_delete_needs_confirmation_then_erases_the_candidate_everywhere_in_the_portal(stack: Stack) -> None:
    address = new_email()
    registered = register_ok(stack, address)
    cid, url = registered["candidate_id"], registered["feed_url"]
    wait_until_profiled(url)
    publish(stack, open_jobs_found(cid, 900, [matched_job(f"erase-{unique()}")]))
    wait_for(lambda: feed_entries(stack, cid), timeout=60, what="a feed entry")

    unconfirmed = browser_post(url, "delete", data={})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.text
    assert candidate_doc(stack, cid) is not None

    deleted = browser_post(url, "delete", data={"confirm": "yes"})
    assert deleted.status_code == 202 and "delete your data is accepted" in deleted.text
    assert requests.get(url, headers=JSON, timeout=10).status_code == 404
    after = footprint(stack, address)
    assert (after.candidates, after.email_index, after.registered_events) == (0, False, 0)
    assert resumes_of(stack, cid) == [] and candidate_doc(stack, cid) is None and feed_entries(stack, cid) == 0
    # No outbox copy that carries the name or email is left (the erasure request and receipts carry neither;
    # the Portal's own consumer of the request purges the sent ones too).
    assert not {"CandidateRegistered", "CandidateUpdated"} & set(outbox_events(stack, cid))
    assert register_ok(stack, address)["candidate_id"] != cid  # the address is free again
