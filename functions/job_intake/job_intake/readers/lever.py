"""Lever Postings API: one element of the array from /v0/postings/<site>?mode=json."""

from __future__ import annotations

from typing import Any

from .. import salary
from ..html_text import Block
from .draft import Draft, iso_date, site_name, string, text_blocks, unique


def looks_like(raw: dict[str, Any]) -> bool:
    return "hostedUrl" in raw or "descriptionPlain" in raw or ("text" in raw and "categories" in raw)


def read(raw: dict[str, Any], company: str) -> Draft:
    url = string(raw.get("hostedUrl") or raw.get("applyUrl"))
    categories = raw.get("categories") if isinstance(raw.get("categories"), dict) else {}
    places = _places(categories)
    fields = {
        "job_id": f"lever-{raw.get('id') or url}", "title": string(raw.get("text")),
        "company": company or site_name(url), "location": places[0] if places else "", "url": url,
        "posted_at": iso_date(raw.get("createdAt")),
    }
    workplace = string(raw.get("workplaceType"))
    hints = [string(categories.get("commitment"))]
    return Draft(fields, _blocks(raw), "lever", places, None if workplace == "unspecified" else workplace or None,
                 _salary(raw.get("salaryRange")), hints=hints)


def _blocks(raw: dict[str, Any]) -> list[Block]:
    """The description, each list under its own heading, then the closing text; HTML kept over plain text,
    because the markup carries the structure."""
    blocks = text_blocks(raw.get("description") or raw.get("descriptionPlain"), "description")
    for entry in raw.get("lists") if isinstance(raw.get("lists"), list) else []:
        if isinstance(entry, dict):
            heading = string(entry.get("text"))
            blocks += [Block("heading", heading)] if heading else []
            blocks += [Block("item" if b.kind == "para" else b.kind, b.text)
                       for b in text_blocks(entry.get("content"), "a list")]
    blocks += text_blocks(raw.get("additional") or raw.get("additionalPlain"), "additional")
    blocks += text_blocks(raw.get("salaryDescription") or raw.get("salaryDescriptionPlain"), "salaryDescription")
    return blocks


def _places(categories: dict[str, Any]) -> list[str]:
    every = categories.get("allLocations")
    return unique([string(categories.get("location")), *(string(p) for p in every if isinstance(p, str))]
                  if isinstance(every, list) else [string(categories.get("location"))])[:20]


def _salary(value: object) -> salary.Salary | None:
    if not isinstance(value, dict):
        return None
    return salary.make(value.get("min"), value.get("max"), value.get("currency"),
                       salary.from_interval(value.get("interval")))
