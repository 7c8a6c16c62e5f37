"""What one event (or one digest/window tick) changes in Notification's documents, as plain data: the rule
modules return it without touching Firestore, and the handlers write it inside their transaction or batch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Fields = Mapping[str, Any]


@dataclass(frozen=True)
class Decision:
    record: dict[str, Any] | None = None  # the recipient document, written whole (set)
    update: dict[str, Any] | None = None  # or only these fields of the existing one (update)
    emails: dict[str, dict[str, Any]] = field(default_factory=dict)  # email documents to create, by id
    suppress: dict[str, dict[str, Any]] = field(default_factory=dict)  # suppression list entries, by hashed address
    lift_suppression: str | None = None  # hashed address a new registration takes off it


NOTHING = Decision()  # a stale, redelivered or refused event


def email_doc(candidate_id: str, kind: str, jobs: list[dict[str, Any]], period: str | None = None) -> dict[str, Any]:
    """A new email, before its `created_at` (a server timestamp, added by whoever writes it)."""
    return {"candidate_id": candidate_id, "kind": kind, "jobs": jobs, "period": period, "status": "pending"}
