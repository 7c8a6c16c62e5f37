"""Why a resume could not become a profile, in words the candidate understands."""

from __future__ import annotations

REASONS: dict[str, str] = {
    "not_a_pdf": "The file you uploaded is not a PDF. Please upload your resume as a PDF file.",
    "encrypted": "Your resume PDF is password-protected. Please upload a copy without a password.",
    "no_text": (
        "We could not find any text in your resume; it may be a scanned image. "
        "Please upload a PDF exported from a word processor."
    ),
    "too_large": "Your resume is too long or too large. Please upload a PDF of at most 20 pages and 10 MB.",
    "unreadable": "We could not read your resume PDF; it may be damaged. Please export it again and re-upload it.",
    "missing": "We could not find the resume you uploaded. Please upload it again.",
}


class ResumeRejected(Exception):
    """A resume that cannot be turned into a profile: permanent, so it is reported, never retried."""

    def __init__(self, reason_code: str, message: str | None = None, detail: str = "") -> None:
        if reason_code not in REASONS:
            raise ValueError(f"unknown reason_code {reason_code!r}")
        self.reason_code = reason_code
        self.message = message or REASONS[reason_code]
        self.detail = detail  # for logs only: never shown to the candidate
        super().__init__(f"{reason_code}: {self.message}" + (f" ({detail})" if detail else ""))
