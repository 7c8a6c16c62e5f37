"""Intake's one stateful rule, pure: a posting re-sent unchanged is nothing new; a new or changed one becomes the
next version of its job (what JobPosted carries, so Recommendation lets a newer version win)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Feeds restamp posted_at on every export: a posting whose only difference is that is not a change.
IGNORED = frozenset({"posted_at"})


def next_version(stored: Mapping[str, Any] | None, posting: Mapping[str, Any]) -> dict[str, Any] | None:
    """The payload to store and announce, or None when the stored version already says all of it."""
    if stored and all(stored.get(key) == value for key, value in posting.items() if key not in IGNORED):
        return None
    return {**posting, "version": int((stored or {}).get("version", 0)) + 1}
