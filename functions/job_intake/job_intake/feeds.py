"""Turns a request body into numbered rows: one JSON object, a JSON array, JSON Lines, CSV, a Greenhouse or
Lever board response, JSON-LD, or a careers page's HTML."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .careers_page import PageError, postings_on_page
from .formats import CONTENT_TYPES, FORMATS, NotAFeed, Unreadable, postings_in

MAX_ROWS = 10_000
JSON_LINES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
READABLE = (*FORMATS, "html", "csv", "jsonl")

__all__ = ["MAX_ROWS", "READABLE", "FeedError", "Unreadable", "rows"]


class FeedError(ValueError):
    """The body as a whole cannot be read (as opposed to one bad row)."""


def requested_format(content_type: str, query: str | None) -> str | None:
    """What the caller says the feed is: ?format= wins over the Content-Type; None means detect."""
    if query:
        if query not in READABLE:
            raise FeedError(f"Unknown format {query!r}: use one of {', '.join(READABLE)}.")
        return query
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        return "csv"
    if kind in JSON_LINES:
        return "jsonl"
    return CONTENT_TYPES.get(kind)


def rows(body: bytes, content_type: str, query: str | None = None) -> list[tuple[int, Any]]:
    if not body.strip():
        raise FeedError("The body is empty: send a posting, a JSON array, JSON Lines, CSV or a careers page.")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedError("The body is not UTF-8 text.") from error
    kind = requested_format(content_type, query)
    if kind is None and text.lstrip()[:1] == "<":
        kind = "html"  # a careers page posted as it was downloaded
    try:
        parsed = _csv(text) if kind == "csv" else _json_lines(text) if kind == "jsonl" else \
            _numbered(postings_on_page(text)) if kind == "html" else _json(text)
    except (PageError, NotAFeed) as error:
        raise FeedError(str(error)) from error
    if not parsed:
        raise FeedError("The feed holds no postings.")
    if len(parsed) > MAX_ROWS:
        raise FeedError(f"A feed may hold at most {MAX_ROWS} postings; this one has {len(parsed)}.")
    return parsed


def _numbered(items: list[Any]) -> list[tuple[int, Any]]:
    return list(enumerate(items, start=1))


def _json(text: str) -> list[tuple[int, Any]]:
    try:
        # Lenient about raw control characters inside strings: published JSON-LD has newlines in descriptions.
        document = json.loads(text, strict=False)
    except (json.JSONDecodeError, RecursionError) as error:
        raise FeedError(f"Malformed JSON: {error}") from error
    return _numbered(postings_in(document))


def _json_lines(text: str) -> list[tuple[int, Any]]:
    result: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result.append((number, json.loads(line, strict=False)))
        except (json.JSONDecodeError, RecursionError):
            result.append((number, Unreadable(f"line {number} is not valid JSON")))
    return result


def _csv(text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise FeedError("CSV needs a header row naming the columns (title, company, location, url, ...).")
    # Line numbers as a person sees them in the file: the header is line 1.
    return [(reader.line_num, {k: v for k, v in row.items() if k}) for row in reader]
