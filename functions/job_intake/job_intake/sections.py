"""What a posting's section is about, from its heading: what the hire must have, what is a plus, what the hire
will do, or context (the company, the team's stack, the benefits) that asks nothing of the candidate.

English, French and German headings; order matters ("Preferred qualifications" is a plus, not a requirement;
"Technologies we use" is context even though it names skills)."""

from __future__ import annotations

import re
from typing import Literal

from .html_text import Block

Section = Literal["required", "nice", "duties", "context", "unknown"]

_NICE = (r"nice[\s-]*to[\s-]*have|bonus|preferred|\bplus(?:es)?\b|desir|\bideal(?:ly)?\b(?! candidate)|what we value"
         r"|extra credit|extra points|even better|sets you apart|good to have|great if|stand out|atouts?\b"
         r"|un plus|souhait|wünschenswert|von vorteil|pluspunkt|optional")
_CONTEXT = (r"technolog(?:y|ies) we use|tech(?:nology|nique)?[\s-]*stack|\b(?:our|notre|unser\w*) stack"
            r"|stack technique|environnement technique|technische umgebung|tools we use|what we (?:offer|provide)"
            r"|benefit|perks?\b|compensation|salary|\bpay\b|avantages|privil[eè]ges|nous offrons|wir bieten"
            r"|about (?!you\b|the (?:role|job|position)\b)\w+|who we are|why (?:join|work)"
            r"|\bour (?:team|culture|mission)|über uns|à propos de nous|qui sommes|equal (?:opportunit|employment)"
            r"|how to apply|hiring process"
            r"|examples? of|you could work on|diversity|accommodation|privacy|\bvalues\b|pledge|scams?\b|commitment"
            r"|inclusion|belonging|\bwhy\b|\?\s*$")
_REQUIRED = (r"require|qualifi|what you(?:'ll|’ll| will)? (?:need|bring|have)|you (?:have|bring|are)|who you are"
             r"|about you|profile?\b|must[\s-]*have|skills|experience|competenc|compétences|expertise|looking for"
             r"|recherch|anforderung|mitbring|voraussetzung|kenntnisse|what it takes|ideal candidate"
             r"|what we(?:'re|’re| are)? (?:look|expect|need)|requis|attendu|you should|key criteria|bringst du mit"
             r"|apporter|apporteras|(?:good|great|strong) fit|a fit if|your background|thrive if|wir erwarten"
             r"|erwarten wir|perfil|requisitos")
_DUTIES = (r"responsib|what you(?:'ll|’ll| will) do|you will|you(?:'ll|’ll) be|the role|your role|\brole\b"
           r"|missions?|t[aâ]ches|le poste|responsabilit|duties|day[\s-]*to[\s-]*day|aufgaben|deine rolle|in this role"
           r"|job description|the job|the position|key (?:tasks|accountabilit)|what you(?:'ll|’ll)? work on|impact"
           r"|typical day|day in the life|what you(?:'ll|’ll| will)? (?:actually )?(?:do|be doing)")
# "Who are you?" asks about the hire's profile; other questions ("Why join us?") are context.
_PROFILE_QUESTION = r"\bwho are you\b|qui es[\s-]*tu|qui êtes[\s-]*vous|wer bist du|wer sind sie"
_ORDER: list[tuple[Section, re.Pattern[str]]] = [
    ("required", re.compile(_PROFILE_QUESTION, re.IGNORECASE)), ("nice", re.compile(_NICE, re.IGNORECASE)),
    ("context", re.compile(_CONTEXT, re.IGNORECASE)),
    ("required", re.compile(_REQUIRED, re.IGNORECASE)), ("duties", re.compile(_DUTIES, re.IGNORECASE)),
]


def section_of(heading: str) -> Section:
    for section, pattern in _ORDER:
        if pattern.search(heading):
            return section
    return "unknown"


def sectioned(blocks: list[Block]) -> list[tuple[Section, Block]]:
    """Every non-heading block with the section it sits in; text before the first heading is 'unknown'.

    A heading that names no section inside the duties is a sub-heading of them ("Responsibilities", then
    "Research & model development", "Production deployment"): the hire still does that work. After the other
    sections an unnamed heading starts something else (a company pledge, an anti-scam notice)."""
    current: Section = "unknown"
    out: list[tuple[Section, Block]] = []
    for block in blocks:
        if block.kind == "heading":
            found = section_of(block.text)
            current = "duties" if found == "unknown" and current == "duties" else found
        else:
            out.append((current, block))
    return out
