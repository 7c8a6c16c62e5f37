"""Notification's own copy of each candidate's contact details and job bookkeeping, one document each:
who they are, their cadence, which jobs wait for a digest, and which jobs they were ever told about."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from jobfeed.events import Event

from .collections import EMAILS, RECIPIENTS  # noqa: F401 (the other modules import them from here)
from .confirmation import CONFIRMATION, confirmation_email_id, confirmed_now, is_confirmed
from .window import INSTANT, gathers, next_window


def on_candidate(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                 window: timedelta = timedelta(0)) -> Iterable[Event]:
    payload = event.payload
    ref = db.collection(RECIPIENTS).document(payload["candidate_id"])
    snapshot = ref.get(transaction=tx)
    stored = snapshot.to_dict() if snapshot.exists else {"pending": [], "notified": [], "has_pending": False}
    if stored.get("revision", 0) >= payload["revision"]:
        return []
    contact, preferences = payload["contact"], payload["preferences"]
    confirmed = confirmed_now(stored, contact)  # double opt-in (confirmation.py)
    record = {**stored, "candidate_id": payload["candidate_id"], "revision": payload["revision"],
              "name": contact["name"], "email": contact["email"], "feed_url": contact["feed_url"],
              "subscribed": contact["subscribed"], "cadence": preferences["cadence"], "awaiting_contact": False,
              "undeliverable": stored.get("undeliverable", False) and stored.get("email") == contact["email"],
              "confirmed": confirmed}
    if (stored.get("awaiting_contact") or stored.get("confirmed") is False) and confirmed:
        record.update(release_parked(db, tx, record, event, window))
    tx.set(ref, record)
    if not confirmed and (email_id := confirmation_email_id(payload)):
        tx.create(db.collection(EMAILS).document(email_id),
                  {**new_email(payload["candidate_id"], CONFIRMATION, []), "confirm_url": contact["confirm_url"]})
    if event.event_type == "CandidateRegistered":
        from .erasure import lift_suppression  # erasure imports this module's names

        lift_suppression(db, tx, contact["email"])
    if payload.get("change") == "link_requested":
        email_id = f"{payload['candidate_id']}-link-{payload['revision']}"
        tx.create(db.collection(EMAILS).document(email_id), new_email(payload["candidate_id"], "feed_link", []))
    return []


def on_open_jobs_found(db: firestore.Client, event: Event, tx: firestore.Transaction, _: Any,
                       window: timedelta = timedelta(0)) -> Iterable[Event]:
    candidate_id = event.payload["candidate_id"]
    ref = db.collection(RECIPIENTS).document(candidate_id)
    snapshot = ref.get(transaction=tx)
    if not snapshot.exists:
        # OpenJobsFound overtook CandidateRegistered: park the jobs until the contact details arrive.
        tx.set(ref, {"candidate_id": candidate_id, "revision": 0, "awaiting_contact": True, "subscribed": True,
                     "confirmed": False,
                     "pending": event.payload["jobs"], "notified": [], "has_pending": False})
        return []
    stored = snapshot.to_dict() or {}
    if stored.get("erased") or not stored["subscribed"] or stored.get("undeliverable"):
        return []  # the tombstone: a match that arrives after the erasure request sends nothing
    if stored.get("awaiting_contact") or not is_confirmed(stored):
        # No contact yet, or an address not confirmed yet: the jobs wait for it (nothing is mailed before).
        known = {job["job_id"] for job in stored["pending"]}
        parked = stored["pending"] + [job for job in event.payload["jobs"] if job["job_id"] not in known]
        tx.update(ref, {"pending": parked})
        return []
    known = set(stored["notified"]) | {job["job_id"] for job in stored["pending"]}
    fresh = [job for job in event.payload["jobs"] if job["job_id"] not in known]
    if not fresh:
        return []  # every job was told (or queued) already: one email per job per candidate, ever
    now = datetime.now(UTC)
    if stored["cadence"] == INSTANT and not gathers(stored, now):
        # The first match after a quiet spell goes at once and opens the window (window.py).
        tx.create(db.collection(EMAILS).document(f"{candidate_id}-{event.event_id}"),
                  new_email(candidate_id, INSTANT, fresh))
        tx.update(ref, {"notified": stored["notified"] + [job["job_id"] for job in fresh],
                        "window_until": next_window(now, window)})
    else:
        # A digest cadence, or an instant one inside its window: the jobs wait for the scheduled DigestDue.
        tx.update(ref, {"pending": stored["pending"] + fresh, "has_pending": True})
    return []


def release_parked(db: firestore.Client, tx: firestore.Transaction, record: dict[str, Any],
                    event: Event, window: timedelta) -> dict[str, Any]:
    """Jobs that arrived before the contact details: an instant email now (opening the window), or the next
    digest."""
    parked = record["pending"] if record["subscribed"] else []
    if record["cadence"] != INSTANT:
        return {"pending": parked, "has_pending": bool(parked)}
    if not parked:
        return {"pending": [], "has_pending": False}
    tx.create(db.collection(EMAILS).document(f"{record['candidate_id']}-{event.event_id}"),
              new_email(record["candidate_id"], INSTANT, parked))
    return {"pending": [], "has_pending": False, "notified": record["notified"] + [j["job_id"] for j in parked],
            "window_until": next_window(datetime.now(UTC), window)}


def new_email(candidate_id: str, kind: str, jobs: list[dict[str, Any]], period: str | None = None) -> dict[str, Any]:
    return {"candidate_id": candidate_id, "kind": kind, "jobs": jobs, "period": period, "status": "pending",
            "created_at": firestore.SERVER_TIMESTAMP}
