"""Skills taxonomy: canonical names, aliases and categories, shared by Profile and Job Intake.

The taxonomy is data (taxonomy/skills.yaml next to this module), loaded once on first use and cached.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

TAXONOMY_PATH = Path(__file__).parent / "taxonomy" / "skills.yaml"

# A skill never starts right after a letter/digit or these, nor ends right before them: "C" in "C#", "Go" in "Google".
_LEFT = r"(?<![\w@#&+.])(?=[\w.])"  # the lookahead skips spaces fast
_RIGHT = r"(?![\w@#&+]|\.\w)"
# Token lengths are bounded so a hostile 100 KB "word" cannot make these scans quadratic.
_NOISE = re.compile(r"[\w.+-]{1,64}@[\w.-]{1,255}|https?://\S{1,2000}|www\.\S{1,2000}|\b[\w-]{1,63}\.(?:com|io|org|net|dev)/\S{0,2000}")
_LIST_BEFORE = set(",;:/|(•·*–—-\n")
_LIST_AFTER = set(",;/|()\n")
_YEAR_AFTER = re.compile(r"\s+'?\d{2,4}\b")


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]
    cased: tuple[str, ...]
    strict: bool


@dataclass(frozen=True)
class Taxonomy:
    skills: dict[str, Skill]
    by_key: dict[str, str]  # folded spelling -> canonical name: typed names and regex matches resolve through it
    insensitive: re.Pattern[str]
    sensitive: re.Pattern[str]


def _alias_pattern(alias: str) -> str:
    # Spaces and hyphens are interchangeable in the wild ("Spring Boot", "Spring-Boot"; "T-SQL", "TSQL").
    parts = re.split(r"([ -])", alias)
    out = []
    for part in parts:
        out.append(r"[\s-]+" if part == " " else r"[\s-]?" if part == "-" else re.escape(part))
    return "".join(out)


def _alternation(spellings: list[str], flags: int) -> re.Pattern[str]:
    ordered = sorted(set(spellings), key=len, reverse=True)  # longest first: "Spring Boot" before "Spring"
    groups = "|".join(_alias_pattern(s) for s in ordered)
    return re.compile(f"{_LEFT}(?:{groups}){_RIGHT}", flags)


def _parse(raw: dict[str, list[dict]]) -> dict[str, Skill]:
    skills: dict[str, Skill] = {}
    for category, entries in raw.items():
        for entry in entries:
            name = str(entry["name"])
            cased = tuple(str(c) for c in entry.get("cased", []))
            aliases = tuple(str(a) for a in entry.get("aliases", []))
            if name not in cased:
                aliases = (name, *aliases)
            skills[name] = Skill(name, category, aliases, cased, bool(entry.get("strict", False)))
    return skills


@functools.cache
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    """Load and compile the taxonomy once per process (warm instances reuse it)."""
    with path.open(encoding="utf-8") as f:
        skills = _parse(yaml.safe_load(f))
    by_key = {_key(spelling): s.name for s in skills.values() for spelling in (s.name, *s.aliases, *s.cased)}
    insensitive = _alternation([a for s in skills.values() for a in s.aliases], re.IGNORECASE)
    sensitive = _alternation([c for s in skills.values() for c in s.cased], 0)
    return Taxonomy(skills, by_key, insensitive, sensitive)


def _key(text: str) -> str:
    # Spaces and hyphens do not tell spellings apart: "Spring-Boot", "Spring\nBoot" and "spring boot" are one.
    return re.sub(r"[\s-]+", "", text).casefold()


def _in_list(text: str, start: int, end: int) -> bool:
    """True when a match sits in a list ("C, C++ and Java"), not in prose ("Series C", "Ruby Smith")."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    ok_before = not before or before[-1] in _LIST_BEFORE or re.search(r"\b(?:and|or|&)$", before) is not None
    ok_after = (
        not after
        or after[0] in _LIST_AFTER
        or re.match(r"\.(?:\s|$)", after) is not None
        or re.match(r"(?:and|or|&)\b", after) is not None
    )
    return ok_before and ok_after


def _candidates(tax: Taxonomy, text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), tax.by_key[_key(m.group())]) for m in tax.insensitive.finditer(text)]
    for m in tax.sensitive.finditer(text):
        skill = tax.skills[tax.by_key[_key(m.group())]]
        if _YEAR_AFTER.match(text, m.end()):
            continue  # "Spring 2019" is a semester, not the framework
        if skill.strict and not _in_list(text, m.start(), m.end()):
            continue
        found.append((m.start(), m.end(), skill.name))
    return found


def find_skills(text: str) -> list[str]:
    """Canonical skills mentioned in free text (a resume, a posting), in order of first mention."""
    tax = load_taxonomy()
    clean = _NOISE.sub(" ", text)
    taken_until = -1
    names: list[str] = []
    # Leftmost-longest: at each position the longest spelling wins ("Spring Boot" over "Spring").
    for start, end, name in sorted(_candidates(tax, clean), key=lambda c: (c[0], c[0] - c[1])):
        if start < taken_until:
            continue
        taken_until = end
        if name not in names:
            names.append(name)
    return names


def normalize_skills(names: list[str]) -> list[str]:
    """Canonical names for skills typed in a form or a posting; unknown ones are dropped, order kept."""
    tax = load_taxonomy()
    out: list[str] = []
    for raw in names:
        exact = tax.by_key.get(_key(raw))
        for name in [exact] if exact else find_skills(raw):
            if name not in out:
                out.append(name)
    return out


def category_of(name: str) -> str | None:
    """The category of a canonical skill name, or None if it is not in the taxonomy."""
    skill = load_taxonomy().skills.get(name)
    return skill.category if skill else None


def categorize(names: list[str]) -> dict[str, list[str]]:
    """Group canonical skill names by category; unknown names go under "other"."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(category_of(name) or "other", []).append(name)
    return groups
