"""Erasure from the ops side: request one, and see which services have confirmed theirs (from the event log)."""

from __future__ import annotations

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from event_log.collections import ENTRIES
from jobfeed.topology import topology


def expected_services() -> set[str]:
    """Every function that consumes the request, named by the service (source) it belongs to."""
    sources = {str(f["name"]): str(f["source"]) for f in topology().functions}
    topic = topology().topic_for_event("CandidateErasureRequested")
    return {sources[s.consumer] for s in topology().subscriptions() if s.topic == topic}


def confirmed_services(db: firestore.Client, candidate_id: str) -> set[str]:
    query = (db.collection(ENTRIES).where(filter=FieldFilter("candidate_id", "==", candidate_id))
             .where(filter=FieldFilter("event_type", "==", "CandidateErased")))
    return {str((snap.to_dict() or {})["producer"]) for snap in query.stream()}
