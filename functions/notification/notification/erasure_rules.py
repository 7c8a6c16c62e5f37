"""Erasure's rules on the recipient document, pure (erasure.py does the I/O and the ordering around SendGrid):
the tombstone outranks every late event, a redelivered request keeps the first request's time, and the address
goes on the suppression list (hashed) until the same address registers anew (recipient_rules.after_candidate)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from jobfeed.erasure import TOMBSTONE_VERSION

from .decision import NOTHING, Decision, Fields


def address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def tombstone(stored: Fields, candidate_id: str, now: datetime) -> dict[str, Any]:
    """The erased recipient: nothing to send, no revision can supersede it."""
    return {"candidate_id": candidate_id, "erased": True, "revision": TOMBSTONE_VERSION, "subscribed": False,
            "pending": [], "notified": [], "has_pending": False, "awaiting_contact": False,
            "erasure_requested_at": stored.get("erasure_requested_at") or now,
            "erasure_accepted_at": stored.get("erasure_accepted_at")}


def block(stored: Fields, candidate_id: str, now: datetime) -> Decision:
    """The erasure's first step: the tombstone, keeping the address only until SendGrid has been asked to erase
    it, and the address suppressed. Nothing for a redelivery: the stored tombstone stands, with its first time."""
    if stored.get("erased"):
        return NOTHING
    record = {**tombstone(stored, candidate_id, now), "erasing_email": stored.get("email")}
    suppress = {address_key(stored["email"]): {"at": now}} if stored.get("email") else {}
    return Decision(record=record, suppress=suppress)


def forget(stored: Fields, candidate_id: str, now: datetime) -> Decision:
    """The erasure's last step: the tombstone without the address."""
    return Decision(record=tombstone(stored, candidate_id, now))
