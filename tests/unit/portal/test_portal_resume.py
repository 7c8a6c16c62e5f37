import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from job_portal.resume_check import MAX_RESUME_BYTES, MAX_RESUME_PAGES, ResumeInvalid, check_resume, safe_filename


def make_pdf(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"Ada Lovelace - Data engineer - page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def rewrite(data: bytes, password: str | None = None, pages: bool = True) -> bytes:
    writer = PdfWriter()
    if pages:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def rejection(data: bytes, filename: str | None = "cv.pdf") -> ResumeInvalid:
    with pytest.raises(ResumeInvalid) as caught:
        check_resume(data, filename)
    return caught.value


@pytest.fixture(scope="module")
def valid_pdf() -> bytes:
    return make_pdf()


def test_a_valid_pdf_passes(valid_pdf: bytes) -> None:
    check_resume(valid_pdf, "cv.pdf")
    check_resume(b"junk before the header\n" + valid_pdf, None)  # readers tolerate a short preamble


def test_a_file_over_5_mb_is_413(valid_pdf: bytes) -> None:
    error = rejection(valid_pdf + b"\n%" + b"x" * (6 * 1024 * 1024))
    assert error.status == 413
    assert "larger than 5 MB" in error.message


def test_the_size_limit_is_exact(valid_pdf: bytes) -> None:
    padded = valid_pdf + b"\n" + b" " * (MAX_RESUME_BYTES - len(valid_pdf) - 1)
    check_resume(padded, "cv.pdf")
    assert rejection(padded + b" ").status == 413


def test_an_empty_file_is_422() -> None:
    error = rejection(b"")
    assert (error.status, error.message.startswith("The file is empty")) == (422, True)


def test_a_text_file_renamed_pdf_is_422() -> None:
    error = rejection(b"Ada Lovelace\nData engineer\n" * 20, "cv.pdf")
    assert error.status == 422
    assert "“cv.pdf” is not a PDF" in error.message


def test_a_word_document_is_named_as_such() -> None:
    error = rejection(b"PK\x03\x04" + b"\x00" * 200, "../../cv.docx")
    assert "“cv.docx” is not a PDF. It looks like a Word document" in error.message


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + b"\x00garbage" * 100, b"%PDF-1.4\n%%EOF"])
def test_a_broken_pdf_is_422(data: bytes) -> None:
    assert rejection(data).status == 422


def test_a_truncated_pdf_is_422(valid_pdf: bytes) -> None:
    assert rejection(valid_pdf[: len(valid_pdf) // 3]).status == 422


@pytest.mark.parametrize("password", ["secret", ""])
def test_an_encrypted_pdf_is_422(valid_pdf: bytes, password: str) -> None:
    error = rejection(rewrite(valid_pdf, password=password))
    assert error.status == 422
    assert "password-protected" in error.message


def test_a_pdf_without_pages_is_422(valid_pdf: bytes) -> None:
    error = rejection(rewrite(valid_pdf, pages=False))
    assert (error.status, "no pages" in error.message) == (422, True)


def test_too_many_pages_is_422() -> None:
    check_resume(make_pdf(MAX_RESUME_PAGES), None)
    error = rejection(make_pdf(MAX_RESUME_PAGES + 1))
    assert error.status == 422 and f"at most {MAX_RESUME_PAGES}" in error.message


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ada\\cv.pdf", "cv.pdf"),
    ("/abs/path/.hidden.pdf", "hidden.pdf"),
    ("cv\r\n<script>.pdf", "cv_script_.pdf"),
    ("Lebenslauf Zoë Ñúñez (2024).pdf", "Lebenslauf Zoë Ñúñez (2024).pdf"),
    ("履歴書.pdf", "履歴書.pdf"),
    ("..", "resume.pdf"),
    ("", "resume.pdf"),
    (None, "resume.pdf"),
])
def test_safe_filename_neutralises_paths_and_specials(name: str | None, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_keeps_the_extension_of_a_long_name() -> None:
    cleaned = safe_filename("a" * 300 + ".pdf")
    assert len(cleaned) == 100 and cleaned.endswith("aaa.pdf")
