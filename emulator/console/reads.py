"""What the console shows, read from the event log and the dead-letter subscriptions (no Flask here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

import ops  # noqa: F401  (puts the shared package on the path)
from jobfeed.topology import topology
from ops import deadletters
from ops.trace import ENTRIES, summarise


@dataclass(frozen=True)
class EventRow:
    published_at: str
    event_type: str
    producer: str
    correlation_id: str
    summary: str
    event_id: str


def _row(entry: dict[str, Any]) -> EventRow:
    try:
        summary = summarise(entry)
    except (KeyError, TypeError):  # an odd payload still gets listed, just without a summary
        summary = ""
    return EventRow(str(entry.get("published_at") or entry.get("occurred_at") or ""), str(entry["event_type"]),
                    str(entry.get("producer", "")), str(entry.get("correlation_id", "")), summary,
                    str(entry["event_id"]))


def recent_events(db: firestore.Client, limit: int) -> dict[str, list[EventRow]]:
    """The newest `limit` events of every topic, newest first (topics with none are left out)."""
    found = {}
    for topic in (str(t["name"]) for t in topology().topics):
        query = (db.collection(ENTRIES).where(filter=FieldFilter("topic", "==", topic))
                 .order_by("published_at", direction=firestore.Query.DESCENDING).limit(limit))
        rows = [_row(snap.to_dict() or {}) for snap in query.stream()]
        if rows:
            found[topic] = rows
    return found


def dead_letters_by_subscription() -> dict[str, list[deadletters.DeadLetter]]:
    """Every subscription that holds dead letters, with them (peeked and given back at once)."""
    found = {}
    for sub in deadletters.subscriptions():
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        if letters:
            found[sub.name] = letters
    return found


def take(subscription: str, message_id: str) -> deadletters.DeadLetter | None:
    """Lease one dead letter for a replay; the others are given back at once."""
    letters = list(deadletters.peek(deadletters.subscriptions(subscription)[0]))
    chosen = next((letter for letter in letters if letter.message_id == message_id), None)
    deadletters.release([letter for letter in letters if letter is not chosen])
    return chosen
