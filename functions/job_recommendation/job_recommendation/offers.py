"""OpenJobsFound: what one candidate is told, and the pair record that keeps each job from being told twice.
Pure: decisions.py turns these into a Decision, the handlers write it."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from .model import JobDoc, Match
from .weights import REMOTE_POLICIES

PRODUCER = "job_recommendation"
# A posting without an end is taken to end this long after it was posted (sent.py says why records expire).
OPEN_ENDED = timedelta(days=365)


def pair_id(candidate_id: str, job_id: str) -> str:
    """The sent record's document id: read by id for exactly the pairs a match names."""
    return f"{candidate_id}~{job_id}"


def sent_record(candidate_id: str, job: JobDoc, now: datetime, retention: timedelta) -> dict[str, Any]:
    """The pair's record; it outlives the job by `retention`, after which the job can no longer be offered."""
    ends = job.expires_ts if math.isfinite(job.expires_ts) else job.posted_ts + OPEN_ENDED.total_seconds()
    expire_at = datetime.fromtimestamp(max(ends, now.timestamp()), UTC) + retention
    return {"candidate_id": candidate_id, "job_id": job.job_id, "sent_at": now, "expire_at": expire_at}


def offer_payload(candidate_id: str, profile_version: int, found: list[tuple[JobDoc, Match]]) -> dict[str, Any]:
    return {"candidate_id": candidate_id, "profile_version": profile_version,
            "jobs": [job_entry(job, match) for job, match in found]}


def job_entry(job: JobDoc, match: Match) -> dict[str, Any]:
    return {"job_id": job.job_id, "title": job.title, "company": job.company, "location": job.location,
            "remote": REMOTE_POLICIES[job.remote], "url": job.url, "score": round(min(match.score, 1.0), 4),
            "reasons": match.reasons}
