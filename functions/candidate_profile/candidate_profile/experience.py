"""Years of experience from the date ranges of work positions.

A range is START separator END ("Jan 2019 - Present", "Sept '17 - now", "06/15 - Now", "09-18 - 12-20",
"(17/03/2016 - 30/06/2018)", "2019/03 - 2021/11", "Summer 2012 - Fall 2013", "June - August 2015",
"since 2020"). The regular
expression below only finds where a date is and what shape it has; python-dateutil turns a written date into a
month (with our parserinfo adding German, French, Spanish and Portuguese month names).

Counting follows the usual reading of a resume:
- months are counted inclusively and overlapping jobs once (the union of the intervals);
- a bare year carries no month: a range's start is taken as July and its end as June ("2014 to 2016" is two
  years), and a range within one year ("2016 - 2016") as January to December;
- a range whose neighbourhood names an internship, a research or teaching assistantship, volunteering or study
  is not a job and is left out;
- nothing ends after today, nothing starts before 1960 and no single range is longer than 50 years.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateparser

MONTH_WORDS = (
    ("jan", "january", "januar", "janv", "janvier", "ene", "enero", "janeiro", "gen", "gennaio"),
    ("feb", "february", "februar", "févr", "fevr", "février", "fev", "febrero", "fevereiro", "febbraio"),
    ("mar", "march", "märz", "mär", "maerz", "mars", "marzo", "março", "marco"),
    ("apr", "april", "avr", "avril", "abr", "abril", "aprile"),
    ("may", "mai", "mayo", "maio", "mag", "maggio"),
    ("jun", "june", "juni", "juin", "junio", "junho", "giu", "giugno"),
    ("jul", "july", "juli", "juil", "juillet", "julio", "julho", "lug", "luglio"),
    ("aug", "august", "août", "aout", "ago", "agosto"),
    ("sep", "sept", "september", "septembre", "sept.", "septiembre", "setembro", "set", "settembre"),
    ("oct", "october", "okt", "oktober", "octobre", "octubre", "outubro", "out", "ott", "ottobre"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "dez", "dezember", "déc", "décembre", "dic", "diciembre", "dezembro", "dicembre"),
)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}


class _ParserInfo(dateparser.parserinfo):
    MONTHS = [tuple(dict.fromkeys(words)) for words in MONTH_WORDS]  # type: ignore[assignment]


_INFO = _ParserInfo(dayfirst=True)
_NAMES = "|".join(sorted({re.escape(w) for words in MONTH_WORDS for w in words}, key=len, reverse=True))
_MONTH = rf"(?:{_NAMES})\.?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_Y4 = r"(?:19[6-9]\d|20\d\d)"
_YY = r"(?:'|’)?\d\d"
_MM = r"(?:0?[1-9]|1[0-2])"
_DATE = (
    rf"(?:(?:\d{{1,2}}\s+)?{_MONTH}\s*,?\s*(?:{_Y4}|{_YY})"  # Jan 2019, 3 March 2019, September, 2019, Sept '17
    rf"|{_SEASON}\s+(?:{_Y4}|{_YY})"  # Summer 2012
    rf"|(?:[0-3]?\d[/.])?{_MM}\s*[/.-]\s*{_Y4}"  # 17/03/2016, 03/2016, 3.2016, 03-2016
    rf"|{_Y4}\s*[/.-]\s*{_MM}(?!\d)"  # 2019-03, 2019/03
    rf"|{_MM}\s*[/.-]\s*\d\d(?!\d)"  # 06/15, 09-18: month and two-digit year
    rf"|{_Y4})"
)
PRESENT = (
    r"(?:present|current(?:ly)?|now|today|ongoing|date|heute|aktuell|actuel|présent|presente|atual|hoy|oggi)"
)
_SEP = r"(?:\s*(?:[-–—~]+|to|until|till|bis|à|a|até|al|au)\s*)"
_RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE})\s*{_SEP}\s*(?P<end>{_DATE}|{PRESENT})(?![\w/])"
    rf"|(?<![\w/.])(?P<bare>{_MONTH})\s*{_SEP}\s*(?P<shared>{_MONTH}\s*,?\s*{_Y4})(?![\w/])"  # June - August 2015
    rf"|(?:since|seit|depuis|desde|dal)\s+(?P<since>{_DATE})",
    re.IGNORECASE,
)
NOT_A_JOB = re.compile(
    r"\b(?:intern(?:ship)?s?|praktik\w*|stagiaire|trainee(?:ship)?|research\s+assistant\w*|teaching\s+assistant\w*|"
    r"graduate\s+assistant\w*|\bRA\b|\bTA\b|volunteer\w*|bénévol\w*|ehrenamt\w*|student\s+research\w*|"
    r"b\.?\s?sc|m\.?\s?sc|bachelor|master'?s|ph\.?\s?d|degree|diploma|coursework|thesis)\b",
    re.IGNORECASE,
)
_EARLIEST = 1960 * 12
_LONGEST = 50 * 12


@dataclass(frozen=True)
class Span:
    start: int  # months since year 0, inclusive
    end: int  # inclusive

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def _two_digit_year(yy: int, today: date) -> int:
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def _month_index(token: str, *, is_end: bool, today: date) -> tuple[int, bool] | None:
    """(months since year 0, whether the month was written) for one date token, or None."""
    token = " ".join(token.replace("’", "'").split()).strip(" ,")
    if re.fullmatch(PRESENT, token, re.IGNORECASE):
        return today.year * 12 + today.month - 1, True
    if re.fullmatch(_Y4, token):
        return int(token) * 12 + (5 if is_end else 6), False  # June as an end, July as a start
    season = re.fullmatch(rf"({_SEASON})\s+'?(\d{{2,4}})", token, re.IGNORECASE)
    if season:
        year = int(season.group(2))
        year = year if year > 99 else _two_digit_year(year, today)
        first, last = SEASONS[season.group(1).casefold()]
        return year * 12 + (last if is_end else first) - 1, True
    short = re.fullmatch(rf"({_MM})\s*[/.-]\s*(\d\d)", token)
    if short:  # MM/YY
        return _two_digit_year(int(short.group(2)), today) * 12 + int(short.group(1)) - 1, True
    apostrophe = re.fullmatch(r"(.*?)\s*'(\d\d)", token)
    if apostrophe:  # Sept '17
        token = f"{apostrophe.group(1)} {_two_digit_year(int(apostrophe.group(2)), today)}"
    try:
        parsed = dateparser.parse(token, parserinfo=_INFO, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.year * 12 + parsed.month - 1, True


def _is_job(text: str, start: int, end: int) -> bool:
    """False when the range's own line or the line next to it (a title, a degree) names study, an internship,
    an assistantship or volunteering. (A school or a university can be an employer: only the role says.)"""
    line_start = text.rfind("\n", 0, start) + 1
    before = text.rfind("\n", 0, max(line_start - 1, 0)) + 1 if line_start > 0 else 0
    line_end = text.find("\n", end)
    after = text.find("\n", line_end + 1) if line_end != -1 else -1
    window = text[before: after if after != -1 else len(text)]
    return NOT_A_JOB.search(window) is None


def find_spans(text: str, today: date) -> list[Span]:
    """Every plausible job date range in the text, none ending after today."""
    now = today.year * 12 + today.month - 1
    spans: list[Span] = []
    for match in _RANGE.finditer(text):
        start_token = match.group("start") or match.group("since")
        end_token = match.group("end") or match.group("shared") or "present"
        last = _month_index(end_token, is_end=True, today=today)
        if match.group("bare") and last is not None:  # the start month shares the end's year (or the one before)
            shared_year = last[0] // 12
            first = _month_index(f"{match.group('bare')} {shared_year}", is_end=False, today=today)
            if first is not None and first[0] > last[0]:
                first = (first[0] - 12, True)
        else:
            first = _month_index(start_token, is_end=False, today=today)
        if first is None or last is None or not _is_job(text, match.start(), match.end()):
            continue
        (start, start_has_month), (end, end_has_month) = first, last
        if not start_has_month and not end_has_month and start // 12 == end // 12:
            start, end = (start // 12) * 12, (start // 12) * 12 + 11  # "2016 - 2016": the whole year
        end = min(end, now)
        if start > now or start < _EARLIEST or end < start or end - start >= _LONGEST:
            continue
        spans.append(Span(start, end))
    return spans


_LONE_YEAR = re.compile(rf"(?<![\w/.'’-])({_Y4})(?![\w/.-])")
_BULLET = re.compile(r"^\s*[•\-*▪◦‣➢✓●○■►–]")
_OTHER_DIGITS = re.compile(r"\d")


def single_year_spans(text: str, today: date) -> list[Span]:
    """A position dated by one year ("Marketing Coordinator 2019"): January to December of that year. Only on a
    short, non-bullet line holding no other number, so a year in a sentence ("won an award in 2019") is not a job."""
    spans: list[Span] = []
    # "Oct 2019 - Sept\n2022": a year that ends a range is not a lone year. Ranges never overlap each other, so
    # their starts and ends are both sorted and one bisection finds the range a line could touch.
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text)]
    starts = [a for a, _ in ranges]
    offset = -1
    for line in text.splitlines():
        offset += 1
        line_start, offset = offset, offset + len(line)
        touching = bisect.bisect_left(starts, offset) - 1
        if touching >= 0 and ranges[touching][1] > line_start:
            continue
        if len(line.strip()) > 80 or _BULLET.match(line):
            continue
        years = _LONE_YEAR.findall(line)
        if len(years) != 1 or _OTHER_DIGITS.search(_LONE_YEAR.sub("", line)):
            continue
        year = int(years[0])
        start = year * 12
        if _EARLIEST <= start <= today.year * 12 + today.month - 1 and _is_job(line, 0, len(line)):
            spans.append(Span(start, min(start + 11, today.year * 12 + today.month - 1)))
    return spans


def position_lines(text: str) -> list[str]:
    """The non-bullet lines at and just above each job date range: where a position's title is printed."""
    lines = text.splitlines()
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    picked: dict[int, str] = {}
    for match in _RANGE.finditer(text):
        if not _is_job(text, match.start(), match.end()):
            continue
        row = bisect.bisect_right(offsets, match.start()) - 1
        for i in range(max(row - 2, 0), row + 1):
            if not _BULLET.match(lines[i]) and len(lines[i].strip()) <= 120:
                picked[i] = lines[i]
    return [picked[i] for i in sorted(picked)]


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
    """Total years covered by the job date ranges in `text`, or None if it has none."""
    spans = merge(find_spans(text, today) + single_year_spans(text, today))
    if not spans:
        return None
    return round(sum(s.months for s in spans) / 12, 1)
