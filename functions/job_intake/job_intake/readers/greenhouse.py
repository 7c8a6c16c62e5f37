"""Greenhouse Job Board API: one element of `jobs` from /v1/boards/<token>/jobs?content=true."""

from __future__ import annotations

import re
from typing import Any

from .draft import Draft, iso_date, site_name, string, text_blocks, unique

_WORKPLACE = re.compile(r"workplace|remote|work (?:type|mode|model|arrangement)|location type", re.IGNORECASE)


def looks_like(raw: dict[str, Any]) -> bool:
    return "absolute_url" in raw or ("content" in raw and isinstance(raw.get("location"), dict))


def read(raw: dict[str, Any], company: str) -> Draft:
    url = string(raw.get("absolute_url"))
    places = _places(raw)
    fields = {
        "job_id": f"greenhouse-{raw.get('id') or raw.get('internal_job_id') or url}",
        "title": string(raw.get("title")), "company": string(raw.get("company_name")) or company or site_name(url),
        "location": places[0] if places else "", "url": url,
        "posted_at": iso_date(raw.get("first_published") or raw.get("updated_at")),
        "expires_at": iso_date(raw.get("application_deadline")),
    }
    return Draft(fields, text_blocks(raw.get("content"), "content"), "greenhouse", places, _workplace(raw))


def _places(raw: dict[str, Any]) -> list[str]:
    location = raw.get("location")
    name = string(location.get("name")) if isinstance(location, dict) else string(location)
    places = re.split(r"\s*[;|]\s*|\s+/\s+", name) if name else []
    offices = raw.get("offices")
    if not places and isinstance(offices, list):
        places = [string(o.get("location") or o.get("name")) for o in offices if isinstance(o, dict)]
    return unique(places)[:20]


def _workplace(raw: dict[str, Any]) -> str | None:
    metadata = raw.get("metadata")
    for entry in metadata if isinstance(metadata, list) else []:
        if isinstance(entry, dict) and _WORKPLACE.search(string(entry.get("name"))):
            value = entry.get("value")
            value = value[0] if isinstance(value, list) and value else value
            if isinstance(value, str) and value.strip():
                return value
    return None
