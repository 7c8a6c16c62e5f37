"""A candidate's timeline across services, from the event log: each event, who produced it, who consumes it,
the time since the previous hop, plus any dead letters of the flow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.topology import topology

from . import deadletters

ENTRIES = "event_log_entries"


@dataclass(frozen=True)
class Hop:
    at: datetime
    event_type: str
    producer: str
    consumers: list[str]
    summary: str
    event_id: str


def _when(entry: dict[str, Any]) -> datetime:
    stamp = entry.get("published_at") or entry["occurred_at"]
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def summarise(entry: dict[str, Any]) -> str:
    payload = entry["payload"]
    if entry["event_type"] == "OpenJobsFound":
        return f"{len(payload['jobs'])} jobs for profile v{payload['profile_version']}"
    if entry["event_type"] == "ProfileCreated":
        return f"v{payload['profile_version']}, {len(payload['skills'])} skills, {payload['seniority']}"
    if entry["event_type"] == "ProfileCreationFailed":
        return f"{payload['reason_code']}: {payload['reason']}"
    if entry["event_type"] == "NotificationSent":
        return f"{payload['kind']} email, {len(payload['job_ids'])} jobs"
    if entry["event_type"] == "CandidateUpdated":
        return f"revision {payload['revision']}: {payload['change']}"
    return ""


def timeline(db: firestore.Client, correlation_id: str) -> list[Hop]:
    query = db.collection(ENTRIES).where(filter=FieldFilter("correlation_id", "==", correlation_id))
    entries = sorted((snap.to_dict() or {} for snap in query.stream()), key=_when)
    consumers = {t["name"]: [s.consumer for s in topology().subscriptions() if s.topic == t["name"]
                             and s.consumer != "event_log"] for t in topology().topics}
    return [Hop(_when(e), e["event_type"], e["producer"], consumers[e["topic"]], summarise(e), e["event_id"])
            for e in entries]


def dead_letters(correlation_id: str) -> list[deadletters.DeadLetter]:
    found = []
    for sub in deadletters.subscriptions():
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        found += [letter for letter in letters if letter.attributes.get("correlation_id") == correlation_id]
    return found


def render(hops: list[Hop], letters: list[deadletters.DeadLetter]) -> list[str]:
    lines, previous = [], None
    for hop in hops:
        gap = f"+{(hop.at - previous).total_seconds():7.3f}s" if previous else " " * 9
        lines.append(f"{hop.at.isoformat(timespec='milliseconds')} {gap}  {hop.event_type:<22} "
                     f"{hop.producer} -> {', '.join(hop.consumers) or '-'}  {hop.summary}")
        previous = hop.at
    lines += [f"DEAD LETTER  {letter.subscription.name}: {letter.reason}" for letter in letters]
    emails = sum(1 for hop in hops if hop.event_type == "NotificationSent")
    lines.append(f"{len(hops)} events, {len(letters)} dead letters, {emails} emails sent")
    return lines
