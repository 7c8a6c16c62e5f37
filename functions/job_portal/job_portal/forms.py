"""Validation of the registration and preferences forms, posted as HTML forms or as JSON bodies."""

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email

# JSON bodies bring lists, numbers and booleans; HTML forms bring strings only.
FormValue = str | list[str] | int | float | bool | None
Form = Mapping[str, FormValue]

REMOTE_CHOICES = ("remote", "hybrid", "onsite")
CADENCE_CHOICES = ("instant", "daily", "weekly", "monthly")
MAX_NAME, MAX_ITEM, MAX_YEARS, MAX_SALARY = 100, 60, 60, 10_000_000
MAX_ITEMS = {"titles": 10, "locations": 10, "skills": 50}
_WORDS = {"titles": "job titles", "locations": "locations", "skills": "skills"}
_REQUIRED = {
    "titles": "Enter at least one job title you are looking for.",
    "locations": "Enter at least one city or region where you would work.",
}
_YES = {"on", "yes", "true", "1"}
_NO = {"", "off", "no", "false", "0"}
# Bidi overrides and isolates can make a name display as something else (spoofing); they carry no meaning here.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SALARY = re.compile(r"\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+|\d+")


class Invalid(ValueError):
    """A field's value is not acceptable; the message is shown to the person next to the field."""


@dataclass(frozen=True)
class Preferences:
    titles: list[str]
    locations: list[str]
    remote: str
    salary_min: int | None
    cadence: str
    skills: list[str]


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    locations: list[str]
    titles: list[str]
    skills: list[str]
    years_experience: float | None
    salary_min: int | None
    remote: str
    cadence: str
    consent: bool
    open_to_relocation: bool = False

    def preferences(self) -> Preferences:
        return Preferences(self.titles, self.locations, self.remote, self.salary_min, self.cadence, self.skills)


def clean_text(value: str) -> str:
    """NFC-normalised, control characters removed, whitespace runs collapsed; any script is kept as typed."""
    text = unicodedata.normalize("NFC", value)
    text = "".join(c for c in text if unicodedata.category(c) != "Cc" and c not in _BIDI)
    return " ".join(text.split())


def _scalar(raw: FormValue, what: str) -> str:
    if isinstance(raw, list):
        raise Invalid(f"Give one {what}, not a list.")
    return "" if raw is None else str(raw).strip()


def _name(raw: FormValue) -> str:
    text = _scalar(raw, "name")
    if "\r" in text or "\n" in text:
        raise Invalid("Your name must be on one line.")
    name = clean_text(text)
    if not name:
        raise Invalid("Enter your name.")
    if len(name) > MAX_NAME:
        raise Invalid(f"Your name must be {MAX_NAME} characters or fewer.")
    return name


def _email(raw: FormValue) -> str:
    text = _scalar(raw, "email address")
    if not text:
        raise Invalid("Enter your email address.")
    try:
        # normalized lowercases the domain (and converts it to IDNA form); the local part is kept as typed.
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise Invalid(f"Enter a valid email address, like name@example.com. {exc}") from None


