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
    r"|strongly advised|beneficial|\bhelpful\b|\boptional\b|not required|extra points|pluspunkt"
    r"|\ban? (?:\w+ )?(?:asset|advantage)(?=\s*(?:[.,;!)]|$))|appréciée?s?\b", re.IGNORECASE)
_LEADING_HEDGE = re.compile(r"\b(?:preferably|ideally|idéalement|idealerweise|vorzugsweise)\b", re.IGNORECASE)
_ROLE_SUMMARY = re.compile(
    r"\b(?:you will|you(?:'ll|’ll) be|the (?:successful|ideal) (?:candidate|incumbent|applicant|hire)\w* will"
    r"|(?:will|would) be responsible|responsible for|in this role|as (?:a|an|our) .{0,40}you(?:'ll|’ll| will)"
    r"|vous (?:serez|aurez|allez)|tu (?:seras|auras)|du wirst|sie werden|ihre aufgaben)", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]{0,300}\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|(?<=;)\s+")
# Attitudes ("communication", "teamwork") are asked of everyone: they do not tell jobs apart, so a posting's
# skills leave the taxonomy's soft-skills category out.
ATTITUDES = {"soft_skills"}
# Ways of working the taxonomy files with the soft skills (so resumes do not count them as technical) that a
# posting asks for as a skill of the trade: a sales hire negotiates, a team works in Scrum.
METHODS = {"Agile", "Scrum", "Project Management", "Negotiation"}
MAX_TEXT = 200_000  # characters read for skills; a longer description is read up to here (bounded work)


@dataclass(frozen=True)
class SkillsRead:
    required: list[str]
    nice: list[str]


def skills_from(blocks: list[Block], title: str = "") -> SkillsRead:
    """Requirement sections win over nice-to-have ones, which win over duties (a tool the team uses in its
    duties but lists as 'nice to have' is a plus). Intro, benefits and 'our stack' ask nothing of the hire,
    unless the posting has no recognisable sections at all, when every sentence counts. A skill the title
    names is the trade itself ("QA Engineer", "SRE / DevOps", "Field Marketing Manager"): required."""
    parts = sectioned(_bounded(blocks))
    found: dict[Section, list[str]] = {"required": _skills_in(title[:300]), "nice": [], "duties": []}
    structured = any(section in ("required", "duties", "nice") for section, _ in parts)
    for section, block in parts:
        if section == "context":
            continue
        target: Section = "duties" if section == "unknown" else section
        for sentence in _SENTENCE.split(block.text):
            # An untitled intro is mostly about the company, but a sentence in it that says what the hire will
            # do ("The successful candidate will lead procurement ...") is a duty.
            if structured and section == "unknown" and not _ROLE_SUMMARY.search(sentence):
                continue
            # A hedge in brackets that names its own skills hedges only them: "SQL (Spark a plus)"; a bare one
            # hedges the sentence: "MySQL (preferred)".
            for aside in _ASIDE.findall(sentence):
                if not _HEDGE.search(aside):
                    continue
                if named := _skills_in(aside):
                    _add(found["nice"], named)
                    sentence = sentence.replace(aside, " ")
                elif _own_subject(aside):
                    # "Manage suppliers to SLAs (industry networks a plus)": the plus is the networks, not SLAs.
                    sentence = sentence.replace(aside, " ")
            # "B2B marketing experience, preferably in SaaS": what comes before a leading hedge is still required.
            lead = _LEADING_HEDGE.search(sentence)
            if lead and target != "nice" and not _HEDGE.search(sentence[:lead.start()]):
                _add(found[target], _skills_in(sentence[:lead.start()]))
                sentence = sentence[lead.start():]
            _add(found["nice" if target != "nice" and _HEDGE.search(sentence) else target], _skills_in(sentence))
    required = found["required"]
    nice = [s for s in found["nice"] if s not in required]
    duties = [s for s in found["duties"] if s not in required and s not in nice]
    return SkillsRead(required + duties, nice)


def _own_subject(aside: str) -> bool:
    """True when a bracketed hedge names something of its own besides the hedge words ("existing networks a
    plus"), so it hedges that thing; a bare one ("preferred", "a plus", "strongly preferred") hedges the sentence."""
    words = re.findall(r"[^\W\d_]{3,}", _HEDGE.sub(" ", aside))
    return len(words) >= 2


def _skills_in(text: str) -> list[str]:
    return [s for s in find_skills(text, vocabulary="posting") if s in METHODS or category_of(s) not in ATTITUDES]


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
