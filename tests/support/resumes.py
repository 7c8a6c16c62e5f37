"""Small resume PDFs for the pipeline tests, made with reportlab."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

DEFAULT_LINES = [
    "Ada Lovelace",
    "ada@example.com | London",
    "Summary",
    "Senior backend engineer building Python services.",
    "Experience",
    "Senior Backend Engineer, Analytical Engines Ltd, Jan 2018 - Present",
    "Built Django and FastAPI services on PostgreSQL, Docker and Kubernetes in AWS.",
    "Backend Developer, Difference Works, 03/2014 - 12/2017",
    "Python, Flask, Redis and PostgreSQL.",
    "Skills",
    "Python, Django, PostgreSQL, Docker, Kubernetes, AWS, Redis, Git",
    "Education",
    "BSc Mathematics, University of London",
]


def resume_pdf(lines: list[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines or DEFAULT_LINES:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.save()
    return buffer.getvalue()
