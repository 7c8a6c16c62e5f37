"""Contact details from the resume's header: name, email, phone, profile links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")  # bounded: no quadratic scans
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d ().-]{6,20}\d(?![\w/])")
_LINK = re.compile(r"(?:https?://)?(?:www\.)?(?:linkedin\.com/in|github\.com|gitlab\.com)/[\w./-]{1,200}", re.I)
_NAME = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[ '’-][^\W\d_][^\W\d_.'’-]*\.?){1,4}$")


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    links: list[str] = field(default_factory=list)


def _phone(text: str) -> str | None:
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", match.group()):
            return match.group().strip()
    return None


def _name(header: str) -> str | None:
    for line in header.splitlines()[:5]:
        candidate = line.strip()
        if candidate and _NAME.match(candidate) and not _EMAIL.search(candidate):
            return candidate
    return None


def extract_contact(header: str, full_text: str) -> Contact:
    """Name from the header's first name-like line; email, phone and links from anywhere."""
    email = _EMAIL.search(full_text)
    return Contact(
        name=_name(header),
        email=email.group() if email else None,
        phone=_phone(header or full_text),
        links=list(dict.fromkeys(m.group() for m in _LINK.finditer(full_text))),
    )
