"""The Portal's entry point for `ops rebuild-feed`: read a candidate's live feed, and write a repair to it.

The candidates and their feeds are the Portal's own data; ops reaches them only through these functions (the
one import-linter exception for it in pyproject.toml), so their layout stays the Portal's to change. What
the feed should be is decided elsewhere (ops folds the event log with feed_rules); here is only the I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from google.cloud import firestore

from . import feed_rules
from .collections import CANDIDATES, FEED

BATCH_LIMIT = 500  # Firestore takes at most 500 writes per batch
STATE_FIELDS = tuple(feed_rules.INITIAL)  # the candidate fields the feed rules decide (status...)


@dataclass(frozen=True)
class LiveFeed:
    state: dict[str, Any]  # the STATE_FIELDS of the candidate document
    entries: dict[str, dict[str, Any]]  # job id -> feed entry


def candidate_ids(db: firestore.Client) -> Iterator[str]:
    """Every candidate the Portal holds (document ids only: nothing is read)."""
    for ref in db.collection(CANDIDATES).list_documents():
        yield ref.id


def live_feed(db: firestore.Client, candidate_id: str) -> LiveFeed | None:
    """The candidate's decided fields and feed entries; None when the Portal has no such candidate."""
    ref = db.collection(CANDIDATES).document(candidate_id)
    snapshot = ref.get()
    if not snapshot.exists:
        return None
    doc = snapshot.to_dict() or {}
    entries = {snap.id: snap.to_dict() or {} for snap in ref.collection(FEED).stream()}
    return LiveFeed({name: doc.get(name) for name in STATE_FIELDS}, entries)


def write_repair(db: firestore.Client, candidate_id: str, writes: Mapping[str, dict[str, Any]],
                 deletes: Iterable[str], state: Mapping[str, Any]) -> None:
    """Set the given feed entries, delete the others named, and update the decided fields. Only an existing
    candidate is repaired: a repair creates or erases no one (an erasure goes through its own events).

    Best run while the pipeline is quiet: a consumer writing the same candidate meanwhile could be
    overwritten (a second rebuild-feed then shows it)."""
    unknown = set(state) - set(STATE_FIELDS)
    if unknown:
        raise ValueError(f"not a field the feed rules decide: {', '.join(sorted(unknown))}")
    ref = db.collection(CANDIDATES).document(candidate_id)
    if not ref.get().exists:
        raise LookupError(f"no candidate {candidate_id}: a repair creates no one")
    job_ids = [*writes, *deletes]
    for start in range(0, len(job_ids), BATCH_LIMIT):
        batch = db.batch()
        for job_id in job_ids[start:start + BATCH_LIMIT]:
            doc = ref.collection(FEED).document(job_id)
            if job_id in writes:
                batch.set(doc, dict(writes[job_id]))
            else:
                batch.delete(doc)
        batch.commit()
    if state:
        ref.update(dict(state))
