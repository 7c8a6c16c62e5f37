"""Snapshots of the match index in Cloud Storage: a cold instance loads the newest instead of reading every job
and profile from Firestore, then catches up from Firestore with only what changed since (store.IndexCache).

A snapshot is the index itself, pickled, with the watermarks it is current to, zstd-compressed. What it holds is
laid out to load fast: the index's columns and postings are NumPy arrays (one buffer each), and its documents
are packed marshal records that a match unpacks only when it scores one (packed_docs.py), so a cold instance
builds a few hundred thousand strings and byte strings, not millions of Python objects. The download is
decompressed as it streams in. Only Recommendation writes and reads the
private bucket. FORMAT changes whenever the index's layout does and names the objects, so an instance never
loads another layout's snapshot: with none of its own it starts from Firestore as before.
"""

from __future__ import annotations

import gc
import io
import logging
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import zstandard
from google.cloud import storage

from jobfeed.logs import log

from .index import MatchIndex

FORMAT = 2  # bump when MatchIndex (or a table, a doc record or packed_docs) changes what it holds
PREFIX = f"recommendation/index-v{FORMAT}-"
logger = logging.getLogger(__name__)


@dataclass
class Snapshots:
    bucket: storage.Bucket

    def write(self, pickled: bytes, keep_last: int) -> str:
        """Store one snapshot (serialise()'s bytes: only that needs the index lock, not the compression or the
        upload, so events go on meanwhile); keep the newest few."""
        data = _compress(pickled)
        name = f"{PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.pkl.zst"
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
        started = time.perf_counter()
        raw = io.BytesIO()
        with zstandard.ZstdDecompressor().stream_writer(raw, closefd=False) as sink:
            self.bucket.blob(names[-1]).download_to_file(sink)  # decompressed chunk by chunk as it arrives
        downloaded = time.perf_counter()
        loaded, watermarks = _unpickle(raw.getbuffer())
        index.adopt(loaded)
        log(logger, logging.INFO, "index loaded from snapshot", snapshot=names[-1],
            download_s=round(downloaded - started, 3), unpickle_s=round(time.perf_counter() - downloaded, 3))
        return watermarks

    def _names(self) -> list[str]:
        return sorted(blob.name for blob in self.bucket.list_blobs(prefix=PREFIX))


def serialise(index: MatchIndex, watermarks: dict[str, datetime]) -> bytes:
    """The index and its watermarks as bytes, uncompressed: what must happen under the index lock."""
    state: dict[str, Any] = {"format": FORMAT, "watermarks": dict(watermarks), "index": index}
    with _no_gc():
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def dump(index: MatchIndex, watermarks: dict[str, datetime]) -> bytes:
    return _compress(serialise(index, watermarks))


def _compress(pickled: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3).compress(pickled)


def load(data: bytes) -> tuple[MatchIndex, dict[str, datetime]]:
    return _unpickle(zstandard.ZstdDecompressor().decompress(data))


def _unpickle(raw: bytes | memoryview) -> tuple[MatchIndex, dict[str, datetime]]:
    # Our own bytes from a private bucket only Recommendation's service account can write (terraform/iam.tf).
    with _no_gc():
        state = pickle.loads(raw)  # noqa: S301
    if state.get("format") != FORMAT:
        raise ValueError(f"snapshot format {state.get('format')}, this code reads {FORMAT}")
    return state["index"], state["watermarks"]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Hundreds of thousands of small objects: the cyclic collector would rescan them all as they are made
    (measured at 100k x 100k with the documents as objects: unpickling 7.7 s with it, 3.1 s without). Nothing
    here makes cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
