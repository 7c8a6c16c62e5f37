"""The candidate record and the events that carry its state (event-carried state, so nobody calls us back)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict
from typing import Any

from jobfeed.events import Event

from .forms import Registration

PRODUCER = "job_portal"


def email_key(email: str) -> str:
    """Email index document id: unique per address, and no address in a document path."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def new_candidate_id() -> str:
    return uuid.uuid4().hex


def preferences_of(reg: Registration) -> dict[str, Any]:
    fields = asdict(reg)
    return {k: fields[k] for k in ("titles", "locations", "remote", "salary_min", "cadence", "skills",
                                   "years_experience", "open_to_relocation")}


def feed_url(base_url: str, candidate_id: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/candidates/{candidate_id}?token={token}"


def state_payload(doc: dict[str, Any], url: str) -> dict[str, Any]:
    return {
        "candidate_id": doc["candidate_id"],
        "revision": doc["revision"],
        "contact": {"name": doc["name"], "email": doc["email"], "feed_url": url, "subscribed": doc["subscribed"]},
        "preferences": doc["preferences"],
        "resume": doc["resume"],
    }


def registered_event(doc: dict[str, Any], url: str) -> Event:
    # The candidate id is the flow's correlation id: every later event about them carries it.
    return Event("CandidateRegistered", state_payload(doc, url), doc["candidate_id"], PRODUCER)


def updated_event(doc: dict[str, Any], url: str, change: str) -> Event:
    # The candidate's corrections of their profile travel whole with every update (None until the first one).
    payload = {**state_payload(doc, url), "change": change, "overrides": doc.get("overrides")}
    return Event("CandidateUpdated", payload, doc["candidate_id"], PRODUCER)
