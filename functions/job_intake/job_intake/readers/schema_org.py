"""schema.org JobPosting (JSON-LD), as careers pages and job boards publish it for search engines."""

from __future__ import annotations

import re
from typing import Any

from jobfeed.skills import normalize_skills

from .. import salary, workplace
from ..html_text import Block
from .draft import Draft, iso_date, string, text_blocks, unique

_PROPERTIES = [("qualifications", "Qualifications"), ("experienceRequirements", "Experience requirements"),
               ("responsibilities", "Responsibilities")]
_EXPERIENCE_MONTHS = re.compile(r"^\s*(\d{1,3})\s*$")


def is_job_posting(node: object) -> bool:
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def read(raw: dict[str, Any], company: str, page_url: str) -> Draft:
    organization = raw.get("hiringOrganization")
    organization = organization if isinstance(organization, dict) else {"name": organization}
    own_url = string(raw.get("url"))
    url = own_url or page_url or string(organization.get("sameAs") or organization.get("url"))
    places = unique([_place(p) for p in _many(raw.get("jobLocation"))])[:20]
    identifier = raw.get("identifier")
    identifier = identifier.get("value") if isinstance(identifier, dict) else identifier
    name = string(organization.get("name")) or company
    title = string(raw.get("title"))
    # Without an id or an address of its own, the posting is known by who posts what where.
    key = string(str(identifier)) if identifier else own_url or page_url or f"{title}|{'|'.join(places)}"
    fields = {
        "job_id": f"jsonld-{name}-{key}", "title": title, "company": name,
        "location": places[0] if places else "", "url": url,
        "posted_at": iso_date(raw.get("datePosted")), "expires_at": iso_date(raw.get("validThrough")),
    }
    draft = Draft(fields, text_blocks(raw.get("description"), "description") + _properties(raw), "jsonld", places)
    draft.workplace = "remote" if "TELECOMMUTE" in [string(t).upper() for t in _many(raw.get("jobLocationType"))] \
        else None
    draft.salary = _salary(raw.get("baseSalary"))
    draft.countries = workplace.countries([_name(c) for c in _many(raw.get("applicantLocationRequirements"))])
    draft.explicit_skills = normalize_skills(_skill_names(raw.get("skills")))
    draft.months_required = _months(raw.get("experienceRequirements"))
    draft.hints = [string(t) for t in _many(raw.get("employmentType"))]
    return draft


def _properties(raw: dict[str, Any]) -> list[Block]:
    """schema.org's own text properties, each under the heading that says what it is."""
    blocks: list[Block] = []
    for name, heading in _PROPERTIES:
        texts = [_name(v) if isinstance(v, dict) else string(v) for v in _many(raw.get(name))]
        if any(texts):
            blocks += [Block("heading", heading), *(Block("para", t) for t in texts if t)]
    return blocks


def _many(value: object) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _name(node: object) -> str:
    return string(node.get("name") or node.get("identifier")) if isinstance(node, dict) else string(node)


def _place(node: object) -> str:
    address = node.get("address") if isinstance(node, dict) else node
    if isinstance(address, dict):
        country = address.get("addressCountry")
        parts = [address.get("addressLocality"), address.get("addressRegion"),
                 _name(country) if isinstance(country, dict) else country]
        return ", ".join(string(p) for p in parts if string(p))
    return string(address) or (_name(node) if isinstance(node, dict) else "")


def _salary(value: object) -> salary.Salary | None:
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    if isinstance(amount, dict):
        low = amount.get("minValue", amount.get("value"))
        high = amount.get("maxValue", amount.get("value"))
        return salary.make(low, high, value.get("currency"), salary.from_unit(amount.get("unitText")))
    return salary.make(amount, amount, value.get("currency"), salary.from_unit(value.get("unitText")))


def _skill_names(value: object) -> list[str]:
    names: list[str] = []
    for item in _many(value):
        text = _name(item) if isinstance(item, dict) else string(item)
        names += [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    return names[:40]


def _months(value: object) -> int | None:
    for item in _many(value):
        months = item.get("monthsOfExperience") if isinstance(item, dict) else None
        match = _EXPERIENCE_MONTHS.match(str(months)) if months is not None else None
        if match:
            return int(match.group(1))
    return None
