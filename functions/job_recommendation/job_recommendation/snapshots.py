"""Snapshots of the match index in Cloud Storage: a cold instance loads the newest instead of reading every job
and profile from Firestore, then catches up from Firestore with only what changed since (store.IndexCache).

A snapshot is the index itself, pickled (its NumPy columns and postings are arrays, its documents small frozen
records) and zlib-compressed, with the watermarks it is current to. Only Recommendation writes and reads the
private bucket. FORMAT changes whenever the index's layout does and names the objects, so an instance never
loads another layout's snapshot: with none of its own it starts from Firestore as before.
"""

from __future__ import annotations

import gc
import logging
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.cloud import storage

from jobfeed.logs import log

from .index import MatchIndex

FORMAT = 1  # bump when MatchIndex (or a table, or a doc record) changes what it holds
PREFIX = f"recommendation/index-v{FORMAT}-"
logger = logging.getLogger(__name__)


@dataclass
class Snapshots:
    bucket: storage.Bucket

    def write(self, index: MatchIndex, watermarks: dict[str, datetime], keep_last: int) -> str:
        """Store one snapshot (the caller holds the index lock while this serialises); keep the newest few."""
        data = dump(index, watermarks)
        name = f"{PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.pkl.z"
        self.bucket.blob(name).upload_from_string(data, content_type="application/octet-stream")
        for old in self._names()[:-keep_last]:
            self.bucket.blob(old).delete()
        log(logger, logging.INFO, "index snapshot written", snapshot=name, bytes=len(data))
        return name

    def load_newest(self, index: MatchIndex) -> dict[str, datetime] | None:
        """Fill index from the newest snapshot; its watermarks, or None when there is none to load."""
        names = self._names()
        if not names:
            return None
        loaded, watermarks = load(self.bucket.blob(names[-1]).download_as_bytes())
        index.adopt(loaded)
        log(logger, logging.INFO, "index loaded from snapshot", snapshot=names[-1])
        return watermarks

    def _names(self) -> list[str]:
        return sorted(blob.name for blob in self.bucket.list_blobs(prefix=PREFIX))


def dump(index: MatchIndex, watermarks: dict[str, datetime]) -> bytes:
    state: dict[str, Any] = {"format": FORMAT, "watermarks": dict(watermarks), "index": index}
    with _no_gc():
        return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), 1)


def load(data: bytes) -> tuple[MatchIndex, dict[str, datetime]]:
    # Our own bytes from a private bucket only Recommendation's service account can write (terraform/iam.tf).
    with _no_gc():
        state = pickle.loads(zlib.decompress(data))  # noqa: S301
    if state.get("format") != FORMAT:
        raise ValueError(f"snapshot format {state.get('format')}, this code reads {FORMAT}")
    return state["index"], state["watermarks"]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Hundreds of thousands of small records: the cyclic collector would rescan them all as they are made
    (measured at 100k x 100k: unpickling 7.7 s with it, 3.1 s without). Nothing here makes cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
