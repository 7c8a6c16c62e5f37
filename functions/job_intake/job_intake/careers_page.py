"""A careers page's HTML: the schema.org JobPosting blocks it carries for search engines.

Read with selectolax (the same parser as the descriptions): every <script type="application/ld+json"> is
parsed as JSON-LD. Pages publish JSON with raw newlines inside strings, so the decoder is lenient about
control characters, as search engines are."""

from __future__ import annotations

import json
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .formats import Unreadable, job_postings
from .html_text import TooDeep, check_depth


class PageError(ValueError):
    """The page carries no JobPosting to read."""


def postings_on_page(page: str) -> list[Any]:
    """JobPosting nodes on the page, and an Unreadable row for each JSON-LD block that is not valid JSON."""
    try:
        check_depth(page)
    except TooDeep as error:
        raise PageError(f"The page cannot be read: {error}.") from error
    scripts = LexborHTMLParser(page).css('script[type="application/ld+json"]')
    if not scripts:
        raise PageError("The page has no JSON-LD (<script type=\"application/ld+json\">): nothing to read.")
    rows: list[Any] = []
    for number, script in enumerate(scripts, start=1):
        try:
            document = json.loads(script.text(deep=True), strict=False)
        except (json.JSONDecodeError, RecursionError):
            rows.append(Unreadable(f"JSON-LD block {number} on the page is not valid JSON"))
            continue
        rows.extend(job_postings(document))
    if not rows:
        raise PageError("The page's JSON-LD holds no JobPosting.")
    return rows
