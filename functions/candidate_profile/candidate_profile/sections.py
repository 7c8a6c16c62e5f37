"""Split resume text into its sections by recognising headings across common layouts and languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "about me", "about", "objective",
        "career objective", "personal statement", "executive summary", "overview", "career summary", "profil",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment", "employment history",
        "work history", "career history", "relevant experience", "professional background", "career",
        "positions held", "berufserfahrung", "expérience professionnelle", "experiencia laboral",
        "experiência profissional", "esperienza lavorativa", "work", "jobs",
    ),
    "education": (
        "education", "academic background", "education and training", "education & training", "qualifications",
        "academic qualifications", "studies", "ausbildung", "formation", "educación", "educação", "istruzione",
        "degrees",
    ),
    "skills": (
        "skills", "technical skills", "core competencies", "competencies", "technologies", "tech stack", "toolbox",
        "expertise", "areas of expertise", "key skills", "skills & tools", "skills and tools", "tools",
        "kenntnisse", "compétences", "habilidades", "skills summary", "technical expertise", "stack",
    ),
    "languages": ("languages", "spoken languages", "language skills", "sprachen", "langues", "idiomas", "lingue"),
    "other": (
        "projects", "certifications", "certificates", "awards", "publications", "interests", "hobbies",
        "volunteering", "volunteer experience", "references", "courses", "achievements", "contact",
        "personal details", "personal information", "side projects", "open source",
    ),
}
# Keys without spaces: some producers drop the space inside a heading ("WorkExperience").
_LOOKUP = {heading.replace(" ", ""): name for name, headings in HEADINGS.items() for heading in headings}
_DECOR = re.compile(r"^[\s#*•\-–—=_|:▪■●◆>]+|[\s#*•\-–—=_|:▪■●◆<]+$")
_INLINE = re.compile(r"^\s*([^\W\d][\w &]{1,40}?)\s*[:|]\s*(\S.*)$")


@dataclass
class Sections:
    header: str = ""  # text before the first heading: name, contact, often a headline
    bodies: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return "\n".join(self.bodies.get(name, []))

    @property
    def names(self) -> list[str]:
        return list(self.bodies)


def _normalise(line: str) -> str:
    text = _DECOR.sub("", line).strip()
    if re.fullmatch(r"(?:\w ){2,}\w", text):  # letter-spaced headings: "E X P E R I E N C E"
        text = text.replace(" ", "")
    return re.sub(r"\s+", " ", text).casefold()


def heading_of(line: str) -> tuple[str, str] | None:
    """(section name, rest of line) if the line is a heading, possibly inline ("Skills: Python, Go")."""
    if len(line) > 60:
        return None
    key = _normalise(line).replace(" ", "")
    if key in _LOOKUP:
        return _LOOKUP[key], ""
    inline = _INLINE.match(line)
    inline_key = inline.group(1).strip().casefold().replace(" ", "") if inline else ""
    if inline and inline_key in _LOOKUP:
        return _LOOKUP[inline_key], inline.group(2)
    return None


def split_sections(text: str) -> Sections:
    sections = Sections()
    header: list[str] = []
    current: list[str] = header
    for line in text.splitlines():
        found = heading_of(line)
        if found:
            name, rest = found
            current = sections.bodies.setdefault(name, [])
            if rest:
                current.append(rest)
            continue
        current.append(line)
    sections.header = "\n".join(header)
    return sections
