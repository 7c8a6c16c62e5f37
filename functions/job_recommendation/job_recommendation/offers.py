"""OpenJobsFound: what one candidate is told, and the pair records that keep it from being told twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event

from .model import JobDoc, Match
from .sent import record_sent
from .weights import REMOTE_POLICIES

PRODUCER = "job_recommendation"


def offer(db: firestore.Client, tx: firestore.Transaction, cause: Event, candidate_id: str, profile_version: int,
          found: list[tuple[JobDoc, Match]], now: datetime) -> Event:
    """Record each job as sent to the candidate (in tx) and the event that tells them."""
    for job, _ in found:
        record_sent(db, tx, candidate_id, job, now)
    payload = {"candidate_id": candidate_id, "profile_version": profile_version,
               "jobs": [job_entry(job, match) for job, match in found]}
    # The candidate's flow: OpenJobsFound joins their correlation id, whichever side caused it.
    return Event("OpenJobsFound", payload, candidate_id, PRODUCER, causation_id=cause.event_id)


def job_entry(job: JobDoc, match: Match) -> dict[str, Any]:
    return {"job_id": job.job_id, "title": job.title, "company": job.company, "location": job.location,
            "remote": REMOTE_POLICIES[job.remote], "url": job.url, "score": round(min(match.score, 1.0), 4),
            "reasons": match.reasons}
