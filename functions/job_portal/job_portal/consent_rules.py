"""The double opt-in's decisions, as pure functions of the record consent.py read in its transaction: whether a
link may confirm (used, replaced, erased), what confirming writes and emits, whether a new confirmation email
may go (the resend limits) and what it changes, the per-address gap of a repeated registration, and which
unconfirmed registrations the sweep erases. Nonces, tokens and `now` are passed in."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from jobfeed.events import Event

from .candidates import PRODUCER, email_key, updated_event
from .decision import CANDIDATE, EMAIL, NOTHING, Decision, Write
from .tokens import hash_token

CONFIRMED = "confirmed"


class Limits(Protocol):
    """The limits consent.ConsentSettings carries."""

    @property
    def resend_gap(self) -> timedelta: ...

    @property
    def max_resends(self) -> int: ...

    @property
    def duplicate_gap(self) -> timedelta: ...


def nonce_matches(nonce: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and hmac.compare_digest(hash_token(nonce), str(stored_hash))


def link_problem(doc: Mapping[str, Any] | None, nonce: str) -> str | None:
    """Why a genuine, unexpired link cannot confirm this record, or None when it can."""
    if doc is None or doc.get("erasing"):
        return "invalid"  # erased, or being erased as unconfirmed
    consent = doc.get("consent") or {}
    if consent.get("confirmed_at") is not None:
        return "used"
    if not nonce_matches(nonce, consent.get("nonce_hash")):
        return "replaced"  # a newer confirmation email was asked for; only its link works
    return None


def confirm(doc: Mapping[str, Any] | None, candidate_id: str, nonce: str, now: datetime,
            form_version: str) -> Decision:
    """Using the link: the address is confirmed (the nonce is dropped, so the link is single-use), a new revision,
    and CandidateConfirmed. The outcome is CONFIRMED or the link's problem."""
    if (problem := link_problem(doc, nonce)) is not None or doc is None:
        return Decision(outcome=problem or "invalid")
    consent = {k: v for k, v in doc["consent"].items() if k != "nonce_hash"}
    consent["confirmed_at"] = now
    new = {**doc, "consent": consent, "revision": doc["revision"] + 1, "updated_at": now}
    new.pop("unconfirmed_since", None)
    event = Event("CandidateConfirmed", {
        "candidate_id": candidate_id, "revision": new["revision"],
        "confirmed_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "form_version": str(consent.get("form_version") or form_version),
    }, candidate_id, PRODUCER)
    return Decision((Write(CANDIDATE, candidate_id, "set", new),), (event,), CONFIRMED)


def request_confirmation(doc: Mapping[str, Any] | None, candidate_id: str, nonce: str, token: str, *, from_page: bool,
                         limits: Limits, now: datetime, url: str, link: Callable[[], str]) -> Decision:
    """A new confirmation email: a new nonce (earlier links stop working) and feed token, a new revision, the
    address's last email time, and CandidateUpdated carrying `link()` (only signed when one is sent). From the
    feed page the resend limits apply. The outcome is None when sent, else why not: "confirmed", "missing"
    (erased or being erased), "wait" or "exhausted"."""
    if doc is None or doc.get("erasing"):
        return Decision(outcome="missing")
    consent = dict(doc.get("consent") or {})
    if consent.get("confirmed_at") is not None or not consent:
        return Decision(outcome=CONFIRMED)
    if from_page:
        if int(consent.get("resends", 0)) >= limits.max_resends:
            return Decision(outcome="exhausted")
        sent_at = consent.get("confirmation_sent_at")
        if sent_at and now < sent_at + limits.resend_gap:
            return Decision(outcome="wait")
        consent["resends"] = int(consent.get("resends", 0)) + 1
    consent.update(nonce_hash=hash_token(nonce), confirmation_sent_at=now)
    new = {**doc, "consent": consent, "revision": doc["revision"] + 1, "updated_at": now,
           "token_hash": hash_token(token)}
    event = updated_event(new, url, "confirmation_requested", link())
    return Decision((Write(CANDIDATE, candidate_id, "set", new),
                     Write(EMAIL, email_key(new["email"]), "merge", {"emailed_at": now})), (event,))


def claim_duplicate_email(index: Mapping[str, Any] | None, key: str, now: datetime, limits: Limits) -> Decision:
    """A repeated registration of an address emails its candidate at most once per duplicate_gap, whatever is
    posted: the outcome is the candidate to email, or None."""
    if index is None:
        return NOTHING
    last = index.get("emailed_at")
    if last is not None and now < last + limits.duplicate_gap:
        return NOTHING
    return Decision((Write(EMAIL, key, "update", {"emailed_at": now}),), outcome=str(index["candidate_id"]))


def sweep_cutoff(now: datetime, older_than: timedelta) -> datetime:
    return now - older_than


def mark_erasing(doc: Mapping[str, Any] | None, candidate_id: str, cutoff: datetime) -> Decision:
    """The sweep erases a registration only if it is still unconfirmed since before the cutoff when marked (a
    confirmation racing the sweep wins or loses as a whole); outcome True to erase. Marking twice is harmless."""
    since = (doc or {}).get("unconfirmed_since")
    if doc is None or since is None or since > cutoff:
        return Decision(outcome=False)
    writes = () if doc.get("erasing") else (Write(CANDIDATE, candidate_id, "update", {"erasing": True}),)
    return Decision(writes, outcome=True)
