"""Seniority (junior, mid, senior, lead) from the titles held and, where no title says, the years of experience.

The most recent title that names a level decides ("Staff Engineer" is lead, "Senior Analyst" senior), because
that is how a recruiter reads a resume: a lead role ten years ago under a senior role today reads as senior.
Resumes list the newest position first, so "most recent" is the first one named.
Years alone are a weak signal: they say junior below two years and senior only for a long career (15 years);
in between, and when no dates were found at all, the answer is mid, never a default of junior because the
years are unknown. A junior title long ago does not make a long career junior.
"""

from __future__ import annotations

import re

LEVELS = ("junior", "mid", "senior", "lead")
SENIOR_YEARS = 15.0
_TITLE_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(
        r"\b(lead|principal|staff|head|director|chief|vp|cto|cio|ceo|founder|co-founder|cofounder|"
        r"engineering manager|development manager|team manager)\b", re.I
    )),
    ("senior", re.compile(r"\b(senior|sr|snr|architect)\b", re.I)),
    ("junior", re.compile(r"\b(junior|jr|intern|trainee|graduate|apprentice|entry[- ]level|assistant)\b", re.I)),
)


def level_from_years(years: float | None) -> str:
    if years is None:
        return "mid"
    if years < 2:
        return "junior"
    return "senior" if years >= SENIOR_YEARS else "mid"  # "lead" is a role, so only a title says it


def level_from_title(title: str) -> str | None:
    for level, pattern in _TITLE_LEVELS:
        if pattern.search(title):
            return level
    return None


def seniority(years: float | None, titles: list[str], hints: list[str] | None = None) -> str:
    """The level the most recent levelled position names (`hints`: levels read next to dated positions, in
    document order; else the titles), otherwise what the years say."""
    named = list(hints or []) or [level for t in titles if (level := level_from_title(t))]
    if not named:
        return level_from_years(years)
    if named[0] == "junior" and years is not None and years >= 5:
        return "mid"  # a junior title long ago, a career since
    return named[0]
