from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from job_portal.pages import (
    render_duplicate,
    render_error,
    render_feed,
    render_form,
    render_not_found,
    render_registered,
)
from tests.unit.portal.portal_html import accessibility_problems, parse

EVIL = '<script>alert("x")</script>'
TOKEN = "tok&en=1 /+<\"'>?#"
FIELDS = {"name": "name", "email": "email", "locations": "locations", "titles": "titles", "skills": "skills",
          "years_experience": "years_experience", "salary_min": "salary_min", "remote": "remote-remote",
          "open_to_relocation": "open_to_relocation", "cadence": "cadence", "consent": "consent", "resume": "resume"}
JOB = {"job_id": "j1", "title": "Data engineer", "company": "Acme", "location": "Berlin", "remote": "hybrid",
       "url": "https://jobs.example.com/j1", "score": 0.873, "reasons": ["Python matches", "Berlin is on your list"],
       "added_at": "2026-03-04T10:00:00+00:00"}


def candidate(**changes: object) -> dict:
    base = {"candidate_id": "c-1", "name": "Ada", "status": "matched", "status_reason": None, "subscribed": True,
            "preferences": {"titles": ["Data engineer"], "locations": ["Berlin", "Köln"], "remote": "hybrid",
                            "salary_min": 50000, "cadence": "daily", "skills": []}}
    return base | changes


def feed(**kwargs: object) -> str:
    arguments: dict = {"candidate": candidate(), "entries": [JOB], "page": 1, "has_next": False, "token": "t0k"}
    return render_feed(**(arguments | kwargs))


def all_pages() -> dict[str, str]:
    return {
        "form": render_form({}, {}),
        "form with errors": render_form({}, {field: f"Problem with {field}." for field in FIELDS}, notice="Hi"),
        "registered": render_registered("https://portal.example.com/candidates/c-1?token=abc"),
        "duplicate": render_duplicate(),
        "error": render_error(500, "Something broke."),
        "not found": render_not_found(),
        **{f"feed {status}": feed(candidate=candidate(status=status), has_next=True, page=2)
           for status in ("registered", "profiled", "resume_needed", "matched")},
        "feed with errors": feed(errors={"titles": "Enter a title.", "remote": "Choose.", "resume": "Not a PDF.",
                                         "confirm": "Tick the box."}, candidate=candidate(status="resume_needed")),
        "feed unsubscribed, empty": feed(candidate=candidate(subscribed=False), entries=[]),
    }


@pytest.mark.parametrize("name,html", all_pages().items())
def test_every_page_is_labelled_and_keeps_the_token_out_of_referers(name: str, html: str) -> None:
    page = parse(html)
    assert {"name": "referrer", "content": "no-referrer"} in page.all("meta")
    assert page.all("html")[0]["lang"] == "en"
    assert accessibility_problems(html) == []
    assert page.all("h1"), "every page has a heading"


def test_the_form_posts_every_field_as_multipart_to_candidates() -> None:
    page = parse(render_form({}, {}))
    (form,) = page.forms()
    assert (form["method"], form["action"], form["enctype"]) == ("post", "/candidates", "multipart/form-data")
    names = {attrs["name"] for _, _, attrs in page.controls()}
    assert names == set(FIELDS)
    assert page.by_id("resume")["accept"] == "application/pdf"
    assert [r["value"] for r in page.all("input") if r.get("name") == "remote"] == ["remote", "hybrid", "onsite"]
    assert [o["value"] for o in page.all("option")] == ["instant", "daily", "weekly", "monthly"]
    assert page.by_id("email")["type"] == "email"


def test_each_error_sits_next_to_its_field_and_in_the_summary() -> None:
    errors = {field: f"Problem with {field}." for field in FIELDS}
    html = render_form({}, errors)
    page = parse(html)
    assert page.all("title") and "Error:" in html.split("<title>")[1].split("</title>")[0]
    summary_links = [a["href"] for a in page.all("a") if a.get("href", "").startswith("#") and a["href"] != "#main"]
    assert summary_links == [f"#{anchor}" for anchor in FIELDS.values()]
    for field, anchor in FIELDS.items():
        assert anchor in page.ids()
        error_id = f"{field}-error"
        described = page.by_id(field if field != "remote" else "remote-remote")
        holder = described if field != "remote" else next(a for t, a in page.elements if t == "fieldset")
        assert error_id in holder["aria-describedby"].split()
        assert described["aria-invalid"] == "true"
        assert f"Problem with {field}." in html.split(f'id="{error_id}"')[1].split("</p>")[0]


