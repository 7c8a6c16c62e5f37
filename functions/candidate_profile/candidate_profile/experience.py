"""Years of experience from date ranges ("Jan 2019 - Present", "03/2016 - 08/2018", "2014 to 2016").

Months are counted inclusively and overlapping jobs once. A bare year carries no month, so a range's start is
taken as July and its end as June: "2014 to 2016" is two years and never more than a year off the truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12, "mär": 3, "mai": 5, "okt": 10, "dez": 12, "janv": 1, "févr": 2, "avr": 4,
    "juin": 6, "juil": 7, "août": 8, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez|janv|févr|avr|juin|juil|août|ene|abr|ago|dic)"
    r"[a-zéû]{0,6}\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = (
    rf"(?:{_MONTH}\s*,?\s*(?:{_YEAR}|'\d\d)"  # Jan 2019, January, 2019, Sept. '19
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"  # 03/2016, 3.2016
    rf"|{_YEAR}\s*[-/.]\s*(?:0[1-9]|1[0-2])(?!\d)"  # 2019-03
    rf"|{_YEAR})"
)
_PRESENT = r"(?:present|current|currently|now|today|ongoing|date|heute|aktuell|actuel|presente|atual)"
_RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE})\s*(?:[-–—~]+|to|until|till|bis|à|a|até)\s*(?P<end>{_DATE}|{_PRESENT})(?![\w/])"
    rf"|(?:since|seit|depuis|desde)\s+(?P<since>{_DATE})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    start: int  # months since year 0, inclusive
    end: int  # inclusive

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def _month_index(token: str, *, is_end: bool, today: date) -> int | None:
    token = token.strip().casefold()
    if re.fullmatch(_PRESENT, token, re.IGNORECASE):
        return today.year * 12 + today.month - 1
    named = re.match(rf"({_MONTH})\s*,?\s*({_YEAR}|'\d\d)", token, re.IGNORECASE)
    if named:
        month = _MONTHS.get(named.group(1).rstrip(".")[:4]) or _MONTHS.get(named.group(1)[:3], 1)
        year_text = named.group(2)
        year = 2000 + int(year_text[1:]) if year_text.startswith("'") else int(year_text)
        return year * 12 + month - 1
    numeric = re.fullmatch(rf"(\d{{1,2}})\s*[/.]\s*({_YEAR})", token)
    if numeric:
        return int(numeric.group(2)) * 12 + int(numeric.group(1)) - 1
    iso = re.fullmatch(rf"({_YEAR})\s*[-/.]\s*(\d\d)", token)
    if iso:
        return int(iso.group(1)) * 12 + int(iso.group(2)) - 1
    if re.fullmatch(_YEAR, token):
        return int(token) * 12 + (5 if is_end else 6)  # June as an end, July as a start
    return None


def find_spans(text: str, today: date) -> list[Span]:
    """Every plausible date range in the text, none ending after today."""
    now = today.year * 12 + today.month - 1
    spans: list[Span] = []
    for match in _RANGE.finditer(text):
        start_token = match.group("start") or match.group("since")
        end_token = match.group("end") or "present"
        start = _month_index(start_token, is_end=False, today=today)
        end = _month_index(end_token, is_end=True, today=today)
        if start is None or end is None or start > now:
            continue
        end = min(end, now)
        if end < start:
            end = start + 5 if end // 12 == start // 12 else start  # "2016 - 2016": about half a year
        spans.append(Span(start, min(end, now)))
    return spans


def merge(spans: list[Span]) -> list[Span]:
    """Union of spans, so overlapping jobs are counted once."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end + 1:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def years_of_experience(text: str, today: date) -> float | None:
    """Total years covered by the date ranges in `text`, or None if it has none."""
    spans = merge(find_spans(text, today))
    if not spans:
        return None
    return round(sum(s.months for s in spans) / 12, 1)
