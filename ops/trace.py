"""A candidate's timeline across services, from the event log: each event, who produced it, who consumes it,
the time since the previous hop, plus any dead letters of the flow. Under each event, each consumer's share of
the hop: broker time (the event's publish -> the consumer began handling it, from the consumer's processed
marker) and processing time (began -> the broker accepted the event it caused, or its commit if it caused
none), so the gap between two events of the flow splits into the broker's part and the service's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from event_log.collections import ENTRIES
from jobfeed.collections import processed_collection
from jobfeed.topology import topology

from . import deadletters


@dataclass(frozen=True)
class Handling:
    """One consumer's share of a hop, in milliseconds; `until` says where processing was measured to."""

    consumer: str
    broker_ms: float
    processing_ms: float
    until: str


@dataclass(frozen=True)
class Hop:
    at: datetime
    event_type: str
    producer: str
    consumers: list[str]
    summary: str
    event_id: str
    handled: list[Handling] = field(default_factory=list)


def _when(entry: dict[str, Any]) -> datetime:
    stamp = entry.get("published_at") or entry["occurred_at"]
    return _instant(stamp)


def _instant(stamp: str | datetime) -> datetime:
    """Firestore gives datetimes; the event log keeps the broker's RFC 3339 strings."""
    return stamp if isinstance(stamp, datetime) else datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _ms(later: datetime, earlier: datetime) -> float:
    return round((later - earlier).total_seconds() * 1000, 1)


def handling(entry: dict[str, Any], markers: dict[str, dict[str, Any]], entries: list[dict[str, Any]],
             sources: dict[str, str]) -> list[Handling]:
    """Each consumer's broker and processing time for the logged event `entry`. markers: consumer -> its
    processed marker for the event (consumers without one, e.g. steps with no state change, are left out);
    entries: the flow's event log; sources: consumer -> the service that produces its events."""
    found = []
    for consumer, marker in markers.items():
        if "started_at" not in marker:
            continue  # written before markers carried it
        started = _instant(marker["started_at"])
        caused = sorted((e for e in entries if e.get("causation_id") == entry["event_id"]
                         and e["producer"] == sources.get(consumer)), key=_when)
        end, until = (_when(caused[0]), f"{caused[0]['event_type']} published") if caused \
            else (_instant(marker["at"]), "commit")
        found.append(Handling(consumer, _ms(started, _when(entry)), _ms(end, started), until))
    return found


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
    sources = {str(f["name"]): str(f["source"]) for f in topology().functions}
    markers = _markers(db, [(e["event_id"], c) for e in entries for c in consumers[e["topic"]]], sources)
    return [Hop(_when(e), e["event_type"], e["producer"], consumers[e["topic"]], summarise(e), e["event_id"],
                handling(e, {c: markers[(e["event_id"], c)] for c in consumers[e["topic"]]
                             if (e["event_id"], c) in markers}, entries, sources))
            for e in entries]


def _markers(db: firestore.Client, wanted: list[tuple[str, str]],
             sources: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The consumers' processed markers (jobfeed.service.Service.processed_ref), in one batched read."""
    refs = {db.collection(processed_collection(sources[consumer])).document(f"{consumer}:{event_id}").path:
            (event_id, consumer) for event_id, consumer in wanted}
    paths = [db.document(path) for path in refs]
    return {refs[snap.reference.path]: snap.to_dict() or {} for snap in db.get_all(paths) if snap.exists} \
        if paths else {}


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
        lines += [f"{'':33}{h.consumer}: broker {h.broker_ms:.0f} ms, processing {h.processing_ms:.0f} ms "
                  f"(to {h.until})" for h in hop.handled]
        previous = hop.at
    lines += [f"DEAD LETTER  {letter.subscription.name}: {letter.reason}" for letter in letters]
    emails = sum(1 for hop in hops if hop.event_type == "NotificationSent")
    lines.append(f"{len(hops)} events, {len(letters)} dead letters, {emails} emails sent")
    return lines