def test_fields_without_errors_are_not_marked_invalid() -> None:
    page = parse(render_form({}, {"email": "Enter your email address."}))
    assert page.by_id("email")["aria-invalid"] == "true"
    assert "aria-invalid" not in page.by_id("name")
    assert "name-error" not in page.ids()


def test_the_form_keeps_what_was_typed_except_the_file() -> None:
    values = {"name": "李小龍", "email": "lee@example.com", "locations": ["Hong Kong", "Macau"], "titles": "Actor",
              "skills": "", "years_experience": "12", "salary_min": "90000", "remote": "onsite",
              "cadence": "monthly", "consent": "yes", "resume": "cv.pdf"}
    page = parse(render_form(values, {"titles": "Too long."}))
    assert page.by_id("name")["value"] == "李小龍"
    assert page.by_id("locations")["value"] == "Hong Kong, Macau"
    assert page.by_id("salary_min")["value"] == "90000"
    assert "checked" in page.by_id("remote-onsite") and "checked" not in page.by_id("remote-remote")
    assert [o["value"] for o in page.all("option") if "selected" in o] == ["monthly"]
    assert "checked" in page.by_id("consent")
    assert "value" not in page.by_id("resume")


def test_the_cadence_defaults_to_weekly_and_nothing_else_is_preselected() -> None:
    page = parse(render_form({}, {}))
    assert [o["value"] for o in page.all("option") if "selected" in o] == ["weekly"]
    assert not [i for i in page.all("input") if "checked" in i]


def test_markup_is_escaped_on_every_page() -> None:
    job = JOB | {"title": EVIL, "company": EVIL, "location": EVIL, "reasons": [EVIL], "url": "javascript:alert(1)"}
    pages = [
        render_form({field: EVIL for field in FIELDS}, {field: EVIL for field in FIELDS}, notice=EVIL),
        render_error(400, EVIL),
        render_feed(candidate(name=EVIL, status="resume_needed", status_reason=EVIL,
                              preferences={"titles": [EVIL], "remote": EVIL, "cadence": EVIL}),
                    [job], 1, False, EVIL, notice=EVIL, errors={"titles": EVIL, EVIL: EVIL}),
    ]
    for html in pages:
        assert "<script" not in html and "javascript:" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        assert EVIL in parse(html).text  # shown to the person as the text they typed
    assert "javascript:" not in render_registered("javascript:alert(1)")


def test_the_feed_token_is_url_encoded_in_every_action_and_link() -> None:
    html = feed(token=TOKEN, candidate=candidate(candidate_id="c/1?", status="resume_needed"), page=2,
                has_next=True)
    page = parse(html)
    assert TOKEN not in html
    targets = [form["action"] for form in page.forms()] + [a["href"] for a in page.all("a") if "token=" in a["href"]]
    assert len(targets) == 7  # resume, preferences, unsubscribe, token, delete, newer, older
    for target in targets:
        parts = urlsplit(target)
        assert parts.path.startswith("/candidates/c%2F1%3F")
        assert f"token={quote_plus(TOKEN)}" in parts.query
        assert parse_qs(parts.query)["token"] == [TOKEN]
    paths = sorted(urlsplit(form["action"]).path.rsplit("/", 1)[-1] for form in page.forms())
    assert paths == ["delete", "preferences", "resume", "token", "unsubscribe"]
    pages = [parse_qs(urlsplit(a["href"]).query)["page"] for a in page.all("a") if "page=" in a["href"]]
    assert pages == [["1"], ["3"]]


def test_the_feed_shows_jobs_with_company_location_score_and_reasons() -> None:
    page = parse(feed())
    assert "Data engineer" in page.text and "Acme · Berlin · Hybrid" in page.text
    assert "Match: 87%" in page.text
    assert "Python matches" in page.text and "Berlin is on your list" in page.text
    assert "Added 4 March 2026" in page.text
    link = next(a for a in page.all("a") if a.get("href") == JOB["url"])
    assert "noreferrer" in link["rel"].split()


def test_a_job_url_that_is_not_http_is_not_a_link() -> None:
    page = parse(feed(entries=[JOB | {"url": "javascript:alert(1)", "score": 1.7, "added_at": "soon"}]))
    assert not [a for a in page.all("a") if "alert" in a.get("href", "")]
    assert "Match: 100%" in page.text and "Added" not in page.text


