"""Seniority (junior, mid, senior, lead) from years of experience and the titles held."""

from __future__ import annotations

import re

LEVELS = ("junior", "mid", "senior", "lead")
_TITLE_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(
        r"\b(lead|principal|staff|head|director|chief|vp|cto|cio|engineering manager|development manager)\b", re.I
    )),
    ("senior", re.compile(r"\b(senior|sr|snr|architect)\b", re.I)),
    ("junior", re.compile(r"\b(junior|jr|intern|trainee|graduate|apprentice|entry[- ]level)\b", re.I)),
)


def level_from_years(years: float) -> str:
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    return "senior"  # "lead" is a role, so only a title says it


def level_from_title(title: str) -> str | None:
    for level, pattern in _TITLE_LEVELS:
        if pattern.search(title):
            return level
    return None


def seniority(years: float, titles: list[str]) -> str:
    """The higher of what the years say and what the most senior title held says."""
    found = [LEVELS.index(level) for t in titles if (level := level_from_title(t))]
    return LEVELS[max([LEVELS.index(level_from_years(years)), *found])]
