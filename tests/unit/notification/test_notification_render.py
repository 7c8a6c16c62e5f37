import re
from datetime import date

from notification.render import (
    format_period,
    render_digest,
    render_feed_link,
    render_instant,
)

FEED = "https://jobfeed.example/feed/tok123"
UNSUB = "https://jobfeed.example/unsubscribe/tok123"
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def job(job_id: str = "j1", **overrides: object) -> dict:
    record = {
        "job_id": job_id, "title": "Backend Engineer", "company": "Acme", "location": "Berlin",
        "remote": "hybrid", "url": f"https://jobs.example/{job_id}", "score": 0.8,
        "reasons": ["Python and Go match your skills", "Berlin is one of your locations"],
    }
    return record | overrides


def test_instant_escapes_script_in_title_and_name() -> None:
    email = render_instant("<script>alert('n')</script>", FEED, UNSUB, [job(title="<script>alert(1)</script>")])

    assert "<script>" not in email.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email.html
    assert "&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;" in email.html


def test_instant_escapes_attribute_breakouts_in_urls() -> None:
    email = render_instant("Ann", FEED, UNSUB, [job(url='https://x.example/"><img src=x onerror=alert(1)>')])

    assert "<img" not in email.html
    assert 'href="https://x.example/&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in email.html


def test_instant_drops_non_http_apply_links() -> None:
    email = render_instant("Ann", FEED, UNSUB, [job(url="javascript:alert(1)")])

    assert "javascript:" not in email.html
    assert "javascript:" not in email.text


def test_instant_plain_text_has_no_html_and_all_links() -> None:
    email = render_instant("Ann", FEED, UNSUB, [job("j1"), job("j2", title="Data Engineer", score=0.9)])

    assert not TAG.search(email.text)
    for link in (FEED, UNSUB, "https://jobs.example/j1", "https://jobs.example/j2"):
        assert link in email.text
        assert f'href="{link}"' in email.html


def test_instant_shows_every_field_and_reason() -> None:
    email = render_instant("Ann", FEED, UNSUB, [job(remote="onsite", score=0.87)])

    for part in ("Backend Engineer", "Acme", "Berlin", "On-site", "87% match",
                 "Python and Go match your skills", "Berlin is one of your locations", "Hello Ann"):
        assert part in email.text
        assert part in email.html


def test_instant_subject_names_the_best_job_on_one_line() -> None:
    email = render_instant("Ann", FEED, UNSUB, [job("j1", score=0.5), job("j2", title="Lead\r\nBcc: x", score=0.9)])

    assert email.subject == "2 new jobs for you: Lead Bcc: x at Acme and more"
    assert email.text.index("Lead") < email.text.index("Backend Engineer")


def test_digest_groups_dedupes_and_names_the_period() -> None:
    jobs = [job("j1", remote="remote"), job("j2", remote="onsite"), job("j1", remote="remote", score=0.95)]

    email = render_digest("Ann", FEED, UNSUB, jobs, "weekly", date(2025, 3, 3), date(2025, 3, 9))

    assert email.subject == "Your weekly jobfeed digest, 3 Mar - 9 Mar 2025: 2 new jobs"
    assert email.text.count("https://jobs.example/j1") == 1
    assert email.text.index("== Remote (1) ==") < email.text.index("== On-site (1) ==")
    assert "Hybrid" not in email.text
    assert "95% match" in email.html
    assert not TAG.search(email.text)
    assert UNSUB in email.text and f'href="{UNSUB}"' in email.html


def test_feed_link_email_carries_feed_and_unsubscribe_links() -> None:
    email = render_feed_link("Ann & Bob", FEED, UNSUB)

    assert email.subject == "Your private jobfeed link"
    assert "Ann &amp; Bob" in email.html
    assert FEED in email.text and UNSUB in email.text
    assert f'href="{FEED}"' in email.html and f'href="{UNSUB}"' in email.html
    assert not TAG.search(email.text)


def test_format_period() -> None:
    assert format_period(date(2025, 3, 3), date(2025, 3, 3)) == "3 Mar 2025"
    assert format_period(date(2024, 12, 1), date(2024, 12, 31)) == "1 Dec - 31 Dec 2024"
    assert format_period(date(2024, 12, 30), date(2025, 1, 5)) == "30 Dec 2024 - 5 Jan 2025"


def test_a_gathered_instant_email_lists_the_best_jobs_in_full_and_counts_the_rest() -> None:
    jobs = [job(f"j{i}", title=f"Engineer {i}", score=i / 100) for i in range(30)]
    email = render_instant("Ann", FEED, UNSUB, jobs, max_jobs=20)

    assert email.subject == "30 new jobs for you: Engineer 29 at Acme and more"
    assert "We found 30 new jobs" in email.text
    listed = re.findall(r"Apply: https://jobs.example/(j\d+)\n", email.text)
    assert listed == [f"j{i}" for i in range(29, 9, -1)]  # the 20 best, best first
    assert f"... and 10 more jobs that match your profile: see them all in your feed: {FEED}" in email.text
    assert f'<a href="{FEED}">see them all in your feed</a>' in email.html
    assert "more job" not in render_instant("Ann", FEED, UNSUB, jobs[:20], max_jobs=20).text


def test_a_digest_over_the_cap_counts_the_rest_with_the_feed_link() -> None:
    jobs = [job(f"j{i}", score=i / 100) for i in range(5)]
    email = render_digest("Ann", FEED, UNSUB, jobs, "weekly", date(2025, 3, 3), date(2025, 3, 9), max_jobs=3)

    assert email.subject.endswith(": 5 new jobs") and "5 new jobs that match" in email.text
    assert email.text.count("Apply: ") == 3 and "... and 2 more jobs" in email.text
