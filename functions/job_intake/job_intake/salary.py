"""Pay as published: a range, its currency and period, from structured fields first, then the text.

Amounts are read with price-parser, which knows "€61.000" is sixty-one thousand and "$187,000" too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from price_parser import Price

PERIODS = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
_CURRENCY = r"(?:[$€£¥]|USD|EUR|GBP|AUD|CAD|CHF|NZD|SGD|ZAR|INR|JPY|SEK|NOK|DKK|PLN|CZK)"
_AMOUNT = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d{2})?|\d{2,7}(?:[.,]\d{1,2})?(?:\s?[kK]\b)?"
_RANGE = re.compile(
    rf"(?P<c1>{_CURRENCY})?\s?(?P<lo>{_AMOUNT})\s?(?P<c2>{_CURRENCY})?\s*(?:-|–|—|to|à|bis)\s*"
    rf"(?P<c3>{_CURRENCY})?\s?(?P<hi>{_AMOUNT})\s?(?P<c4>{_CURRENCY})?")
_PERIOD_WORDS = [("hour", r"hour|hourly|/hr|/h\b|stunde|heure"), ("month", r"month|monthly|/mo\b|mois|monat"),
                 ("week", r"week|weekly|semaine|woche"), ("day", r"per day|daily|/day|jour|tag\b"),
                 ("year", r"year|annual|annum|/yr|yearly|an\b|jahr")]
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_UNITS = {"YEAR": "year", "MONTH": "month", "WEEK": "week", "DAY": "day", "HOUR": "hour"}
_INTERVALS = {"per-year-salary": "year", "per-month-salary": "month", "per-week-salary": "week",
              "per-day-wage": "day", "per-hour-wage": "hour"}


@dataclass(frozen=True)
class Salary:
    minimum: int
    maximum: int
    currency: str | None
    period: str

    def yearly(self) -> tuple[int, int]:
        """What JobPosted carries: a yearly range, so a monthly internship compares with yearly expectations."""
        factor = PERIODS.get(self.period, 1)
        return self.minimum * factor, self.maximum * factor

    def as_dict(self) -> dict[str, object]:
        return {"min": self.minimum, "max": self.maximum, "currency": self.currency, "period": self.period}


def make(low: object, high: object, currency: object, period: str | None) -> Salary | None:
    """A range from structured values; None for a placeholder (0-0) or nonsense, so the text gets its turn."""
    lo, hi = _number(low), _number(high)
    lo, hi = lo or hi, hi or lo
    if not lo or not hi or lo > hi or hi > 10_000_000:
        return None
    return Salary(lo, hi, str(currency).upper() if currency else None, period or _guess_period(hi))


def from_unit(unit: object) -> str | None:
    return _UNITS.get(str(unit or "").upper())


def from_interval(interval: object) -> str | None:
    return _INTERVALS.get(str(interval or "").lower())


def from_text(text: str) -> Salary | None:
    for match in _RANGE.finditer(text):
        symbols = [match.group(g) for g in ("c1", "c2", "c3", "c4") if match.group(g)]
        if not symbols:
            continue  # "2-3 days", "2019-2021": a range without a currency is not pay
        low, high = _amount(match.group("lo")), _amount(match.group("hi"))
        if low is None or high is None or low * 10 < high:
            continue  # "5 - 100,000" is not a range anyone publishes as pay
        following = text[match.end():match.end() + 40].lower()
        period = next((p for p, words in _PERIOD_WORDS if re.search(words, following)), None)
        salary = make(low, high, _SYMBOLS.get(symbols[0], symbols[0]), period)
        if salary:
            return salary
    return None


def _amount(token: str) -> int | None:
    thousands = token.strip().lower().endswith("k")
    amount = Price.fromstring(token.rstrip("kK ")).amount
    if amount is None:
        return None
    return int(amount * (1000 if thousands else 1))


def _number(value: object) -> int | None:
    if value is None or isinstance(value, bool) or len(str(value)) > 20:
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except ArithmeticError:
        return None
    return int(number) if number.is_finite() and 0 <= number <= 100_000_000 else None


def _guess_period(high: int) -> str:
    return "hour" if high < 300 else "month" if high < 15_000 else "year"
