"""Renders the portal's HTML pages. Jinja autoescape is on: every value from a person or an event is escaped."""

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .consent import FORM_VERSION
from .profile_view import SENIORITY_LABELS

REMOTE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}
CADENCE_LABELS = {
    "instant": "As soon as we find a job",
    "daily": "Once a day",
    "weekly": "Once a week",
    "monthly": "Once a month",
}
STATUS_TEXT = {
    "registered": ("We are reading your resume", "This takes about a minute. Reload this page to see your jobs."),
    "profiled": ("Your profile is ready", "We are looking for jobs that fit you. New matches appear here."),
    "resume_needed": ("We need a new resume", "We could not read your resume. Please upload it again below."),
    "matched": ("We found jobs for you", "Your newest matches are at the top."),
}
_FIELDS = ("name", "email", "locations", "titles", "skills", "years_experience", "salary_min", "remote",
           "open_to_relocation", "cadence", "consent", "resume")
_PREFERENCES = ("titles", "locations", "skills", "remote", "salary_min", "cadence")
_YES = {"on", "yes", "true", "1"}
_PROFILE_FIELDS = ("profile", "remove_skill", "restore_skill", "add_skill", "years_experience", "seniority")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(remote_labels=REMOTE_LABELS, cadence_labels=CADENCE_LABELS, seniority_labels=SENIORITY_LABELS,
                       form_version=FORM_VERSION)
    return env


def _render(template: str, **context: Any) -> str:
    context.setdefault("private", False)
    context.setdefault("notice", None)
    return _environment().get_template(template).render(**context)


def _anchor(field: str, prefix: str) -> str:
    return f"{prefix}{field}-{field}" if field == "remote" else f"{prefix}{field}"


def _summary(errors: Mapping[str, str], order: tuple[str, ...], prefix: str) -> list[tuple[str | None, str]]:
    """Error summary entries in page order, each linking to its field; unknown keys are listed without a link."""
    known = [(f"#{_anchor(field, prefix)}", errors[field]) for field in order if field in errors]
    return known + [(None, message) for field, message in errors.items() if field not in order]


def _display(values: Mapping[str, object], fields: tuple[str, ...]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for field in fields:
        value = values.get(field)
        if isinstance(value, (list, tuple)):
            shown[field] = ", ".join(str(item) for item in value)
        else:
            shown[field] = "" if value is None or isinstance(value, bool) else str(value)
    return shown


def render_form(values: Mapping[str, object], errors: Mapping[str, str], notice: str | None = None, *,
                base_path: str = "", recaptcha: Mapping[str, str] | None = None) -> str:
    """The registration page; keeps what was typed (never the file) and shows each error next to its field."""
    shown = _display(values, _FIELDS)
    shown["remote"] = shown["remote"].lower()
    shown["cadence"] = shown["cadence"].lower() or "weekly"
    return _render("form.html", values=shown, consent_checked=_ticked(values.get("consent")),
                   relocation_checked=_ticked(values.get("open_to_relocation")), errors=dict(errors),
                   summary=_summary(errors, _FIELDS, ""), notice=notice, base_path=base_path, recaptcha=recaptcha)


def _ticked(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in _YES)


def render_registered(feed_url: str, name: str = "", confirm: bool = False) -> str:
    """The page after registering, with the private link to the feed (and, with double opt-in, the ask to
    confirm the address from the email)."""
    own_path = feed_url.startswith("/") and not feed_url.startswith("//")
    return _render("registered.html", feed_url=feed_url if own_path else safe_url(feed_url) or "", private=True,
                   name=name, confirm=confirm)


def render_deleted() -> str:
    """After the erasure request: the Portal's part is deleted, the other services' parts are under way."""
    return _render("deleted.html", private=True)


def render_duplicate() -> str:
    """The email is already registered: the link goes to that inbox, never to this page."""
    return _render("duplicate.html")


def render_error(status: int, message: str) -> str:
    return _render("error.html", status=status, message=message)


def render_not_found() -> str:
    return _render("not_found.html")


def safe_url(url: object) -> str | None:
    """Only absolute http(s) links are shown as links; javascript:, data: and the like become plain text."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def _percent(score: object) -> int | None:
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score != score:
        return None
    return round(min(max(float(score), 0.0), 1.0) * 100)


def _date(stamp: object) -> str | None:
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    return f"{moment.day} {moment:%B %Y}"


def _job(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": str(entry.get("title") or "Untitled job"),
        "company": str(entry.get("company") or ""),
        "location": str(entry.get("location") or ""),
        "remote": REMOTE_LABELS.get(str(entry.get("remote")), ""),
        "url": safe_url(entry.get("url")),
        "percent": _percent(entry.get("score")),
        "reasons": [str(reason) for reason in entry.get("reasons") or []],
        "added": _date(entry.get("added_at")),
        "added_at": str(entry.get("added_at") or ""),
    }


def _links(candidate_id: str, token: str, page: int, has_next: bool, base_path: str) -> dict[str, Any]:
    root = f"{base_path}/candidates/{quote(candidate_id, safe='')}"
    query = urlencode({"token": token})
    actions = {name: f"{root}/{name}?{query}" for name in
               ("resume", "preferences", "unsubscribe", "subscribe", "token", "delete", "profile", "confirmation")}
    return {
        **actions,
        "previous": f"{root}?{urlencode({'token': token, 'page': page - 1})}" if page > 1 else None,
        "next": f"{root}?{urlencode({'token': token, 'page': page + 1})}" if has_next else None,
    }


def render_feed(candidate: Mapping[str, Any], entries: list[Mapping[str, Any]], page: int, has_next: bool,
                token: str, notice: str | None = None, *, errors: Mapping[str, str] | None = None,
                values: Mapping[str, object] | None = None, base_path: str = "",
                profile: Mapping[str, Any] | None = None, profile_values: Mapping[str, object] | None = None) -> str:
    """The private feed page. errors/values redisplay a rejected preferences form (or resume/confirm errors);
    profile is "What we read from your resume" (profile_view.shown), profile_values a rejected correction."""
    errors = dict(errors or {})
    preferences = values if values is not None else candidate.get("preferences") or {}
    shown = _display(preferences, _PREFERENCES)
    status = str(candidate.get("status") or "registered")
    title, text = STATUS_TEXT.get(status, STATUS_TEXT["registered"])
    return _render(
        "feed.html", private=True, notice=notice, errors=errors, prefs=shown,
        # Without a profile its section (and the fields the summary would link to) is not on the page.
        summary=_summary(errors, ("resume", *(_PROFILE_FIELDS if profile else ()), *_PREFERENCES, "confirm"),
                         "feed-"),
        profile=profile, profile_typed=_display(profile_values or {}, _PROFILE_FIELDS),
        confirmation=candidate.get("confirmation") or {"state": "confirmed", "confirmed_at": None},
        name=str(candidate.get("name") or ""), status=status, status_title=title, status_text=text,
        status_reason=candidate.get("status_reason"), subscribed=bool(candidate.get("subscribed")),
        cadence=str((candidate.get("preferences") or {}).get("cadence") or ""),
        jobs=[_job(entry) for entry in entries], page=page,
        links=_links(str(candidate.get("candidate_id") or ""), token, page, has_next, base_path),
    )