def test_paging_links_appear_only_when_there_is_another_page() -> None:
    assert "page=" not in feed(page=1, has_next=False)
    only_next = parse(feed(page=1, has_next=True))
    assert [a["rel"] for a in only_next.all("a") if "page=" in a["href"]] == ["next"]


def test_resume_needed_asks_for_a_new_resume_with_an_upload_form() -> None:
    html = feed(candidate=candidate(status="resume_needed", status_reason="The PDF had no text."))
    page = parse(html)
    assert "We need a new resume" in page.text and "The PDF had no text." in page.text
    (upload,) = [form for form in page.forms() if "/resume?" in form["action"]]
    assert upload["enctype"] == "multipart/form-data"
    assert page.by_id("feed-resume")["accept"] == "application/pdf"
    assert "/resume?" not in feed(candidate=candidate(status="matched"))


def test_the_preferences_form_is_prefilled() -> None:
    page = parse(feed())
    assert page.by_id("feed-locations")["value"] == "Berlin, Köln"
    assert page.by_id("feed-salary_min")["value"] == "50000"
    assert "checked" in page.by_id("feed-remote-hybrid")
    assert [o["value"] for o in page.all("option") if "selected" in o] == ["daily"]


def test_a_rejected_preferences_form_is_shown_as_typed_with_its_errors() -> None:
    page = parse(feed(values={"titles": "", "locations": "Oslo", "remote": "onsite"},
                      errors={"titles": "Enter at least one job title you are looking for."}))
    assert page.by_id("feed-titles")["value"] == "" and page.by_id("feed-locations")["value"] == "Oslo"
    assert page.by_id("feed-titles")["aria-invalid"] == "true"
    assert "#feed-titles" in [a["href"] for a in page.all("a")]


def test_subscription_buttons_follow_the_state() -> None:
    assert "/unsubscribe?" in feed() and "/subscribe?" not in feed()
    unsubscribed = feed(candidate=candidate(subscribed=False))
    assert "/subscribe?" in unsubscribed and "/unsubscribe?" not in unsubscribed


def test_delete_asks_for_confirmation() -> None:
    page = parse(feed())
    box = page.by_id("feed-confirm")
    assert (box["type"], box["name"], box["value"]) == ("checkbox", "confirm", "yes")
    assert "checked" not in box


def test_private_pages_are_not_indexed() -> None:
    assert {"name": "robots", "content": "noindex, nofollow"} in parse(feed()).all("meta")
    assert {"name": "robots", "content": "noindex, nofollow"} not in parse(render_form({}, {})).all("meta")


@pytest.mark.parametrize("name", ["Zoë Ñúñez", "李小龍", "Ølstrøm"])
def test_non_latin_names_are_shown_intact(name: str) -> None:
    assert f"Hello, {name}." in parse(feed(candidate=candidate(name=name))).text
    assert parse(render_form({"name": name}, {})).by_id("name")["value"] == name


def test_the_registered_page_links_to_the_feed_and_the_duplicate_page_does_not() -> None:
    url = "https://portal.example.com/candidates/c-1?token=abc"
    page = parse(render_registered(url))
    assert url in [a["href"] for a in page.all("a")] and page.by_id("feed-link")["value"] == url
    assert parse(render_registered("/candidates/c-1?token=abc")).by_id("feed-link")["value"].startswith("/cand")
    duplicate = parse(render_duplicate())
    assert "We email its private link" in duplicate.text and "at most once an hour" in duplicate.text
    assert not [a for a in duplicate.all("a") if "token" in a.get("href", "")]


def test_error_pages_say_what_happened() -> None:
    assert "Sorry, something went wrong on our side" in parse(render_error(503, "Try later.")).text
    client_error = parse(render_error(400, "That form was incomplete."))
    assert "That form was incomplete." in client_error.text and "our side" not in client_error.text
    assert "Page not found" in parse(render_not_found()).text


def test_a_base_path_prefixes_every_action() -> None:
    assert parse(render_form({}, {}, base_path="/portal")).forms()[0]["action"] == "/portal/candidates"
    actions = [form["action"] for form in parse(feed(base_path="/portal")).forms()]
    assert actions and all(action.startswith("/portal/candidates/c-1/") for action in actions)
