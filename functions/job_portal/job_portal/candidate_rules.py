"""The Portal's decisions about a candidate's own record, as pure functions of what PortalStore read: a
registration (an address registers once), an update (every change is a new revision, carried whole by
CandidateUpdated), the link token check, and the erasure (what goes, and the request the others hear).
PortalStore loads, calls one of these and stores what it says, with the same reads and writes as ever."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from jobfeed.events import Event

from . import feed_rules
from .candidates import PRODUCER, email_key, preferences_of, updated_event
from .decision import CANDIDATE, EMAIL, NOTHING, PROFILE, Decision, Write
from .forms import Registration
from .tokens import hash_token, token_matches

NO_HASH = "0" * 64  # what an unknown id's check compares against: same work as for a wrong token


def new_candidate(candidate_id: str, reg: Registration, token: str, resume: dict[str, str],
                  now: datetime) -> dict[str, Any]:
    """A new registration's document (the consent record is added by consent.start)."""
    return {
        "candidate_id": candidate_id, "revision": 1, "name": reg.name, "email": reg.email,
        "token_hash": hash_token(token), "preferences": preferences_of(reg), "subscribed": True,
        "resume": resume, **feed_rules.INITIAL,
        "created_at": now, "updated_at": now,
    }


def register(doc: Mapping[str, Any], registered: Event) -> Decision:
    """The email index and the candidate, created together with CandidateRegistered. Both are creates: a taken
    address fails the index's create at commit, and with it the whole registration (PortalStore.register)."""
    # The confirmation email a registration sends counts towards the duplicate path's per-address gap.
    emailed = {"emailed_at": doc["created_at"]} if doc.get("unconfirmed_since") else {}
    return Decision((Write(EMAIL, email_key(doc["email"]), "create", {"candidate_id": doc["candidate_id"], **emailed}),
                     Write(CANDIDATE, doc["candidate_id"], "create", dict(doc))), (registered,))


def updated(stored: Mapping[str, Any] | None, candidate_id: str, fields: Mapping[str, Any], now: datetime,
            url: str, change: str) -> Decision:
    """A change from the feed page: the fields over the stored record, the next revision, and CandidateUpdated
    carrying the whole new state. The outcome is the new record."""
    doc = {**(stored or {}), **fields}
    doc["revision"] += 1  # a record erased meanwhile has no revision: the request fails, nothing is written
    doc["updated_at"] = now
    return Decision((Write(CANDIDATE, candidate_id, "set", doc),), (updated_event(doc, url, change),), doc)


def resume_replaced(resume: dict[str, str]) -> dict[str, Any]:
    """A new resume puts the candidate back to waiting for a profile."""
    return {"resume": resume, **feed_rules.RESUME_REPLACED}


def well_formed(candidate_id: str) -> bool:
    """Ids are hex: anything else is not looked up at all."""
    return candidate_id.isalnum()


def authorised(doc: dict[str, Any] | None, token: str | None) -> dict[str, Any] | None:
    """The record if the token matches; None for a wrong token and an unknown candidate alike, after the same
    constant-time comparison (no timing tells which)."""
    if doc is None:
        token_matches(token, NO_HASH)
        return None
    return doc if token_matches(token, doc["token_hash"]) else None


def purge(stored: Mapping[str, Any] | None, candidate_id: str, request: bool, requested_by: str) -> Decision:
    """The candidate, its email index entry and the Portal's copy of its profile go together; with request,
    CandidateErasureRequested tells every other service. Nothing to do once gone (a repeated erasure)."""
    if stored is None:
        return NOTHING
    writes = (Write(EMAIL, email_key(stored["email"]), "delete"), Write(PROFILE, candidate_id, "delete"),
              Write(CANDIDATE, candidate_id, "delete"))
    if not request:
        return Decision(writes)
    erasure = Event("CandidateErasureRequested", {"candidate_id": candidate_id, "requested_by": requested_by},
                    candidate_id, PRODUCER)
    return Decision(writes, (erasure,))


def erasable(doc_id: str, fields: Mapping[str, Any], keep: frozenset[str]) -> bool:
    """Whether an erasure deletes this feed entry or outbox copy: not an unsent outbox entry (the sweep still owes
    it to the broker) nor one the erasure itself just staged."""
    return doc_id not in keep and bool(fields.get("sent", True))
