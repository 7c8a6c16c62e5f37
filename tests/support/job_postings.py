"""Job postings written for the tests in the formats job sources publish: a Greenhouse board, a Lever array,
schema.org JSON-LD (strict and with raw newlines inside strings) and a careers page. All invented."""

from __future__ import annotations

import html
import json
from typing import Any

GREENHOUSE_CONTENT = """<h2>About Fjordline</h2>
<p>We move freight across the Nordics. Our platform runs on Kubernetes, Kafka and Terraform.</p>
<h3>What you'll do</h3>
<ul><li>Build the services that plan ferry capacity in Go.</li><li>Run them on Google Cloud.</li></ul>
<p><strong>What you'll need</strong></p>
<ul><li>5+ years of experience building backend services</li>
<li>Strong PostgreSQL and Python skills</li><li>Experience with Docker; Redis preferred</li></ul>
<p><strong>Nice to have</strong></p>
<ul><li>GraphQL</li><li>Rust is a plus</li></ul>
<script>document.write('Haskell')</script>
<p>Hybrid, 3 days a week in our Oslo office. #LI-Hybrid</p>
<div class="content-pay-transparency"><p>Pay range: \u20ac54.000\u2014\u20ac66.000 EUR</p></div>"""


def greenhouse_job(job_id: int = 7001, title: str = "Senior Backend Engineer", **overrides: Any) -> dict[str, Any]:
    job = {
        "id": job_id, "internal_job_id": job_id + 1, "title": title,
        "absolute_url": f"https://boards.example.com/fjordline/jobs/{job_id}",
        "location": {"name": "Oslo, Norway; Bergen, Norway"}, "updated_at": "2026-03-02T10:00:00-05:00",
        "first_published": "2026-03-01T09:00:00-05:00", "company_name": "Fjordline",
        "metadata": [{"id": 1, "name": "Workplace Type", "value": None, "value_type": "single_select"}],
        "departments": [{"id": 3, "name": "Engineering"}], "offices": [{"id": 4, "name": "Oslo"}],
        "content": html.escape(GREENHOUSE_CONTENT),
    }
    return {**job, **overrides}


def greenhouse_board(*jobs: dict[str, Any]) -> bytes:
    return json.dumps({"jobs": list(jobs), "meta": {"total": len(jobs)}}).encode()


def lever_posting(posting_id: str = "0c1d2e3f-lever", **overrides: Any) -> dict[str, Any]:
    posting = {
        "id": posting_id, "text": "Data Engineer", "workplaceType": "remote", "country": "US",
        "categories": {"location": "Remote - US", "allLocations": ["Remote - US"], "team": "Data",
                       "commitment": "Full-time"},
        "createdAt": 1767225600000, "hostedUrl": f"https://jobs.lever.co/tidewater/{posting_id}",
        "applyUrl": f"https://jobs.lever.co/tidewater/{posting_id}/apply",
        "description": "<div>Tidewater builds tide forecasts for harbours. This role is remote (US only).</div>",
        "descriptionPlain": "Tidewater builds tide forecasts for harbours. This role is remote (US only).",
        "lists": [
            {"text": "Requirements", "content": "<li>3+ years of experience with Python and SQL</li>"
                                                "<li>Airflow</li>"},
            {"text": "Bonus points", "content": "<li>Snowflake</li><li>dbt</li>"},
        ],
        "additional": "<div>We offer a home-office budget.</div>",
        "salaryRange": {"min": 9000, "max": 11000, "currency": "USD", "interval": "per-month-salary"},
    }
    return {**posting, **overrides}


def lever_french(posting_id: str = "4f5e6d-fr") -> dict[str, Any]:
    return lever_posting(
        posting_id, text="Développeur Java confirmé", workplaceType="hybrid", country="FR",
        categories={"location": "Lyon", "allLocations": ["Lyon"], "commitment": "CDI"},
        description="<div>Nous construisons des outils pour les boulangeries.</div>",
        descriptionPlain="Nous construisons des outils pour les boulangeries.",
        lists=[{"text": "Profil", "content": "<li>Java et Spring Boot</li><li>PostgreSQL</li>"
                                              "<li>La connaissance de Kotlin est un atout</li>"}],
        salaryRange=None)


def json_ld_posting(**overrides: Any) -> dict[str, Any]:
    posting = {
        "@context": "https://schema.org/", "@type": "JobPosting", "title": "Platform Engineer",
        "description": "<p>Keep our build farm fast.</p><h3>Requirements</h3><ul><li>Kubernetes</li>"
                       "<li>Terraform</li></ul><h3>Nice to have</h3><ul><li>Bazel</li></ul>",
        "identifier": {"@type": "PropertyValue", "name": "Quillmate", "value": "QM-42"},
        "datePosted": "2026-02-10", "validThrough": "2026-05-10T00:00", "employmentType": ["FULL_TIME"],
        "hiringOrganization": {"@type": "Organization", "name": "Quillmate", "sameAs": "https://quillmate.example"},
        "url": "https://quillmate.example/jobs/qm-42", "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": [{"@type": "Country", "name": "Canada"},
                                          {"@type": "Country", "name": "US"}],
        "baseSalary": {"@type": "MonetaryAmount", "currency": "CAD",
                       "value": {"@type": "QuantitativeValue", "minValue": 120000, "maxValue": 150000,
                                 "unitText": "YEAR"}},
        "skills": "Go, Linux",
        "experienceRequirements": {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 48},
    }
    return {**posting, **overrides}


def with_raw_newlines(document: Any) -> bytes:
    """JSON as some pages publish it: real newlines inside strings (not strict JSON)."""
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("\\n", "\n").encode()


def careers_page(*blocks: str) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return (f"<!doctype html><html><head><title>Careers</title>{scripts}</head>"
            "<body><h1>Join us</h1><p>Open roles below.</p></body></html>").encode()


def graph_of(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": [{"@type": "Organization", "name": "Quillmate"}, *nodes]}
