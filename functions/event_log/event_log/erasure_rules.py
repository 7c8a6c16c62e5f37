"""The Event Log's erasure rules, as pure functions: how an entry of an erased candidate is redacted (the log
keeps that an event happened, its type, time and ids, but no personal data), and the progress of an erasure
(which services confirmed, whether it is still pending, which erasures are overdue and what they miss).
redaction.py, entries.py and erasures.py load, call these and store what they say."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

REDACTED = {"redacted": True}
ERASED_MARKER = {"erased": True}  # the document that makes later events about a candidate arrive redacted
OVERDUE_AFTER = timedelta(hours=24)


def candidate_of(payload: Mapping[str, Any], correlation_id: str) -> str:
    """Whom an event is about: the candidate its payload names, else its flow's correlation id (a candidate's
    flow carries the candidate's id as its correlation id; a job's flow, the job's, which is never erased)."""
    return str(payload.get("candidate_id") or correlation_id)


def may_be_erased(candidate_id: str | None) -> bool:
    """Only an event about a candidate can be; one about nobody (a job, a sweep tick) is not even looked up."""
    return bool(candidate_id)


def redact_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry written after the erasure: its payload keeps only the candidate id it carried (if any)."""
    keep = {"candidate_id": entry["payload"]["candidate_id"]} if "candidate_id" in entry["payload"] else {}
    return {**entry, "payload": {**REDACTED, **keep}}


def recorded(entry: Mapping[str, Any], erased: bool) -> dict[str, Any]:
    """What the log appends: the entry, redacted when its candidate is erased (a late or redelivered event and
    the other services' receipts alike)."""
    return redact_entry(entry) if erased else dict(entry)


def redacted_payload(candidate_id: str) -> dict[str, Any]:
    """The payload an existing entry of the candidate gets when the erasure request arrives: the candidate's id
    stays (found by candidate or correlation id, so also on entries whose payload did not carry it)."""
    return REDACTED | {"candidate_id": candidate_id}


@dataclass(frozen=True)
class Progress:
    fields: dict[str, Any]  # merged into the erasure's progress document
    cleared: tuple[str, ...] = ()  # fields removed from it


def progress(stored: Mapping[str, Any], candidate_id: str, expected: Collection[str],
             requested_at: datetime | None = None, service: str | None = None) -> Progress:
    """The request or one receipt folded into what is stored, in any order and any number of times. Receipts
    may arrive before the request itself: `pending_since` exists only while the request is known and some
    receipt is missing (a single-field range query then finds the overdue ones, no composite index)."""
    services = set(stored.get("confirmed", [])) | ({service} if service else set())
    since = stored.get("requested_at") or requested_at  # the first request's time stays
    fields = {"candidate_id": candidate_id, "confirmed": sorted(services), "requested_at": since}
    if since is not None and not set(expected) <= services:
        return Progress({**fields, "pending_since": since})
    return Progress(fields, ("pending_since",))


def overdue_cutoff(now: datetime) -> datetime:
    """An erasure pending since this moment or earlier is overdue."""
    return now - OVERDUE_AFTER


def missing(expected: Collection[str], erasure: Mapping[str, Any]) -> list[str]:
    """The services whose receipt an erasure still waits for."""
    return sorted(set(expected) - set(erasure.get("confirmed", [])))
