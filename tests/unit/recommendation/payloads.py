"""JobPosted and ProfileCreated payloads (no envelope) for the recommendation tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def job(job_id: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "job_id": job_id, "version": 1, "status": "open", "title": "Backend Engineer", "company": "Acme",
        "location": "Berlin", "remote": "onsite", "salary_min": None, "salary_max": None,
        "required_skills": ["Python"], "nice_skills": [], "seniority": None, "description": "",
        "url": f"https://jobs.example/{job_id}", "posted_at": days_ago(1), "expires_at": None,
    }
    payload.update(fields)
    return payload


def profile(candidate_id: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "candidate_id": candidate_id, "profile_version": 1, "candidate_revision": 1, "skills": ["Python"],
        "titles": ["Backend Engineer"], "years_experience": 5.0, "seniority": "mid", "locations": ["Berlin"],
        "remote": "hybrid", "salary_min": None,
    }
    payload.update(fields)
    return payload


def days_ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def in_days(days: float) -> str:
    return (NOW + timedelta(days=days)).isoformat()
