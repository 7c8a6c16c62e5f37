"""Seniority and minimum years of experience, from the title first and then phrases like "5+ years"."""

from __future__ import annotations

import re

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "un": 1, "deux": 2, "trois": 3, "cinq": 5, "zwei": 2, "drei": 3, "fünf": 5}
_NUMBER = r"(\d{1,2}|" + "|".join(_WORDS) + r")"
_YEARS = re.compile(
    _NUMBER + r"\s*\+?\s*(?:(?:-|–|—|to|à|bis)\s*" + _NUMBER + r"\s*\+?\s*)?"
    r"(?:\(\w+\)\s*)?(?:years?|yrs?|YOE|ans|années|jahre|jahren)\b", re.IGNORECASE)
_EXPERIENCE = re.compile(r"experience|expérience|erfahrung|\bYOE\b|\bexp\b|track record|background|working|worked"
                         r"|in (?:a|an) .{0,40}role|professional", re.IGNORECASE)
# A sentence that states another path ("if the degree requirement isn't met, 8 years") is not a threshold of
# its own: it counts only when nothing else states years.
_CONDITIONAL = re.compile(r"\bif\b|\bwithout\b|\botherwise\b|\balternatively\b|in lieu|\bsinon\b|\bsans\b"
                          r"|\bohne\b|\bfalls\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?;•\n])\s+")

_TITLE_LEVELS = [
    ("junior", re.compile(r"\b(?:intern(?:ship)?|stage|stagiaire|praktikum|praktikant\w*|werkstudent\w*|trainee"
                          r"|apprenti\w*|alternan\w*|graduate|new[\s-]grad|junior|jr\.?|entry[\s-]level|postdoc\w*"
                          r"|post-doc\w*|débutant\w*)\b", re.IGNORECASE)),
    ("lead", re.compile(r"\b(?:lead|staff|principal|head of|director|vp|vice president|chief|cto|cio"
                        r"|directeur|directrice)\b|leiter(?:in)?\b", re.IGNORECASE)),
    ("senior", re.compile(r"\b(?:senior|sr\.?|expert|confirmé\w*)\b", re.IGNORECASE)),
]
MAX_YEARS = 20


def min_years(title: str, text: str) -> int | None:
    """The smallest number of years that satisfies every stated requirement: thresholds add up (the largest
    counts: "5+ years, at least 2 of them in fraud" is 5), alternative paths do not."""
    plain, conditional = [], []
    for sentence in [title, *_SENTENCE.split(text)]:
        years = _sentence_years(sentence)
        if years is not None:
            (conditional if _CONDITIONAL.search(sentence) else plain).append(years)
    if plain:
        return max(plain)
    return min(conditional) if conditional else None


def seniority(title: str, years: int | None) -> str | None:
    for level, pattern in _TITLE_LEVELS:
        if pattern.search(title):
            return level
    if years is None:
        return None
    return "junior" if years < 2 else "mid" if years < 5 else "senior"


def _sentence_years(sentence: str) -> int | None:
    lows = [_value(m.group(1)) for m in _YEARS.finditer(sentence)
            if _EXPERIENCE.search(sentence) or "yoe" in m.group(0).lower()]
    lows = [n for n in lows if 0 <= n <= MAX_YEARS]
    return max(lows) if lows else None


def _value(token: str) -> int:
    return int(token) if token.isdigit() else _WORDS[token.lower()]
