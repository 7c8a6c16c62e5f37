"""Job titles: found on the non-bullet lines of the experience section, normalised to one spelling."""

from __future__ import annotations

import re

_HEADS = (
    "engineer", "developer", "programmer", "architect", "scientist", "analyst", "manager", "consultant",
    "designer", "administrator", "specialist", "tester", "lead", "director", "intern", "researcher", "technician",
    "coordinator", "dev", "eng", "engr", "mgr", "owner", "master", "strategist", "writer", "advocate", "officer",
    "cto", "cio", "vp", "sre",
    "head", "trainee", "apprentice", "associate", "devops", "entwickler", "ingenieur", "développeur",
    "ingénieur", "desarrollador",
)
_ABBREVIATIONS = {
    "sr": "Senior", "snr": "Senior", "jr": "Junior", "jnr": "Junior", "eng": "Engineer", "engr": "Engineer",
    "dev": "Developer", "mgr": "Manager", "dir": "Director", "assoc": "Associate", "swe": "Software Engineer",
    "sde": "Software Engineer", "qa": "QA", "sre": "SRE", "ml": "ML", "ai": "AI", "ui": "UI", "ux": "UX",
    "bi": "BI", "it": "IT", "cto": "CTO", "cio": "CIO", "vp": "VP", "ios": "iOS", "devops": "DevOps",
    "fullstack": "Full Stack", "full-stack": "Full Stack", "frontend": "Frontend", "front-end": "Frontend",
    "backend": "Backend", "back-end": "Backend", "nlp": "NLP", "data": "Data", "of": "of", "and": "and",
    "&": "&", "r&d": "R&D", ".net": ".NET", "php": "PHP", "sql": "SQL", "gis": "GIS", "erp": "ERP",
    "sap": "SAP", "hr": "HR", "seo": "SEO", "ar/vr": "AR/VR",
}
_PHRASES = ((r"\bfront\s+end\b", "frontend"), (r"\bback\s+end\b", "backend"), (r"\bfull\s+stack\b", "fullstack"))
_LEVEL_SUFFIX = re.compile(r"\s+(?:I{1,3}|IV|[1-4])$")
_SPLIT = re.compile(r"\s+[|•·@–—-]\s+|\s*[|•·–—]\s*|\s+at\s+|,\s+|\t|\s{3,}|\s+\(")
_BULLET = re.compile(r"^\s*[•\-*▪◦‣➢✓●○■►–]")
_DIGIT = re.compile(r"\d")


def normalize_title(raw: str) -> str:
    """One spelling per title: "Sr. Software Eng. II" -> "Senior Software Engineer"."""
    text = raw.strip().strip(".,;:")
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    words = []
    for word in text.split():
        key = word.casefold().rstrip(".")
        words.append(_ABBREVIATIONS.get(key) or (word if word[:1].isupper() and word[1:].isupper() else word.title()))
    return _LEVEL_SUFFIX.sub("", " ".join(words)).strip()


def _is_title(fragment: str) -> bool:
    fragment = _LEVEL_SUFFIX.sub("", fragment)
    words = fragment.split()
    starts_like_a_title = fragment[:1].isupper() or words[:1] == ["iOS"]
    if not 1 <= len(words) <= 6 or _DIGIT.search(fragment) or not starts_like_a_title:
        return False
    lowered = [w.casefold().strip(".,()") for w in words]
    if lowered[-1] in _HEADS:
        return True
    # "Head of Engineering", "Director of Product", "VP Engineering"
    return lowered[0] in {"head", "director", "vp", "chief"} and len(words) <= 5


def titles_in(section_text: str) -> list[str]:
    """Normalised titles in the order they appear (most recent first in a reverse-chronological resume)."""
    titles: list[str] = []
    for line in section_text.splitlines():
        if _BULLET.match(line) or len(line) > 120:
            continue
        for fragment in _SPLIT.split(line):
            fragment = fragment.strip(" .,;:)")
            if fragment and _is_title(fragment):
                title = normalize_title(fragment)
                if title not in titles:
                    titles.append(title)
    return titles
