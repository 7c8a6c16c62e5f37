"""job_intake.postings.validate: what a feed row becomes, and the reasons a feed owner reads when it is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from job_intake.postings import Rejected, validate


def row(**overrides: Any) -> dict[str, Any]:
    return {"title": "  Senior   Backend Engineer ", "company": "Engines Ltd", "location": "London",
            "url": "https://jobs.example.com/1", "remote": "Remote", "salary_min": "70000", "salary_max": 95000,
            "required_skills": ["python", "Postgres", "Underwater zorblax juggling"], "nice_skills": "k8s; docker",
            "seniority": "Senior", "expires_at": "2030-01-31T00:00:00Z", **overrides}


def errors_of(result: dict[str, Any] | Rejected) -> list[str]:
    assert isinstance(result, Rejected), result
    return result.errors


def test_a_valid_row_is_normalised_into_a_job_posted_payload() -> None:
    posting = validate(row(), 7)
    assert isinstance(posting, dict)
    assert posting["title"] == "Senior Backend Engineer"  # whitespace collapsed
    assert posting["remote"] == "remote" and posting["seniority"] == "senior" and posting["status"] == "open"
    assert (posting["salary_min"], posting["salary_max"]) == (70000, 95000)
    assert posting["required_skills"] == ["Python", "PostgreSQL"]  # canonical names, unknown ones dropped
    assert posting["nice_skills"] == ["Kubernetes", "Docker"]
    assert posting["expires_at"] == "2030-01-31T00:00:00+00:00"
    assert datetime.fromisoformat(posting["posted_at"]).tzinfo is not None
    assert "version" not in posting  # the store assigns versions


def test_job_ids_are_stable_across_reposts_and_safe_as_document_ids() -> None:
    first, again = validate(row(job_id="ACME/42"), 1), validate(row(job_id="ACME/42", title="Changed"), 2)
    derived = validate(row(), 3)
    assert isinstance(first, dict) and isinstance(again, dict) and isinstance(derived, dict)
    assert first["job_id"] == again["job_id"] and "/" not in first["job_id"]
    assert derived["job_id"] == validate(row(title="Other title"), 4)["job_id"]  # company + url decide


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"title": None}, "title is required"),
    ({"title": "   "}, "title is required"),
    ({"company": "x" * 121}, "company is longer than 120 characters"),
    ({"url": "javascript:alert(1)"}, "url must be an http(s) address"),
    ({"url": "https://"}, "url must be an http(s) address"),
    ({"remote": "sometimes"}, "remote must be remote, hybrid or onsite"),
    ({"seniority": "wizard"}, "seniority must be junior, mid, senior or lead"),
    ({"salary_min": 100000, "salary_max": 50000}, "salary_min is above salary_max"),
    ({"salary_min": "lots"}, "salary_min must be a whole number"),
    ({"salary_min": True}, "salary_min must be a whole number"),
    ({"salary_max": 1234.5}, "salary_max must be a whole number"),
    ({"salary_min": -1}, "salary_min must be between 0 and 10000000"),
    ({"required_skills": [1, 2]}, "required_skills must be a list of skill names"),
    ({"nice_skills": ["Python"] * 41}, "nice_skills has more than 40 entries"),
    ({"expires_at": "next tuesday"}, "expires_at must be an ISO 8601 date"),
    ({"status": "filled"}, "status must be open or closed"),
])
def test_each_bad_field_is_refused_with_a_reason(overrides: dict[str, Any], reason: str) -> None:
    result = validate(row(**overrides), 12)
    assert errors_of(result) == [reason] and result.line == 12  # type: ignore[union-attr]


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    errors = errors_of(validate({"title": "", "url": "ftp://x", "remote": "moon"}, 3))
    assert {"title is required", "company is required", "location is required",
            "url must be an http(s) address", "remote must be remote, hybrid or onsite"} <= set(errors)


@pytest.mark.parametrize("raw", [None, "a string", 42, ["title"]])
def test_a_row_that_is_not_an_object_is_refused(raw: Any) -> None:
    assert errors_of(validate(raw, 5)) == ["a posting must be an object"]


@pytest.mark.parametrize(("given", "expected"), [("CLOSED", "closed"), (" open ", "open"), (None, "open"),
                                                  ("", "open")])
def test_status_defaults_to_open_and_accepts_closed(given: str | None, expected: str) -> None:
    posting = validate(row(status=given), 1)
    assert isinstance(posting, dict) and posting["status"] == expected


def test_defaults_for_optional_fields() -> None:
    posting = validate({"title": "Dev", "company": "C", "location": "L", "url": "http://c.example/j",
                        "remote": "on-site"}, 1)
    assert isinstance(posting, dict)
    assert posting["remote"] == "onsite" and posting["seniority"] is None and posting["expires_at"] is None
    assert posting["salary_min"] is None and posting["required_skills"] == [] and posting["description"] == ""
    naive = validate({**posting, "expires_at": "2030-05-01T12:00:00"}, 1)
    assert isinstance(naive, dict) and naive["expires_at"] == datetime(2030, 5, 1, 12, tzinfo=UTC).isoformat()


def test_a_long_description_is_capped() -> None:
    posting = validate(row(description="d" * 9000), 1)
    assert isinstance(posting, dict) and len(posting["description"]) == 5000
