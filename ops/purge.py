"""What Firestore's TTL policies do in production (terraform/retention.tf), done by hand where there is no TTL:
the emulator. Deletes every document of the TTL collections whose `expire_at` has passed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from jobfeed.retention import EXPIRE_AT, ttl_collections
from jobfeed.topology import topology

BATCH = 400


def collections() -> list[str]:
    return sorted(ttl_collections(sorted({str(f["source"]) for f in topology().functions})))


def expired(db: firestore.Client, collection: str, now: datetime,
            limit: int = BATCH) -> list[firestore.DocumentSnapshot]:
    """A collection group, like a TTL policy: subcollections of that name anywhere count too."""
    query = db.collection_group(collection).where(filter=FieldFilter(EXPIRE_AT, "<=", now)).limit(limit)
    return list(query.stream())


def purge(db: firestore.Client, names: Iterable[str], now: datetime | None = None,
          dry_run: bool = False) -> dict[str, int]:
    """Documents deleted (or, with dry_run, due) per collection."""
    at, counts = now or datetime.now(UTC), {}
    for name in names:
        counts[name] = 0
        while docs := expired(db, name, at):
            counts[name] += len(docs)
            if dry_run:
                break  # counts the first batch only: enough to say "some are due"
            batch = db.batch()
            for doc in docs:
                batch.delete(doc.reference)
            batch.commit()
            if len(docs) < BATCH:
                break
    return counts
