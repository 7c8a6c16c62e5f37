"""Names are shown exactly as typed and never as markup; a second registration for an address is refused,
and the address's owner gets a fresh private link by email instead."""

from __future__ import annotations

import requests

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

from .support import (
    JSON,
    footprint,
    form,
    mails,
    matched_job,
    open_jobs_found,
    outbox_events,
    post_registration,
    publish,
    register_ok,
    unique,
    wait_until_profiled,
)

SCRIPT_NAME = 'Eve <script>alert("x")</script> O\'Hara'


def instant_email(stack: Stack, address: str, candidate_id: str, feed_url: str) -> dict[str, object]:
    """Have Notification email the candidate: one matched job, published as Recommendation would."""
    wait_until_profiled(feed_url)
    publish(stack, open_jobs_found(candidate_id, 1_000, [matched_job(f"names-{unique()}")]))
    return wait_for(lambda: mails(stack, address, "instant"), timeout=60, what="the instant email")[0]


def test_a_name_with_a_script_tag_is_escaped_on_every_page_and_in_the_email(stack: Stack) -> None:
    address = new_email()
    page = post_registration(stack, form(address, name=SCRIPT_NAME), resume_pdf(), accept_json=False)
    assert page.status_code == 202 and "<script>" not in page.text
    assert "Eve &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Hara" in page.text
    feed_url = page.text.split('id="feed-link" value="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    candidate_id = feed_url.split("/candidates/", 1)[1].split("?", 1)[0]

    mail = instant_email(stack, address, candidate_id, feed_url)
    html = requests.get(feed_url, timeout=10).text
    assert "<script>" not in html and "Hello, Eve &lt;script&gt;" in html
    assert feed(feed_url)["name"] == SCRIPT_NAME
    assert "<script>" not in mail["html"] and "&lt;script&gt;" in mail["html"]
    assert SCRIPT_NAME in mail["text"]  # plain text is shown as text: nothing to escape


def test_non_latin_names_are_kept_intact_in_the_feed_and_the_email(stack: Stack) -> None:
    address, name = new_email(), "Zoë Ñúñez 李小龍 Ølstrøm Αλέξης"
    registered = register_ok(stack, address, name=name)
    assert feed(registered["feed_url"])["name"] == name
    mail = instant_email(stack, address, registered["candidate_id"], registered["feed_url"])
    assert name in mail["text"] and name in mail["html"]


def test_a_wrong_token_answers_exactly_like_an_unknown_candidate(stack: Stack) -> None:
    registered = register_ok(stack, new_email())
    base = registered["feed_url"].split("?", 1)[0]
    unknown = base.rsplit("/", 1)[0] + "/" + "0" * 32
    for headers in (JSON, {}):
        wrong = requests.get(base, params={"token": "x" * 43}, headers=headers, timeout=10)
        missing = requests.get(base, headers=headers, timeout=10)
        nobody = requests.get(unknown, params={"token": "x" * 43}, headers=headers, timeout=10)
        assert wrong.status_code == missing.status_code == nobody.status_code == 404
        assert wrong.content == missing.content == nobody.content
        posted = requests.post(f"{base}/unsubscribe", params={"token": "x" * 43}, headers=headers, timeout=10)
        assert posted.status_code == 404 and posted.content == nobody.content


def test_a_duplicate_email_is_refused_and_a_new_link_is_emailed(stack: Stack) -> None:
    address = new_email()
    first = register_ok(stack, address)
    before = footprint(stack, address)

    again = post_registration(stack, form(address.upper(), name="Someone Else"), resume_pdf())
    assert again.status_code == 409, again.text
    assert "feed_url" not in again.json() and first["candidate_id"] not in again.text

    [mail] = wait_for(lambda: mails(stack, address, "feed_link"), timeout=60, what="the feed link email")
    after = footprint(stack, address)
    assert (after.candidates, after.email_index, after.registered_events) == (1, True, 1)
    assert after.resumes == before.resumes, "the refused upload was stored"
    assert sorted(outbox_events(stack, first["candidate_id"])).count("CandidateRegistered") == 1
    new_link = next(w for w in mail["text"].split() if "/candidates/" in w and "token=" in w and "unsub" not in w)
    assert new_link != first["feed_url"]
    assert feed(new_link)["candidate_id"] == first["candidate_id"]
    assert requests.get(first["feed_url"], headers=JSON, timeout=10).status_code == 404
