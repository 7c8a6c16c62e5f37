"""Turns a request body into numbered rows: one JSON object, a JSON array, JSON Lines, or CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

MAX_ROWS = 10_000


class FeedError(ValueError):
    """The body as a whole cannot be read (as opposed to one bad row)."""


@dataclass(frozen=True)
class Unreadable:
    """A row that is not even JSON: kept with its line number so the feed owner is told, not silently skipped.
    (A marker type, not a plain string, so a JSON string posted as a row is never mistaken for a parse error.)"""

    reason: str


def rows(body: bytes, content_type: str) -> list[tuple[int, Any]]:
    if not body.strip():
        raise FeedError("The body is empty: send a posting, a JSON array, JSON Lines or CSV.")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedError("The body is not UTF-8 text.") from error
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        parsed = _csv(text)
    elif kind in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        parsed = _json_lines(text)
    else:
        parsed = _json(text)
    if not parsed:
        raise FeedError("The feed holds no postings.")
    if len(parsed) > MAX_ROWS:
        raise FeedError(f"A feed may hold at most {MAX_ROWS} postings; this one has {len(parsed)}.")
    return parsed


def _json(text: str) -> list[tuple[int, Any]]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise FeedError(f"Malformed JSON: {error}") from error
    if isinstance(document, list):
        return list(enumerate(document, start=1))
    return [(1, document)]


def _json_lines(text: str) -> list[tuple[int, Any]]:
    result: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            result.append((number, Unreadable(f"line {number} is not valid JSON")))
    return result


def _csv(text: str) -> list[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise FeedError("CSV needs a header row naming the columns (title, company, location, url, ...).")
    # Line numbers as a person sees them in the file: the header is line 1.
    return [(reader.line_num, {k: v for k, v in row.items() if k}) for row in reader]
