"""Renders Notification's emails (HTML and plain text) from MatchedJob records; no SDK, no I/O beyond templates."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

REMOTE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}
CADENCE_LABELS = {"daily": "daily", "weekly": "weekly", "monthly": "monthly"}
MAX_JOBS = 25  # listed in full per email; the rest are counted, with the feed link (JOBFEED_EMAIL_MAX_JOBS)


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def safe_url(url: Any) -> str:
    """Only http(s) links reach an email; anything else (javascript:, data:) becomes an inert '#'."""
    if isinstance(url, str) and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return "#"


@cache
def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("notification", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["remote_label"] = lambda value: REMOTE_LABELS.get(value, str(value))
    env.filters["percent"] = lambda score: f"{round(float(score) * 100)}%"
    return env




def _one_line(text: str) -> str:
    # A subject is a header: no line breaks, no control characters.
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _render(template: str, subject: str, **values: Any) -> Email:
    values["subject"] = _one_line(subject)
    return Email(
        subject=values["subject"],
        text=_environment(False).get_template(f"{template}.txt").render(**values),
        html=_environment(True).get_template(f"{template}.html").render(**values),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_instant(name: str, feed_url: str, unsubscribe_url: str, jobs: list[dict[str, Any]],
                   max_jobs: int = MAX_JOBS) -> Email:
    """The first match's jobs, sent at once, or the jobs gathered in the window after it (best first); the best
    `max_jobs` are listed in full, the others counted with the feed link."""
    jobs = _dedupe(jobs)
    top = jobs[0] if jobs else None
    if top is None:
        subject = "New jobs for you"
    elif len(jobs) == 1:
        subject = f"New job for you: {top['title']} at {top['company']}"
    else:
        subject = f"{_plural(len(jobs), 'new job')} for you: {top['title']} at {top['company']} and more"
    shown = jobs[:max(1, max_jobs)]
    return _render("instant", subject, name=name, feed_url=feed_url, unsubscribe_url=unsubscribe_url, jobs=shown,
                   count=len(jobs), more=len(jobs) - len(shown))


def render_digest(
    name: str,
    feed_url: str,
    unsubscribe_url: str,
    jobs: list[dict[str, Any]],
    cadence: str,
    period_start: date,
    period_end: date,
    max_jobs: int = MAX_JOBS,
) -> Email:
    """Many jobs gathered over a period, deduplicated by job id and grouped by remote policy; the best `max_jobs`
    are listed in full, the others counted with the feed link."""
    unique = _dedupe(jobs)
    shown = unique[:max(1, max_jobs)]
    period = format_period(period_start, period_end)
    subject = f"Your {CADENCE_LABELS.get(cadence, cadence)} jobfeed digest, {period}: {_plural(len(unique), 'new job')}"
    return _render("digest", subject, name=name, feed_url=feed_url, unsubscribe_url=unsubscribe_url,
                   groups=group_by_remote(shown), period=period, count=len(unique), more=len(unique) - len(shown))


def render_feed_link(name: str, feed_url: str, unsubscribe_url: str) -> Email:
    """Re-sends the candidate's private feed link."""
    return _render("feed_link", "Your private jobfeed link", name=name, feed_url=feed_url,
                   unsubscribe_url=unsubscribe_url)


def render_confirmation(name: str, confirm_url: str, feed_url: str, unsubscribe_url: str) -> Email:
    """The double opt-in's one email: the signed link that confirms the address (nothing else is sent before)."""
    return _render("confirmation", "Please confirm your email address for jobfeed", name=name,
                   confirm_url=confirm_url, feed_url=feed_url, unsubscribe_url=unsubscribe_url)


def _dedupe(jobs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for job in jobs:
        kept = best.get(job["job_id"])
        if kept is None or float(job["score"]) > float(kept["score"]):
            best[job["job_id"]] = job
    return sorted(best.values(), key=lambda j: -float(j["score"]))


def group_by_remote(jobs: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """[(label, jobs best first)] in the order Remote, Hybrid, On-site; empty groups left out."""
    groups = [(label, [j for j in jobs if j["remote"] == key]) for key, label in REMOTE_LABELS.items()]
    others = [j for j in jobs if j["remote"] not in REMOTE_LABELS]
    return [(label, members) for label, members in [*groups, ("Other", others)] if members]


def format_period(start: date, end: date) -> str:
    """'3 Mar 2025' for one day, '3 Mar - 9 Mar 2025' for a span within one year."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    head = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{head} - {end.day} {end:%b %Y}"
