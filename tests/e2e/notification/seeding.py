"""Many digest recipients written straight into Firestore, and a DigestRun wired like the function's (real
Firestore client, real Mailer against the sink, real outbox): shared by the chunking test and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from google.cloud import firestore

from jobfeed.outbox import Outbox
from jobfeed.publisher import Publisher
from notification.collections import RECIPIENTS
from notification.delivery import Delivery
from notification.digest import DigestRun
from notification.mailer import Mailer, MailerSettings

BATCH = 500  # Firestore's limit of writes per batch


@dataclass(frozen=True)
class Seeded:
    emails: list[str]
    jobs_each: int


def recipient_doc(candidate_id: str, email: str, cadence: str, jobs: list[dict[str, Any]]) -> dict[str, Any]:
    """The shape recipients.on_candidate and on_open_jobs_found leave for a candidate with jobs pending."""
    return {"candidate_id": candidate_id, "revision": 1, "name": f"Candidate {candidate_id[-6:]}", "email": email,
            "feed_url": f"https://portal.example.com/candidates/{candidate_id}?token=t-{candidate_id}",
            "subscribed": True, "undeliverable": False, "cadence": cadence, "pending": jobs, "notified": [],
            "has_pending": True}


def digest_jobs(candidate_id: str, count: int) -> list[dict[str, Any]]:
    return [{"job_id": f"{candidate_id}-job-{n}", "title": f"Data Engineer {n}", "company": f"Company {n}",
             "location": "Leeds", "remote": ("remote", "hybrid", "onsite")[n % 3], "score": 0.9 - n / 100,
             "url": f"https://jobs.example.com/{candidate_id}/{n}", "reasons": ["Skills you have: Python, SQL"]}
            for n in range(count)]


def seed_recipients(db: firestore.Client, cadence: str, count: int, tag: str, jobs_each: int = 3) -> Seeded:
    emails = [f"digest-{tag}-{n:05d}@example.com" for n in range(count)]
    for start in range(0, count, BATCH):
        batch = db.batch()
        for n in range(start, min(count, start + BATCH)):
            candidate_id = f"digest-{tag}-{n:05d}"
            batch.set(db.collection(RECIPIENTS).document(candidate_id),
                      recipient_doc(candidate_id, emails[n], cadence, digest_jobs(candidate_id, jobs_each)))
        batch.commit()
    return Seeded(emails, jobs_each)


def digest_run(db: firestore.Client, sink_url: str, api_key: str, chunk: int, workers: int = 8) -> DigestRun:
    mailer = Mailer(MailerSettings(api_key=api_key, from_email="jobs@jobfeed.example", host=sink_url))
    return DigestRun(db, Delivery(db, mailer, Outbox(db, "notification", Publisher())), chunk=chunk, workers=workers)
