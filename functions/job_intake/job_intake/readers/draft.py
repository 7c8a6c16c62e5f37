"""What a reader makes of one posting: our own posting fields plus what the text and structured fields hold,
for Intake to complete (skills, seniority, work mode, salary) and validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from ..html_text import Block, TooDeep, blocks_from_html, blocks_from_text, looks_like_html, unescape_markup
from ..salary import Salary

MAX_MARKUP = 1_000_000  # characters of description HTML; a bigger one is refused for its row, not parsed


class RowError(ValueError):
    """This posting cannot be read; the message is shown to the feed owner next to its row."""


@dataclass
class Draft:
    fields: dict[str, Any]  # our own posting shape (title, company, location, url, ...), validated later
    blocks: list[Block]
    format: str
    places: list[str] = field(default_factory=list)
    workplace: str | None = None  # a structured work-mode field, as published
    salary: Salary | None = None  # a structured salary
    countries: list[str] = field(default_factory=list)  # structured remote restriction (ISO codes)
    explicit_skills: list[str] = field(default_factory=list)  # a posting's own skills list (JSON-LD `skills`)
    months_required: int | None = None
    hints: list[str] = field(default_factory=list)  # employment types and the like, read for seniority


def text_blocks(value: object, what: str) -> list[Block]:
    """HTML (escaped or not) or plain text as blocks; refuses a description too large to be a posting."""
    if not isinstance(value, str) or not value.strip():
        return []
    if len(value) > MAX_MARKUP:
        raise RowError(f"{what} is larger than {MAX_MARKUP // 1_000_000} MB; no posting is that long")
    markup = unescape_markup(value)
    try:
        return blocks_from_html(markup) if looks_like_html(markup) else blocks_from_text(markup)
    except TooDeep as error:
        raise RowError(f"{what}: {error}") from error


def string(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def iso_date(value: object) -> str | None:
    """Dates as published ("2025-07-09 15:39:57 UTC", "2026-01-08", epoch milliseconds) in ISO 8601 UTC; None
    when unreadable, so a sloppy date never costs a posting."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = string(value).replace(" UTC", "Z").replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def site_name(url: str) -> str:
    """The board's company from an ATS address: boards.greenhouse.io/<company>/..., jobs.lever.co/<company>/..."""
    parsed = urlparse(url)
    first = parsed.path.strip("/").split("/")[0] if parsed.path.strip("/") else ""
    host = parsed.hostname or ""
    if any(ats in host for ats in ("greenhouse.io", "lever.co")) and first:
        return first
    parts = [p for p in host.split(".") if p not in ("www", "careers", "jobs", "boards", "com", "io", "co")]
    return parts[0] if parts else ""


def unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if value and value not in out:
            out.append(value)
    return out
