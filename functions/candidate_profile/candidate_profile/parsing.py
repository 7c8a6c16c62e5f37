"""Resume PDF -> ParsedResume: text, sections, contact, skills, titles, years, seniority, education, languages."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from candidate_profile.contact import Contact, extract_contact
from candidate_profile.education import education_level, spoken_languages
from candidate_profile.experience import position_lines, years_of_experience
from candidate_profile.pdf_text import Limits, extract_text
from candidate_profile.sections import Sections, split_sections
from candidate_profile.seniority import level_from_title, seniority
from candidate_profile.text_repair import repair
from candidate_profile.titles import titles_in
from jobfeed.skills import categorize, find_skills


@dataclass(frozen=True)
class ParsedResume:
    skills: list[str]
    titles: list[str]
    years_experience: float | None  # None when the resume has no date ranges
    seniority: str
    education_level: str | None
    languages: list[str]
    contact: Contact = field(default_factory=Contact)
    sections: list[str] = field(default_factory=list)
    page_count: int = 0
    text_chars: int = 0
    truncated: bool = False
    level_hints: list[str] = field(default_factory=list)  # levels named next to dated positions ("Lead", "Sr.")

    @property
    def skills_by_category(self) -> dict[str, list[str]]:
        """Skills grouped by taxonomy category, e.g. {"languages": ["Python"], "cloud": ["AWS"]}."""
        return categorize(self.skills)

    def to_record(self) -> dict[str, Any]:
        """A plain dict for storage (Firestore); includes contact details, so it stays in Profile's own store."""
        record = dataclasses.asdict(self)
        record["skills_by_category"] = self.skills_by_category
        return record


def _today() -> date:
    return datetime.now(UTC).date()


_EDUCATION_LINE = re.compile(
    r"universit|college|school|institut|gymnasium|hochschule|academy|degree|diplom|abitur|\bB\.?Sc|\bM\.?Sc|"
    r"\bPh\.?D|\bbachelor|\bmaster'?s?\b|\bMBA\b",
    re.IGNORECASE,
)


# A line carrying an address, a profile link or a phone number is contact details: "GitHub" there is a link label.
_CONTACT_LINE = re.compile(
    r"@[\w-]+\.\w|https?://|www\.|(?:github|gitlab|linkedin|twitter|x)\.com\b"
    r"|\+\d[\d ()./-]{7,}\d|\d{3}[ .-]\d{3}[ .-]\d{3,4}",
    re.IGNORECASE,
)
_COURSE_LINE = re.compile(r"coursework|courses|modules|subjects|\bminors?\b|fields? of study|field\(s\) of study",
                          re.IGNORECASE)
_STUDY_LINE = re.compile(_EDUCATION_LINE.pattern + "|" + _COURSE_LINE.pattern, re.IGNORECASE)
# A course list wraps over several lines ("Coursework: Algorithms, Databases,\nOperating Systems, ..."): a line goes
# on the list while the one before it ends without a full stop and it carries list separators or starts in lower case.
_LIST_END = re.compile(r"(?:[,|&/]|\band|\bor)\s*$", re.IGNORECASE)
_LIST_LINE = re.compile(r"[,|]|^\s*[a-z]")


def _experience_text(sections: Sections, text: str) -> str:
    if "experience" in sections.bodies:
        return sections.get("experience")
    # No recognised experience heading (or an unknown one after "Education" in a two-column layout): use all
    # lines except those naming a school or degree and those next to them, where a study period usually sits.
    lines = text.splitlines()
    schooling = {i for i, line in enumerate(lines) if _EDUCATION_LINE.search(line)}
    near = {i + offset for i in schooling for offset in (-1, 0, 1, 2)}  # a wrapped degree line pushes the date down
    return "\n".join(line for i, line in enumerate(lines) if i not in near)


def _study_lines(education: list[str]) -> set[str]:
    """Degree, school and course lines of an education section, with the wrapped rest of each course list: course
    titles ("Time Series Analysis", "Network Security") name what was taught, not a skill the person claims."""
    lines: set[str] = set()
    in_courses = False
    previous = ""
    for line in education:
        text = line.strip()
        continues = in_courses and text and (_LIST_END.search(previous) or (
            not previous.endswith(".") and _LIST_LINE.search(text)))
        if _STUDY_LINE.search(line) or continues:
            lines.add(line)
        in_courses = bool(_COURSE_LINE.search(line) or continues)
        previous = text
    return lines


def _skill_text(text: str, contact: Contact, sections: Sections) -> str:
    # Degree and course lines ("B.Sc. Computer Science", "Coursework: ...") are studies, not skills claimed; the
    # rest of an education section stays, because a skills column often lands in it in two-column layouts.
    schooling = _study_lines(sections.bodies.get("education", []))
    text = "\n".join(line for line in text.splitlines() if line not in schooling and not _CONTACT_LINE.search(line))
    if contact.name:  # a name like "Ruby Kaur" or "Julia Weiss" is not a skill
        return text.replace(contact.name, " ", 1)
    return text


def parse_text(text: str, *, today: date | None = None) -> ParsedResume:
    """Parse already-extracted resume text (what parse_resume does after extraction)."""
    today = today or _today()
    text = repair(text)
    sections = split_sections(text)
    contact = extract_contact(sections.header, text)
    experience = _experience_text(sections, text)
    years = years_of_experience(experience, today)
    titles = titles_in(experience)
    hints = [level for line in position_lines(experience) if (level := level_from_title(line))]
    return ParsedResume(
        skills=find_skills(_skill_text(text, contact, sections)),
        titles=titles,
        years_experience=years,
        seniority=seniority(years, titles, hints),
        level_hints=hints,
        education_level=education_level(sections.get("education") or text),
        languages=spoken_languages(sections.get("languages"), text),
        contact=contact,
        sections=sections.names,
        text_chars=len(text),
    )


def parse_resume(pdf_bytes: bytes, *, today: date | None = None, limits: Limits = Limits()) -> ParsedResume:
    """Parse a resume PDF. Raises candidate_profile.errors.ResumeRejected when it cannot be read."""
    extracted = extract_text(pdf_bytes, limits)
    parsed = parse_text(extracted.text, today=today)
    return dataclasses.replace(parsed, page_count=extracted.page_count, truncated=extracted.truncated)
