"""Firestore side of `ops rebuild-feed`: read the event log and the live feed, compare, write a repair.

The live feed is the Portal's: it is read and repaired through job_portal.feed_repair, the entry point the
Portal owns for this (ops never names the Portal's collections)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from event_log.collections import ENTRIES
from job_portal import feed_repair

from .rebuild import PORTAL_EVENTS, Feed, compare, describe, fold, in_publish_order, repair


def log_of(db: firestore.Client, candidate_id: str) -> list[dict[str, Any]]:
    """The candidate's Portal-relevant log entries, in publish order."""
    query = db.collection(ENTRIES).where(filter=FieldFilter("candidate_id", "==", candidate_id))
    found = (snap.to_dict() or {} for snap in query.stream())
    return list(in_publish_order(e for e in found if e.get("event_type") in PORTAL_EVENTS))  # type: ignore[arg-type]


def logs_by_candidate(db: firestore.Client) -> dict[str, list[dict[str, Any]]]:
    """One pass over the log for --all (not one query per candidate), grouped and in publish order."""
    query = db.collection(ENTRIES).where(filter=FieldFilter("event_type", "in", list(PORTAL_EVENTS)))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for snap in query.stream():
        entry = snap.to_dict() or {}
        if entry.get("candidate_id"):
            grouped[str(entry["candidate_id"])].append(entry)
    return {cid: list(in_publish_order(entries)) for cid, entries in grouped.items()}  # type: ignore[misc]


def live_candidates(db: firestore.Client) -> Iterator[str]:
    return feed_repair.candidate_ids(db)


def live_feed(db: firestore.Client, candidate_id: str) -> Feed | None:
    live = feed_repair.live_feed(db, candidate_id)
    return Feed(live.state, live.entries) if live is not None else None


def rebuild_one(db: firestore.Client, candidate_id: str, log: list[dict[str, Any]], write: bool) -> tuple[str, bool]:
    """Compare (and with write, repair) one candidate's feed; returns the report line and whether it differs."""
    live, rebuilt = live_feed(db, candidate_id), fold(log)
    difference = compare(live, rebuilt)
    line = f"{candidate_id} {describe(difference)}"
    if difference.matches or not write:
        return line, not difference.matches
    if live is None or rebuilt is None:
        return f"{line}; not repaired (a rebuild creates or erases no candidate)", True
    fix = repair(live, rebuilt)
    try:
        feed_repair.write_repair(db, candidate_id, fix.writes, fix.deletes, fix.state)
    except LookupError as gone:  # erased since it was read: the Portal creates no one back
        return f"{line}; not repaired ({gone})", True
    after = compare(live_feed(db, candidate_id), rebuilt)
    fields = "".join(f", {name} set" for name in fix.state)
    return (f"{line}; repaired ({len(fix.writes)} written, {len(fix.deletes)} deleted{fields}): "
            f"now {describe(after)}"), not after.matches