def _unique(parts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for part in parts:
        item = clean_text(part)
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item  # first spelling wins, order kept
    return list(seen.values())


def _items(field: str, required: bool) -> Callable[[FormValue], list[str]]:
    def parse(raw: FormValue) -> list[str]:
        if isinstance(raw, list) and all(isinstance(part, str) for part in raw):
            parts = raw  # a JSON list: each element is one item, commas included
        elif isinstance(raw, (str, type(None))):
            parts = re.split(r"[,\r\n]", raw or "")
        else:
            raise Invalid(f"Enter your {_WORDS[field]} as text, separated by commas.")
        items = _unique(parts)
        if required and not items:
            raise Invalid(_REQUIRED[field])
        if len(items) > MAX_ITEMS[field]:
            raise Invalid(f"Enter at most {MAX_ITEMS[field]} {_WORDS[field]}; you entered {len(items)}.")
        for item in items:
            if len(item) > MAX_ITEM:
                raise Invalid(f"“{item[:20]}…” is too long: keep each one to {MAX_ITEM} characters or fewer.")
        return items

    return parse


def _years(raw: FormValue) -> float | None:
    if isinstance(raw, bool) or isinstance(raw, list):
        raise Invalid("Enter your years of experience as a number, for example 3 or 4.5.")
    if raw is None or str(raw).strip() == "":
        return None
    try:
        years = float(raw) if isinstance(raw, (int, float)) else float(raw.strip().replace(",", "."))
    except ValueError:
        raise Invalid("Enter your years of experience as a number, for example 3 or 4.5.") from None
    if not math.isfinite(years) or not 0 <= years <= MAX_YEARS:
        raise Invalid(f"Years of experience must be between 0 and {MAX_YEARS}.")
    return years


def _salary(raw: FormValue) -> int | None:
    message = "Enter the yearly salary as a whole number, for example 45000."
    if isinstance(raw, (bool, list)) or (isinstance(raw, float) and not raw.is_integer()):
        raise Invalid(message)
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, (int, float)):
        salary = int(raw)
    elif _SALARY.fullmatch(raw.strip()):
        digits = re.sub(r"\D", "", raw)  # thousands separators as people type them: 45,000 / 45 000
        salary = int(digits) if len(digits) <= 12 else MAX_SALARY + 1  # int() refuses very long digit strings
    else:
        raise Invalid(message)
    if not 0 <= salary <= MAX_SALARY:
        raise Invalid(f"The salary must be between 0 and {MAX_SALARY:,}.")
    return salary


def _choice(choices: tuple[str, ...], missing: str, wrong: str) -> Callable[[FormValue], str]:
    def parse(raw: FormValue) -> str:
        value = _scalar(raw, "choice").lower()
        if not value:
            raise Invalid(missing)
        if value not in choices:
            raise Invalid(wrong)
        return value

    return parse


def _consent(raw: FormValue) -> bool:
    if raw is True or (isinstance(raw, str) and raw.strip().lower() in _YES):
        return True
    raise Invalid("Tick the box to agree that we keep your details and resume to find jobs for you.")


def _relocation(raw: FormValue) -> bool:
    """An optional checkbox (absent when unticked) or a JSON boolean."""
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    text = _scalar(raw, "answer").lower()
    if text in _YES or text in _NO:
        return text in _YES
    raise Invalid("Say yes or no: would you move for a job outside your locations?")


_VALIDATORS: dict[str, Callable[[FormValue], Any]] = {
    "name": _name,
    "email": _email,
    "locations": _items("locations", required=True),
    "titles": _items("titles", required=True),
    "skills": _items("skills", required=False),
    "years_experience": _years,
    "salary_min": _salary,
    "remote": _choice(REMOTE_CHOICES, "Choose where you want to work.", "Choose remote, hybrid or on-site."),
    "cadence": _choice(
        CADENCE_CHOICES, "Choose how often we should tell you about jobs.",
        "Choose instantly, daily, weekly or monthly.",
    ),
    "consent": _consent,
    "open_to_relocation": _relocation,
}
REGISTRATION_FIELDS = tuple(_VALIDATORS)
PREFERENCE_FIELDS = ("titles", "locations", "remote", "salary_min", "cadence", "skills")


def _validate(form: Form, fields: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        try:
            values[field] = _VALIDATORS[field](form.get(field))
        except Invalid as exc:
            errors[field] = str(exc)
    return values, errors


def parse_registration(form: Form) -> tuple[Registration | None, dict[str, str]]:
    """Validates the registration form (or JSON body): (registration, {}) or (None, {field: message})."""
    values, errors = _validate(form, REGISTRATION_FIELDS)
    return (None, errors) if errors else (Registration(**values), {})


def parse_preferences(form: Form) -> tuple[Preferences | None, dict[str, str]]:
    """Validates the feed page's preferences form with the same rules as registration."""
    values, errors = _validate(form, PREFERENCE_FIELDS)
    return (None, errors) if errors else (Preferences(**values), {})
