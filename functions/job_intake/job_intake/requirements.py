"""What a posting asks of the candidate, read from its text: required and nice-to-have skills, seniority and
the minimum years of experience. Skills come from the shared taxonomy (jobfeed.skills.find_skills), the same
one resumes are read with, so a posting and a resume name a skill alike."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobfeed.skills import category_of, find_skills

from .html_text import Block
from .sections import Section, sectioned

# A sentence that hedges makes its skills a plus even inside a requirements list ("MySQL preferred").
_HEDGE = re.compile(
    r"nice[\s-]*to[\s-]*have|\bbonus\b|\bpreferred\b|\bpreferably\b|\ba plus\b|\bplus\b(?=\s*[.!)]|$)|\bideally\b"
    r"|is an advantage|advantageous|desirable|would be great|great to have"
    r"|est un (?:atout|plus)|un plus\b|idéalement|souhaitée?s?|serait un|von vorteil|wünschenswert|idealerweise"
    r"|strongly advised", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=;)\s+")
# Attitudes ("communication", "teamwork") are asked of everyone: they do not tell jobs apart, so a posting's
# skills leave the taxonomy's soft-skills category out.
ATTITUDES = {"soft_skills"}
MAX_TEXT = 200_000  # characters read for skills; a longer description is read up to here (bounded work)


@dataclass(frozen=True)
class SkillsRead:
    required: list[str]
    nice: list[str]


def skills_from(blocks: list[Block]) -> SkillsRead:
    """Requirement sections win over nice-to-have ones, which win over duties (a tool the team uses in its
    duties but lists as 'nice to have' is a plus). Intro, benefits and 'our stack' ask nothing of the hire,
    unless the posting has no recognisable sections at all, when every sentence counts."""
    parts = sectioned(_bounded(blocks))
    found: dict[Section, list[str]] = {"required": [], "nice": [], "duties": []}
    structured = any(section in ("required", "duties", "nice") for section, _ in parts)
    for section, block in parts:
        if section == "context" or (structured and section == "unknown"):
            continue
        target: Section = "duties" if section == "unknown" else section
        for sentence in _SENTENCE.split(block.text):
            skills = [s for s in find_skills(sentence) if category_of(s) not in ATTITUDES]
            _add(found["nice" if target != "nice" and _HEDGE.search(sentence) else target], skills)
    required = found["required"]
    nice = [s for s in found["nice"] if s not in required]
    duties = [s for s in found["duties"] if s not in required and s not in nice]
    return SkillsRead(required + duties, nice)


def _bounded(blocks: list[Block]) -> list[Block]:
    kept, total = [], 0
    for block in blocks:
        total += len(block.text)
        if total > MAX_TEXT:
            break
        kept.append(block)
    return kept


def _add(target: list[str], skills: list[str]) -> None:
    target.extend(s for s in skills if s not in target)
