"""Notification's own copy of each candidate's contact details and job bookkeeping, one document each:
who they are, their cadence, which jobs wait for a digest, and which jobs they were ever told about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event

RECIPIENTS = "notification_recipients"
EMAILS = "notification_emails"


class RecipientUnknown(RuntimeError):
    """OpenJobsFound overtook CandidateRegistered: transient, Pub/Sub retries until the contact arrives."""


def on_candidate(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    payload = event.payload
    ref = db.collection(RECIPIENTS).document(payload["candidate_id"])
    snapshot = ref.get(transaction=tx)
    stored = snapshot.to_dict() if snapshot.exists else {"pending": [], "notified": [], "has_pending": False}
    if stored.get("revision", 0) >= payload["revision"]:
        return []
    contact, preferences = payload["contact"], payload["preferences"]
    tx.set(ref, {**stored, "candidate_id": payload["candidate_id"], "revision": payload["revision"],
                 "name": contact["name"], "email": contact["email"], "feed_url": contact["feed_url"],
                 "subscribed": contact["subscribed"], "cadence": preferences["cadence"],
                 "undeliverable": stored.get("undeliverable", False) and stored.get("email") == contact["email"]})
    if payload.get("change") == "link_requested":
        email_id = f"{payload['candidate_id']}-link-{payload['revision']}"
        tx.create(db.collection(EMAILS).document(email_id), new_email(payload["candidate_id"], "feed_link", []))
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    snapshot = ref.get(transaction=tx)
    if not snapshot.exists:
        raise RecipientUnknown(f"no contact details for {candidate_id} yet")
    stored = snapshot.to_dict() or {}
    if not stored["subscribed"] or stored.get("undeliverable"):
        return []
    known = set(stored["notified"]) | {job["job_id"] for job in stored["pending"]}
    fresh = [job for job in event.payload["jobs"] if job["job_id"] not in known]
    if not fresh:
        return []  # every job was told (or queued) already: one email per job per candidate, ever
    if stored["cadence"] == "instant":
        tx.create(db.collection(EMAILS).document(f"{candidate_id}-{event.event_id}"),
                  new_email(candidate_id, "instant", fresh))
        tx.update(ref, {"notified": stored["notified"] + [job["job_id"] for job in fresh]})
    else:
        tx.update(ref, {"pending": stored["pending"] + fresh, "has_pending": True})
    return []


def new_email(candidate_id: str, kind: str, jobs: list[dict[str, Any]], period: str | None = None) -> dict[str, Any]:
    return {"candidate_id": candidate_id, "kind": kind, "jobs": jobs, "period": period, "status": "pending",
            "created_at": firestore.SERVER_TIMESTAMP}
