"""One posting: validated and normalised, or rejected with reasons a feed owner can act on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from jobfeed.skills import normalize_skills

REMOTE = {"remote", "hybrid", "onsite"}
SENIORITY = {"junior", "mid", "senior", "lead"}
STATUS = {"open", "closed"}
TEXT_LIMITS = {"title": 120, "company": 120, "location": 120}
MAX_DESCRIPTION = 5000
MAX_SKILLS = 40
MAX_PLACES = 20


@dataclass(frozen=True)
class Rejected:
    line: int
    errors: list[str]


def _text(raw: dict[str, Any], name: str, errors: list[str]) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{name} is required")
        return ""
    if len(value) > TEXT_LIMITS[name]:
        errors.append(f"{name} is longer than {TEXT_LIMITS[name]} characters")
    return " ".join(value.split())


def _salary(raw: dict[str, Any], name: str, errors: list[str]) -> int | None:
    value = raw.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        errors.append(f"{name} must be a whole number")
        return None
    try:
        amount = int(value)
    except (TypeError, ValueError):
        errors.append(f"{name} must be a whole number")
        return None
    if not 0 <= amount <= 10_000_000:
        errors.append(f"{name} must be between 0 and 10000000")
    return amount


def _skills(raw: dict[str, Any], name: str, errors: list[str]) -> list[str]:
    value = raw.get(name) or []
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{name} must be a list of skill names")
        return []
    if len(value) > MAX_SKILLS:
        errors.append(f"{name} has more than {MAX_SKILLS} entries")
    return normalize_skills(value[:MAX_SKILLS])


def _min_years(raw: dict[str, Any], errors: list[str]) -> int | None:
    value = raw.get("min_years")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit() \
            or int(value) > 50:
        errors.append("min_years must be a whole number of years from 0 to 50")
        return None
    return int(value)


def _places(raw: dict[str, Any], name: str, errors: list[str]) -> list[str]:
    value = raw.get(name) or []
    if isinstance(value, str):
        value = [part for part in value.split(";") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 120 for v in value):
        errors.append(f"{name} must be a list of names of at most 120 characters")
        return []
    return [" ".join(v.split()) for v in value[:MAX_PLACES]]


def _countries(raw: dict[str, Any], errors: list[str]) -> list[str]:
    codes = [code.upper() for code in _places(raw, "remote_countries", errors)]
    if not all(len(code) == 2 and code.isalpha() for code in codes):
        errors.append("remote_countries must be ISO 3166-1 alpha-2 country codes (US, DE, ...)")
    return codes


def _currency(raw: dict[str, Any], errors: list[str]) -> str | None:
    value = raw.get("salary_currency")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha():
        errors.append("salary_currency must be an ISO 4217 code (USD, EUR, ...)")
        return None
    return value.upper()


def _date(raw: dict[str, Any], name: str, errors: list[str], required: bool) -> str | None:
    value = raw.get(name)
    if value in (None, ""):
        if required:
            return datetime.now(UTC).isoformat()
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        errors.append(f"{name} must be an ISO 8601 date")
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _url(raw: dict[str, Any], errors: list[str]) -> str:
    value = str(raw.get("url") or "")
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 2000:
        errors.append("url must be an http(s) address")
    return value


def _status(raw: dict[str, Any], errors: list[str]) -> str:
    # Strict on purpose: a feed saying "filled" or "paused" must not keep a job open by default.
    status = str(raw.get("status") or "open").strip().lower()
    if status not in STATUS:
        errors.append("status must be open or closed")
    return status


def validate(raw: Any, line: int) -> dict[str, Any] | Rejected:
    """A JobPosted payload without version (the store assigns it), or the reasons this row was refused."""
    if not isinstance(raw, dict):
        return Rejected(line, ["a posting must be an object"])
    errors: list[str] = []
    posting: dict[str, Any] = {name: _text(raw, name, errors) for name in TEXT_LIMITS}
    remote = str(raw.get("remote") or "onsite").lower().replace("on-site", "onsite")
    if remote not in REMOTE:
        errors.append("remote must be remote, hybrid or onsite")
    seniority = raw.get("seniority") or None
    if seniority is not None and str(seniority).lower() not in SENIORITY:
        errors.append("seniority must be junior, mid, senior or lead")
    posting.update(
        remote=remote, seniority=str(seniority).lower() if seniority else None, url=_url(raw, errors),
        salary_min=_salary(raw, "salary_min", errors), salary_max=_salary(raw, "salary_max", errors),
        required_skills=_skills(raw, "required_skills", errors), nice_skills=_skills(raw, "nice_skills", errors),
        description=str(raw.get("description") or "")[:MAX_DESCRIPTION],
        posted_at=_date(raw, "posted_at", errors, True), expires_at=_date(raw, "expires_at", errors, False),
        status=_status(raw, errors), min_years=_min_years(raw, errors),
        locations=_places(raw, "locations", errors), remote_countries=_countries(raw, errors),
        salary_currency=_currency(raw, errors),
    )
    if posting["salary_min"] and posting["salary_max"] and posting["salary_min"] > posting["salary_max"]:
        errors.append("salary_min is above salary_max")
    if errors:
        return Rejected(line, errors)
    posting["job_id"] = _job_id(raw, posting)
    return posting


def _job_id(raw: dict[str, Any], posting: dict[str, Any]) -> str:
    given = str(raw.get("job_id") or raw.get("id") or "")
    source = given or f"{posting['company']}|{posting['url']}"
    # Stable across re-posts of the same opening, and safe as a Firestore document id.
    return hashlib.sha256(source.encode()).hexdigest()[:24]
