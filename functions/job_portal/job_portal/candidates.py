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


def confirmed(doc: dict[str, Any]) -> bool:
    """Double opt-in: the address is confirmed. A record without a consent record predates double opt-in."""
    consent = doc.get("consent")
    return consent is None or consent.get("confirmed_at") is not None


def state_payload(doc: dict[str, Any], url: str, confirm_url: str | None = None) -> dict[str, Any]:
    return {
        "candidate_id": doc["candidate_id"],
        "revision": doc["revision"],
        "contact": {"name": doc["name"], "email": doc["email"], "feed_url": url, "subscribed": doc["subscribed"],
                    "confirmed": confirmed(doc), "confirm_url": confirm_url},
        "preferences": doc["preferences"],
        "resume": doc["resume"],
    }


def registered_event(doc: dict[str, Any], url: str, confirm_url: str | None = None) -> Event:
    # The candidate id is the flow's correlation id: every later event about them carries it.
    return Event("CandidateRegistered", state_payload(doc, url, confirm_url), doc["candidate_id"], PRODUCER)


def updated_event(doc: dict[str, Any], url: str, change: str, confirm_url: str | None = None) -> Event:
    # The candidate's corrections of their profile travel whole with every update (None until the first one).
    payload = {**state_payload(doc, url, confirm_url), "change": change, "overrides": doc.get("overrides")}
    return Event("CandidateUpdated", payload, doc["candidate_id"], PRODUCER)
