"""Text extraction from an untrusted PDF, bounded in bytes, pages, decoded stream size, time and output.

Why in-process and not in a forked or spawned child: the function process holds gRPC clients (Pub/Sub,
Firestore) that are not fork-safe, and a spawned interpreter costs hundreds of milliseconds and its own memory
per resume. Instead every expensive path is bounded where it happens:
- pypdf's own limits, tightened through `pypdf.apply_configuration` (decompressed bytes per stream, parsing work
  per content stream, page-tree size), stop decompression bombs and deeply nested objects;
- a deadline is checked before every page and before every content-stream operator (pypdf's
  `visitor_operand_before` hook), so one pathological page is cut short mid-way, not only between pages;
- the page count and the extracted text are capped;
- when the plain text is degenerate (one word per line, or words without spaces between them), the document is
  read again by PDFium (pypdfium2, which places words by their positions) and, failing that, by pypdf's layout
  mode under the same deadline; the first reading that is not degenerate wins. PDFium only ever sees a file
  that pypdf has already read within every limit above, page count included.
The Cloud Function's own timeout remains the last backstop.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from typing import Any

import pypdfium2
from pypdf import PasswordType, PdfReader, apply_configuration

from candidate_profile.errors import ResumeRejected
from candidate_profile.text_repair import degenerate, drop_repeated_lines

logging.getLogger("pypdf").setLevel(logging.ERROR)  # hostile files make pypdf warn a lot; we report once


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_pages: int = 20
    time_budget_s: float = 5.0
    max_chars: int = 100_000
    max_stream_bytes: int = 8_000_000  # decoded size of one stream; a text page needs far less


@dataclass(frozen=True)
class ExtractedText:
    pages: list[str]
    page_count: int
    truncated: bool

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


class _OutOfTime(Exception):
    pass


def _pypdf_limits(limits: Limits) -> dict[str, int]:
    return {
        "zlib_maximum_output_length": limits.max_stream_bytes,
        "lzw_maximum_output_length": limits.max_stream_bytes,
        "run_length_maximum_output_length": limits.max_stream_bytes,
        "brotli_maximum_output_length": limits.max_stream_bytes,
        "array_based_stream_maximum_output_length": limits.max_stream_bytes,
        "maximum_declared_stream_length": limits.max_stream_bytes,
        "stream_decoding_work_maximum_length": 4 * limits.max_stream_bytes,
        "stream_parsing_work_maximum_count": 200_000,  # a dense real page needs ~20k
        "page_tree_maximum_entries": 10_000,
        "page_tree_maximum_depth": 32,
        "xform_maximum_invocations_per_extraction": 500,
    }


def _check_envelope(data: bytes, limits: Limits) -> None:
    if not data:
        raise ResumeRejected("not_a_pdf", "The file you uploaded is empty. Please upload your resume as a PDF.")
    if len(data) > limits.max_bytes:
        raise ResumeRejected("too_large", detail=f"{len(data)} bytes")
    if b"%PDF-" not in data[:1024]:  # the spec tolerates junk before the header, readers look in the first KB
        raise ResumeRejected("not_a_pdf")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ResumeRejected("encrypted")  # an owner-password-only file opens with "" and is fine
        return reader
    except ResumeRejected:
        raise
    except Exception as exc:  # any failure of a third-party parser on hostile input is "unreadable"
        if "crypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ResumeRejected("encrypted", detail=repr(exc)) from exc
        raise ResumeRejected("unreadable", detail=repr(exc)) from exc


def _page_count(reader: PdfReader, limits: Limits) -> int:
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise ResumeRejected("unreadable", detail=repr(exc)) from exc
    if count > limits.max_pages:
        raise ResumeRejected("too_large", detail=f"{count} pages")
    if count == 0:
        raise ResumeRejected("unreadable", detail="no pages")
    return count


def _extract_pages(reader: PdfReader, count: int, limits: Limits, deadline: float, mode: str) -> ExtractedText:
    def check_deadline(*_: Any) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime

    pages: list[str] = []
    total = 0
    for index in range(count):
        check_deadline()
        try:
            page = reader.pages[index]
            if mode == "layout":  # layout mode takes no visitor: the deadline is checked between pages only
                text = page.extract_text(extraction_mode="layout") or ""
            else:
                text = page.extract_text(visitor_operand_before=check_deadline) or ""
        except _OutOfTime:
            raise
        except Exception as exc:
            raise ResumeRejected("unreadable", detail=f"page {index}: {exc!r}") from exc
        pages.append(text[: max(limits.max_chars - total, 0)])
        total += len(pages[-1]) + 1  # + the newline that joins pages
        if total >= limits.max_chars:
            return ExtractedText(pages, count, truncated=True)
    return ExtractedText(pages, count, truncated=False)


def _layout_fallback(reader: PdfReader, count: int, limits: Limits, deadline: float) -> ExtractedText | None:
    """The pages in layout mode (text placed by its coordinates), when that reads better than the plain text."""
    try:
        laid_out = _extract_pages(reader, count, limits, deadline, "layout")
    except ResumeRejected:
        return None  # the plain text was readable: keep it rather than fail on the fallback
    pages = [drop_repeated_lines(page) for page in laid_out.pages]
    fixed = ExtractedText(pages, laid_out.page_count, laid_out.truncated)
    return None if degenerate(fixed.text) else fixed


def _pdfium_fallback(data: bytes, count: int, limits: Limits, deadline: float) -> ExtractedText | None:
    """The pages as PDFium reads them, when that is not degenerate too."""
    pages: list[str] = []
    total = 0
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(min(len(document), count)):
                if time.monotonic() > deadline:
                    return None
                text = document[index].get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
                pages.append(text[: max(limits.max_chars - total, 0)])
                total += len(pages[-1]) + 1
                if total >= limits.max_chars:
                    break
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - any failure of the second reader leaves the first reading in place
        return None
    read = ExtractedText(pages, count, truncated=total >= limits.max_chars)
    return None if not read.text.strip() or degenerate(read.text) else read


def extract_text(data: bytes, limits: Limits = Limits()) -> ExtractedText:
    """Extract the text of a PDF page by page; raise ResumeRejected for anything we will not or cannot read."""
    _check_envelope(data, limits)
    with apply_configuration(**_pypdf_limits(limits)):
        reader = _open(data)
        count = _page_count(reader, limits)
        deadline = time.monotonic() + limits.time_budget_s
        try:
            extracted = _extract_pages(reader, count, limits, deadline, "plain")
            if degenerate(extracted.text):
                extracted = (_pdfium_fallback(data, count, limits, deadline)
                             or _layout_fallback(reader, count, limits, deadline) or extracted)
        except _OutOfTime as exc:
            raise ResumeRejected("unreadable", detail=f"over {limits.time_budget_s}s") from exc
    if not extracted.text.strip():
        raise ResumeRejected("no_text")
    return extracted
