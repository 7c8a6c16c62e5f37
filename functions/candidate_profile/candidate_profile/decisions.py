"""Candidate Profile's transaction decisions as pure functions of the stored profile and one event: which
document to write and which events to emit. No I/O: the handlers load the stored profile inside the transaction,
call these and store what they return, so the rules (an older revision never wins, a redelivery changes nothing,
an erasure tombstone outranks every late event) are tested without an emulator (tests/unit/profile)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobfeed.erasure import TOMBSTONE_VERSION

from . import overrides
from .collections import PROFILES
from .errors import ResumeRejected
from .parsing import ParsedResume
from .profile import build_profile

PRODUCER = "candidate_profile"
# The CandidateUpdated changes that alter what a profile is built from; contact details, the subscription and
# links do not, so those events are acknowledged without downloading the resume again.
REBUILDING_CHANGES = frozenset({"resume", "preferences", "profile_corrected"})

Doc = Mapping[str, Any]


@dataclass(frozen=True)
class Write:
    """Replace one document (tx.set) by `data`."""

    collection: str
    doc_id: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Outgoing:
    """An event caused by the incoming one: its type and payload (the handler adds the envelope)."""

    event_type: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Decision:
    writes: tuple[Write, ...] = ()
    events: tuple[Outgoing, ...] = ()


NOTHING = Decision()


def rebuilds(event_type: str, payload: Doc) -> bool:
    """Whether the event asks for a new profile (and so for the resume to be downloaded and parsed)."""
    return event_type != "CandidateUpdated" or payload["change"] in REBUILDING_CHANGES


def is_stale(stored: Doc | None, revision: int) -> bool:
    """Built already from this or a newer revision of the candidate, or erased. A tombstone's revision is above
    every real one; the flag is checked as well so the tombstone wins without relying on that number alone."""
    stored = stored or {}
    return bool(stored.get("erased")) or stored.get("candidate_revision", 0) >= revision


def after_resume(stored: Doc | None, payload: Doc, result: ParsedResume | ResumeRejected, now: datetime) -> Decision:
    """A CandidateRegistered/CandidateUpdated whose resume was parsed (or rejected) outside the transaction."""
    if is_stale(stored, payload["revision"]):
        return NOTHING
    fixes = overrides.current((stored or {}).get("overrides"), payload.get("overrides"))
    if isinstance(result, ResumeRejected):
        return _creation_failed(stored or {}, payload, result, fixes, now)
    return _created(stored or {}, payload, result, fixes, now)


def _creation_failed(stored: Doc, payload: Doc, rejected: ResumeRejected, fixes: dict[str, Any],
                     now: datetime) -> Decision:
    """The last good profile stays (the Portal asks for a new resume); the revision is recorded so an older
    event cannot build over this answer."""
    candidate_id, revision = payload["candidate_id"], payload["revision"]
    doc = {**stored, "candidate_revision": revision, "failure": rejected.reason_code, "overrides": fixes,
           "updated_at": now}
    failed = {"candidate_id": candidate_id, "candidate_revision": revision, "reason_code": rejected.reason_code,
              "reason": rejected.message}
    return Decision((Write(PROFILES, candidate_id, doc),), (Outgoing("ProfileCreationFailed", failed),))


def _created(stored: Doc, payload: Doc, parsed: ParsedResume, fixes: dict[str, Any], now: datetime) -> Decision:
    candidate_id, revision = payload["candidate_id"], payload["revision"]
    version = stored.get("profile_version", 0) + 1
    profile = build_profile(parsed, payload["preferences"], candidate_id, version, revision, fixes)
    doc = {**profile, "resume": parsed.to_record(), "overrides": fixes, "failure": None, "updated_at": now}
    return Decision((Write(PROFILES, candidate_id, doc),), (Outgoing("ProfileCreated", profile),))


def erasure(candidate_id: str, now: datetime) -> Decision:
    """The profile (skills, titles, the parsed resume with contact details) becomes a tombstone, and the receipt
    jobfeed.erasure.erased_receipt builds is emitted. Unconditional, so a redelivery writes the same again."""
    tombstone = {"erased": True, "candidate_revision": TOMBSTONE_VERSION, "updated_at": now}
    receipt = {"candidate_id": candidate_id, "service": PRODUCER}
    return Decision((Write(PROFILES, candidate_id, tombstone),), (Outgoing("CandidateErased", receipt),))
