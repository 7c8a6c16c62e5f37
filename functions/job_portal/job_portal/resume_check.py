"""Checks an uploaded resume before it is stored: size, a real PDF, not encrypted, has readable pages."""

import io
import re
import unicodedata
from pathlib import PurePosixPath

from pypdf import PdfReader

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_RESUME_PAGES = 20  # the Profile service parses at most 20 pages: refuse more at the door
# Readers accept the header anywhere in the first kilobyte (some tools prepend junk), so we do too.
_HEADER_WINDOW = 1024
_SIGNATURES = {
    b"PK\x03\x04": "a Word document or another zipped file",
    b"\xd0\xcf\x11\xe0": "an old Word document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"{\\rtf": "an RTF document",
}
_UNSAFE = re.compile(r"[^\w.\- ()]+")


class ResumeInvalid(Exception):
    """The upload cannot be accepted; status is the HTTP status (413 or 422), message a sentence for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _unreadable(detail: str) -> ResumeInvalid:
    return ResumeInvalid(422, f"{detail} Please save your resume as a PDF again and upload it.")


def _not_pdf(data: bytes, filename: str | None) -> ResumeInvalid:
    what = next((kind for magic, kind in _SIGNATURES.items() if data.startswith(magic)), None)
    named = f"“{safe_filename(filename)}”" if filename else "This file"
    looks = f" It looks like {what}." if what else ""
    return _unreadable(f"{named} is not a PDF.{looks}")


def _page_count(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ResumeInvalid(422, "The PDF is password-protected. Please upload a copy without a password.")
    count = len(reader.pages)
    if count:
        reader.pages[0].get("/Contents")  # resolving the first page proves the page tree leads to a page
    return count


def check_resume(data: bytes, filename: str | None) -> None:
    """Raises ResumeInvalid unless data is a non-empty, unencrypted PDF of 1..MAX_RESUME_PAGES pages.

    Only the structure is read (header, cross-reference table, page tree), never the text: that is the
    Profile service's job, so the check stays fast and bounded by the size limit.
    """
    if len(data) > MAX_RESUME_BYTES:
        limit = MAX_RESUME_BYTES // (1024 * 1024)
        raise ResumeInvalid(413, f"The file is larger than {limit} MB. Please upload a smaller PDF.")
    if not data:
        raise ResumeInvalid(422, "The file is empty. Please choose your resume PDF again.")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise _not_pdf(data, filename)
    try:
        pages = _page_count(data)
    except ResumeInvalid:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many exception types on broken files; all mean "unreadable"
        raise _unreadable("We could not read this PDF; it may be damaged or not a PDF.") from None
    if pages == 0:
        raise _unreadable("The PDF has no pages.")
    if pages > MAX_RESUME_PAGES:
        raise ResumeInvalid(422, f"The PDF has {pages} pages; a resume can have at most {MAX_RESUME_PAGES}.")


def safe_filename(name: str | None) -> str:
    """The uploaded file's base name without paths, control characters or shell/HTML specials; metadata only."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    base = PurePosixPath(text.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem, dot, ext = base.rpartition(".")
    if dot and len(base) > 100:
        base = f"{stem[: 99 - len(ext[:10])]}.{ext[:10]}"  # keep the extension when cutting a long name
    return base[:100] or "resume.pdf"
