"""Where the work happens: remote, hybrid or onsite, and which countries a remote hire may live in.

Structured fields decide first (the readers pass them in); the text is read only when they are silent. Nothing
is guessed from an office address alone: no statement means 'unspecified'."""

from __future__ import annotations

import re

import pycountry

_STRUCTURED = {"remote": "remote", "telecommute": "remote", "fully remote": "remote", "hybrid": "hybrid",
               "onsite": "onsite", "on-site": "onsite", "on site": "onsite", "in office": "onsite",
               "in-office": "onsite", "office": "onsite"}
_TEXT_MODES = [
    # "hybrid" only about the work ("hybrid role", "hybrid, 3 days in our office"), not "hybrid rule-ML systems"
    ("hybrid", re.compile(r"#LI-Hybrid|\bhybrid(?:e)?\b(?=[^.\n]{0,40}\b(?:work|working|role|position|schedule"
                          r"|office|bureau|days?|jours?|week|semaine|remote|on-?site|policy|arrangement|environment"
                          r"|set-?up|mode|model|basis|travail)\b)|\b(?:work|working|role|position|remote|office"
                          r"|travail|mode|model)\b[^.\n]{0,30}\bhybrid|\(hybrid\)|^\s*hybrid\b"
                          r"|\d\s*(?:-\s*\d\s*)?days? (?:a|per|each) week in (?:the|our)"
                          r"|days? (?:a|per) week (?:in|at) (?:the|our) office|best of both worlds"
                          r"|télétravail partiel|teilweise (?:im )?home[\s-]?office", re.IGNORECASE | re.MULTILINE)),
    ("remote", re.compile(r"#LI-Remote|\bfully remote|\b100\s?% remote|remote[\s-]first|work from anywhere"
                          r"|remote (?:role|position|job|opportunity)|this (?:role|position) is remote"
                          r"|télétravail (?:complet|total|à 100)|full[\s-]remote|vollständig remote"
                          r"|\bremote\s*[(\-–,]\s*[A-Z]", re.IGNORECASE)),
    ("onsite", re.compile(r"#LI-Onsite|\bon[\s-]?site\b|\bin[\s-]office\b|sur site|vor ort|présentiel", re.IGNORECASE)),
]
# "remote (US only)", "Remote - Germany", "must be based in Canada", "anywhere in the United States"
_RESTRICTION = re.compile(
    r"(?i:remote)\s*[(\-–—,:]\s*(?P<a>[A-Z][\w .]{1,40}?)(?:\s+only)?\s*[)\n,;]"
    r"|(?i:based|located|reside|residing|live|living) (?:in|within) (?:the )?(?P<b>[A-Z][\w .]{1,40}?)\b[\s.,;)]"
    r"|(?i:anywhere|remote) (?:in|within) (?:the )?(?P<c>[A-Z][\w .]{1,40}?)\b[\s.,;)]"
    r"|\((?P<d>[A-Z][\w .]{1,20}?) only\)")
_ALIASES = {"us": "US", "usa": "US", "u.s": "US", "u.s.": "US", "u.s.a": "US", "united states": "US",
            "uk": "GB", "u.k": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB"}
ANYWHERE = 150  # a list of this many countries means "anywhere" (job boards list all 249 codes)


def work_mode(structured: str | None, places: list[str], text: str) -> str | None:
    """remote, hybrid, onsite, or None when the posting does not say."""
    if structured:
        mode = _STRUCTURED.get(structured.strip().lower().replace("_", " "))
        if mode:
            return mode
    if any(place.strip().lower().startswith("remote") for place in places):
        return "remote"
    for mode, pattern in _TEXT_MODES:
        if pattern.search(text):
            return mode
    return None


def country_code(name: str) -> str | None:
    cleaned = name.strip().strip(".").strip()
    alias = _ALIASES.get(cleaned.lower())
    if alias:
        return alias
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_2)
    except LookupError:
        return None


def countries(names: list[str]) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the names that are countries; an all-countries list is no restriction."""
    codes: list[str] = []
    for name in names:
        code = country_code(name)
        if code and code not in codes:
            codes.append(code)
    return [] if len(codes) >= ANYWHERE else codes


def restriction_from_text(places: list[str], text: str) -> list[str]:
    names = [next(g for g in m.groups() if g) for m in _RESTRICTION.finditer("\n".join([*places, text]) + "\n")]
    return countries(names)
