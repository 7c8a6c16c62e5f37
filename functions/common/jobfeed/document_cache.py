"""An instance's copies of documents it wrote itself, each with the update time Firestore gave the write, so the
next transaction on the document may take it as it is instead of reading it: one round trip less.

A copy is never trusted on its own. `read` hands it to the work only as `LazyTransaction.presume_unchanged`:
the work's write of the document then commits only if the document is still at the copy's version, and if
another instance, the erasure or a digest wrote it since, the commit fails as a whole and the work runs again
with a read. So a stale copy costs a retry, never a wrong outcome. A work that ends up not writing the document
cannot be checked, and is run again with a read too (lazy_transaction.Unverified).

A copy helps only when the same instance handles the document's next event soon after its last one: used for
TTL_S at most, and at most MAX_ENTRIES of them. A copy holds personal data: the instance's next use of its copies
drops every expired one (an idle instance runs nothing until then, or is shut down), and the erasure forgets the
candidate's copy on the instance that erases. It is kept encoded as Firestore values and decoded for each
use, so the work gets what a read would have given it (the same types, fresh objects it may change).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cachetools import TTLCache
from google.cloud import firestore
from google.cloud.firestore_v1 import _helpers

from .lazy_transaction import LazyTransaction

TTL_S = 60.0
MAX_ENTRIES = 1000


def read_fields(tx: firestore.Transaction, ref: firestore.DocumentReference) -> dict[str, Any] | None:
    """What the transaction reads of the document (None: it does not exist)."""
    snapshot = next(tx.get(ref))
    return (snapshot.to_dict() or {}) if snapshot.exists else None


@dataclass(frozen=True)
class _Copy:
    fields: dict[str, Any]  # encoded: field name -> google.firestore.v1.Value
    update_time: datetime


class DocumentCache:
    def __init__(self, ttl_s: float = TTL_S, max_entries: int = MAX_ENTRIES,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self._copies: TTLCache[str, _Copy] = TTLCache(maxsize=max_entries, ttl=ttl_s, timer=timer)
        self._lock = threading.Lock()  # functions-framework serves requests on threads

    def read(self, tx: firestore.Transaction, ref: firestore.DocumentReference) -> dict[str, Any] | None:
        """The document's fields for the transaction's work (None: it does not exist): the copy, presumed
        unchanged, or what the transaction reads."""
        with self._lock:
            self._copies.expire()  # every copy past its TTL goes, not only this one: they hold personal data
            copy = self._copies.get(ref._document_path)
        if copy is not None and isinstance(tx, LazyTransaction) and tx.presume_unchanged(ref, copy.update_time):
            return _helpers.decode_dict(copy.fields, ref._client)
        return read_fields(tx, ref)

    def wrote(self, tx: firestore.Transaction, ref: firestore.DocumentReference, fields: Mapping[str, Any]) -> None:
        """The transaction writes `fields` as the whole document: once it commits, they are the copy."""
        try:
            encoded = _helpers.encode_dict(fields)  # now: the caller may change `fields` before the commit
        except (TypeError, ValueError):  # a sentinel (a server timestamp, say): the copy would not be the document
            encoded = None
        if encoded is None or not isinstance(tx, LazyTransaction):
            self.forget(ref)
            return
        path = ref._document_path
        tx.on_commit(lambda: self._keep(path, _Copy(encoded, tx.written[path])))

    def updated(self, tx: firestore.Transaction, ref: firestore.DocumentReference, before: Mapping[str, Any],
                changes: Mapping[str, Any]) -> None:
        """The transaction updates these top-level fields of the document it took as `before`."""
        if any("." in key or "`" in key for key in changes):  # a nested field path: not a plain merge
            self.forget(ref)
            return
        self.wrote(tx, ref, {**before, **changes})

    def __len__(self) -> int:
        """How many copies the instance holds, expired ones not yet dropped included."""
        with self._lock:
            return len(self._copies)

    def forget(self, ref: firestore.DocumentReference) -> None:
        with self._lock:
            self._copies.pop(ref._document_path, None)

    def _keep(self, path: str, copy: _Copy) -> None:
        with self._lock:
            self._copies[path] = copy
