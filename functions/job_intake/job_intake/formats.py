"""Which format a feed is in, and its postings one per row: a Greenhouse board ({"jobs": [...]}), a Lever
array, JSON-LD (a JobPosting, a list, or an @graph), or our own posting shape. Detected from the content
unless the caller says (?format=... or the Content-Type)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .readers import greenhouse, lever, schema_org

FORMATS = ("jobfeed", "greenhouse", "lever", "jsonld")
CONTENT_TYPES = {"application/ld+json": "jsonld", "text/html": "html", "application/xhtml+xml": "html"}
MAX_NODES = 200_000  # JSON-LD nodes looked at in one feed (a 20 MB body holds fewer): bounded work
MAX_DEPTH = 4  # @graph inside @graph inside a list ...: deeper nesting is not a feed


@dataclass(frozen=True)
class Unreadable:
    """A row that is not even JSON: kept with its line number so the feed owner is told, not silently skipped.
    (A marker type, not a plain string, so a JSON string posted as a row is never mistaken for a parse error.)"""

    reason: str


class NotAFeed(ValueError):
    """The document holds no posting in any format Intake reads."""


def format_of(raw: object) -> str:
    if not isinstance(raw, dict):
        return "jobfeed"
    if schema_org.is_job_posting(raw):
        return "jsonld"
    if greenhouse.looks_like(raw):
        return "greenhouse"
    if lever.looks_like(raw):
        return "lever"
    return "jobfeed"


def postings_in(document: Any) -> list[Any]:
    """The rows of a parsed JSON document: board wrappers and JSON-LD graphs are opened, other rows kept."""
    if isinstance(document, dict) and isinstance(document.get("jobs"), list):
        return list(document["jobs"])
    if _is_graph(document) or (isinstance(document, list) and any(_is_graph(d) for d in document)):
        postings = job_postings(document)
        if not postings:
            raise NotAFeed("The JSON-LD holds no JobPosting.")
        return postings
    return document if isinstance(document, list) else [document]


def job_postings(document: Any) -> list[dict[str, Any]]:
    """Every JobPosting node of JSON-LD (an object, a list, @graph), walked without recursion and bounded."""
    found: list[dict[str, Any]] = []
    pending: list[tuple[Any, int]] = [(document, 0)]
    seen = 0
    while pending and seen < MAX_NODES:
        node, depth = pending.pop()
        seen += 1
        if schema_org.is_job_posting(node):
            found.append(node)
        elif depth < MAX_DEPTH and isinstance(node, list):
            pending.extend((child, depth + 1) for child in reversed(node))
        elif depth < MAX_DEPTH and isinstance(node, dict) and isinstance(node.get("@graph"), list):
            pending.extend((child, depth + 1) for child in reversed(node["@graph"]))
    return found


def _is_graph(node: object) -> bool:
    return isinstance(node, dict) and ("@graph" in node or "@context" in node)
