"""Firestore side of `ops rebuild-feed`: read the event log and the live feed, compare, write a repair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .rebuild import PORTAL_EVENTS, STATE_FIELDS, Feed, Repair, compare, describe, fold, in_publish_order, repair

ENTRIES = "event_log_entries"
CANDIDATES = "job_portal_candidates"
BATCH_LIMIT = 500  # Firestore takes at most 500 writes per batch


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
    for ref in db.collection(CANDIDATES).list_documents():
        yield ref.id


def live_feed(db: firestore.Client, candidate_id: str) -> Feed | None:
    ref = db.collection(CANDIDATES).document(candidate_id)
    snapshot = ref.get()
    if not snapshot.exists:
        return None
    doc = snapshot.to_dict() or {}
    entries = {snap.id: snap.to_dict() or {} for snap in ref.collection("feed").stream()}
    return Feed({name: doc.get(name) for name in STATE_FIELDS}, entries)


def write_repair(db: firestore.Client, candidate_id: str, fix: Repair) -> None:
    """Replace what differs. Best run while the pipeline is quiet: a consumer writing the same candidate
    meanwhile could be overwritten (a second rebuild-feed then shows it)."""
    ref = db.collection(CANDIDATES).document(candidate_id)
    job_ids = [*fix.writes, *fix.deletes]
    for start in range(0, len(job_ids), BATCH_LIMIT):
        batch = db.batch()
        for job_id in job_ids[start:start + BATCH_LIMIT]:
            doc = ref.collection("feed").document(job_id)
            if job_id in fix.writes:
                batch.set(doc, fix.writes[job_id])
            else:
                batch.delete(doc)
        batch.commit()
    if fix.state:
        ref.update(fix.state)


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
    write_repair(db, candidate_id, fix)
    after = compare(live_feed(db, candidate_id), rebuilt)
    fields = "".join(f", {name} set" for name in fix.state)
    return (f"{line}; repaired ({len(fix.writes)} written, {len(fix.deletes)} deleted{fields}): "
            f"now {describe(after)}"), not after.matches
