"""From one row in any format to our posting fields, with what Intake read from the text filled in, and a
summary of what it understood that the feed owner sees in the response.

Explicit fields win: skill lists, seniority, work mode or salary given in our own shape are kept as given;
a JSON-LD `skills` list is required, and the text adds what it holds besides."""

from __future__ import annotations

from typing import Any

from . import experience, requirements, workplace
from . import salary as pay
from .formats import FORMATS, format_of
from .html_text import plain_text
from .readers import greenhouse, lever, schema_org
from .readers.draft import Draft, RowError, text_blocks

MAX_DESCRIPTION = 5000


def draft_of(raw: dict[str, Any], requested: str | None, company: str, page_url: str) -> Draft:
    """Raises RowError when the row is not what the caller said or cannot be read."""
    found = format_of(raw)
    if requested in FORMATS and requested != found and not (requested == "jsonld" and found == "jobfeed"):
        raise RowError(f"this row is not a {requested} posting (it looks like {found})")
    if found == "greenhouse":
        return greenhouse.read(raw, company)
    if found == "lever":
        return lever.read(raw, company)
    if found == "jsonld" or requested == "jsonld":
        return schema_org.read(raw, company, page_url)
    location = raw.get("location")
    places = [location] if isinstance(location, str) and location.strip() else []
    return Draft(dict(raw), text_blocks(raw.get("description"), "description"), "jobfeed", places)


def complete(draft: Draft) -> tuple[dict[str, Any], dict[str, Any]]:
    """Our posting fields (for validation) and the summary of what was read, with where each part came from."""
    fields, own = dict(draft.fields), draft.format == "jobfeed"
    text = plain_text(draft.blocks)
    if not own:
        fields["description"] = text[:MAX_DESCRIPTION]
    title = str(fields.get("title") or "")
    source = _skills(draft, fields)
    years = fields.get("min_years") if own and _given(fields, "min_years") else \
        draft.months_required // 12 if draft.months_required is not None else experience.min_years(title, text)
    fields["min_years"] = years
    if not fields.get("seniority"):
        fields["seniority"] = experience.seniority(" ".join([title, *draft.hints]), years)
    mode = _work_mode(draft, fields, text)
    fields.setdefault("locations", draft.places)
    if not own or not _given(fields, "remote_countries"):
        fields["remote_countries"] = (draft.countries or workplace.restriction_from_text(draft.places, text)) \
            if mode in ("remote", "hybrid") else []
    if not fields.get("location") and mode == "remote":
        fields["location"] = "Remote"
    published = _salary(draft, fields, text)
    return fields, {
        "format": draft.format, "title": title, "required_skills": fields.get("required_skills"),
        "nice_skills": fields.get("nice_skills"), "skills_from": source, "seniority": fields["seniority"],
        "min_years": years, "work_mode": mode or "unspecified", "locations": fields["locations"],
        "remote_countries": fields["remote_countries"], "salary": published,
    }


def _skills(draft: Draft, fields: dict[str, Any]) -> str:
    if draft.format == "jobfeed" and (_given(fields, "required_skills") or _given(fields, "nice_skills")):
        return "posting"
    read = requirements.skills_from(draft.blocks, str(fields.get("title") or ""))
    required = draft.explicit_skills + [s for s in read.required if s not in draft.explicit_skills]
    fields["required_skills"] = required
    fields["nice_skills"] = [s for s in read.nice if s not in required]
    return "posting and description" if draft.explicit_skills else "description"


def _work_mode(draft: Draft, fields: dict[str, Any], text: str) -> str | None:
    if draft.format == "jobfeed" and fields.get("remote"):
        return str(fields["remote"]).lower()
    mode = workplace.work_mode(draft.workplace, draft.places, text)
    fields["remote"] = mode or "onsite"  # JobPosted has no "unspecified": unstated is treated as on site
    return mode


def _salary(draft: Draft, fields: dict[str, Any], text: str) -> dict[str, object] | None:
    if draft.format == "jobfeed" and (_given(fields, "salary_min") or _given(fields, "salary_max")):
        return {"min": fields.get("salary_min"), "max": fields.get("salary_max"),
                "currency": fields.get("salary_currency"), "period": "year"}
    found = draft.salary or pay.from_text(text)
    if found is None:
        return None
    fields["salary_min"], fields["salary_max"] = found.yearly()
    fields["salary_currency"] = found.currency
    return found.as_dict()


def _given(fields: dict[str, Any], name: str) -> bool:
    """Said by the posting: an empty CSV cell or an empty list says nothing, so the text gets its turn."""
    return fields.get(name) not in (None, "", [])
