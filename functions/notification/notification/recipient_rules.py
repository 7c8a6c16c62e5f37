"""Notification's rules for a candidate's recipient document, as pure functions of the stored document (None:
none yet), one event's payload, the time and the instant window. recipients.py loads, calls and stores them.

- One email per job per candidate, ever: a job in `notified` or already waiting in `pending` is never queued
  again.
- Jobs that arrive before the contact details, or before the address is confirmed, are parked in `pending` and
  released once, by whichever event completes the pair: an instant email, or the next digest.
- An older revision of the candidate never wins, and the erasure tombstone (erasure_rules.py) outranks every late
  event: its revision is larger than any real one and it is neither subscribed nor confirmed to be mailed.
- Unsubscribed and undeliverable recipients get nothing.
- Instant cadence: the first match after a quiet spell is emailed at once and opens the window (window.py);
  matches inside it wait for the window's tick. Digest cadences queue for their DigestDue."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .confirmation import CONFIRMATION, confirmation_email_id, confirmed_now, is_confirmed
from .decision import NOTHING, Decision, Fields, email_doc
from .erasure_rules import address_key
from .window import INSTANT, gathers, next_window

NEW_RECIPIENT: dict[str, Any] = {"pending": [], "notified": [], "has_pending": False}


def placeholder(candidate_id: str, pending: list[dict[str, Any]], confirmed: bool) -> dict[str, Any]:
    """A recipient whose contact details have not arrived: it only keeps what overtook them."""
    return {"candidate_id": candidate_id, "revision": 0, "awaiting_contact": True, "subscribed": True,
            "confirmed": confirmed, "pending": pending, "notified": [], "has_pending": False}


def instant_email_id(candidate_id: str, event_id: str) -> str:
    return f"{candidate_id}-{event_id}"  # the event that triggers it, so a redelivery creates nothing twice


def after_candidate(stored: Fields | None, payload: Fields, event_type: str, event_id: str, now: datetime,
                    window: timedelta) -> Decision:
    """CandidateRegistered/Updated: the whole contact state of a newer revision replaces the old one."""
    base = dict(stored) if stored is not None else dict(NEW_RECIPIENT)
    if base.get("revision", 0) >= payload["revision"]:
        return NOTHING  # older or the same revision (or the tombstone): stale
    candidate_id, contact, preferences = payload["candidate_id"], payload["contact"], payload["preferences"]
    confirmed = confirmed_now(base, contact)  # double opt-in: sticky once true
    record = {**base, "candidate_id": candidate_id, "revision": payload["revision"],
              "name": contact["name"], "email": contact["email"], "feed_url": contact["feed_url"],
              "subscribed": contact["subscribed"], "cadence": preferences["cadence"], "awaiting_contact": False,
              # a bounce marks the address, not the person: a new address may be tried again
              "undeliverable": base.get("undeliverable", False) and base.get("email") == contact["email"],
              "confirmed": confirmed}
    emails: dict[str, dict[str, Any]] = {}
    if (base.get("awaiting_contact") or base.get("confirmed") is False) and confirmed:
        fields, emails = released(record, event_id, now, window)
        record.update(fields)
    if not confirmed and (email_id := confirmation_email_id(payload)):
        emails[email_id] = {**email_doc(candidate_id, CONFIRMATION, []), "confirm_url": contact["confirm_url"]}
    if payload.get("change") == "link_requested":
        emails[f"{candidate_id}-link-{payload['revision']}"] = email_doc(candidate_id, "feed_link", [])
    # A new registration is new consent: the address may be emailed again after an erasure.
    lift = address_key(contact["email"]) if event_type == "CandidateRegistered" else None
    return Decision(record=record, emails=emails, lift_suppression=lift)


def after_open_jobs_found(stored: Fields | None, payload: Fields, event_id: str, now: datetime,
                          window: timedelta) -> Decision:
    candidate_id, jobs = payload["candidate_id"], payload["jobs"]
    if stored is None:
        # OpenJobsFound overtook CandidateRegistered: park the jobs until the contact details arrive.
        return Decision(record=placeholder(candidate_id, jobs, confirmed=False))
    if stored.get("erased") or not stored["subscribed"] or stored.get("undeliverable"):
        return NOTHING  # the tombstone: a match that arrives after the erasure request sends nothing
    if stored.get("awaiting_contact") or not is_confirmed(stored):
        # No contact yet, or an address not confirmed yet: the jobs wait for it (nothing is mailed before).
        parked = {job["job_id"] for job in stored["pending"]}
        return Decision(update={"pending": stored["pending"] + [job for job in jobs if job["job_id"] not in parked]})
    known = set(stored["notified"]) | {job["job_id"] for job in stored["pending"]}
    fresh = [job for job in jobs if job["job_id"] not in known]
    if not fresh:
        return NOTHING  # every job was told (or queued) already: one email per job per candidate, ever
    if stored["cadence"] == INSTANT and not gathers(stored, now):
        # The first match after a quiet spell goes at once and opens the window.
        return Decision(update={"notified": stored["notified"] + [job["job_id"] for job in fresh],
                                "window_until": next_window(now, window)},
                        emails={instant_email_id(candidate_id, event_id): email_doc(candidate_id, INSTANT, fresh)})
    # A digest cadence, or an instant one inside its window: the jobs wait for the scheduled DigestDue.
    return Decision(update={"pending": stored["pending"] + fresh, "has_pending": True})


def after_confirmed(stored: Fields | None, candidate_id: str, event_id: str, now: datetime,
                    window: timedelta) -> Decision:
    """CandidateConfirmed: the flag goes up (it never comes down) and parked jobs are released. Before the contact
    details arrived (events overtake each other) the flag waits on the placeholder, and the registration
    releases them."""
    if stored is None:
        return Decision(record=placeholder(candidate_id, [], confirmed=True))
    if stored.get("erased") or stored.get("confirmed") is True:
        return NOTHING
    record = {**stored, "confirmed": True}
    emails: dict[str, dict[str, Any]] = {}
    if not stored.get("awaiting_contact"):
        fields, emails = released(record, event_id, now, window)
        record.update(fields)
    return Decision(record=record, emails=emails)


def released(record: Fields, event_id: str, now: datetime,
             window: timedelta) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Parked jobs once contact and confirmation are both there: an instant email now (opening the window), or
    the next digest; an unsubscribed recipient drops them. Returns the recipient's fields and the emails."""
    parked = record["pending"] if record["subscribed"] else []
    if record["cadence"] != INSTANT:
        return {"pending": parked, "has_pending": bool(parked)}, {}
    if not parked:
        return {"pending": [], "has_pending": False}, {}
    candidate_id = record["candidate_id"]
    fields = {"pending": [], "has_pending": False, "notified": record["notified"] + [j["job_id"] for j in parked],
              "window_until": next_window(now, window)}
    return fields, {instant_email_id(candidate_id, event_id): email_doc(candidate_id, INSTANT, parked)}
