"""A Firestore transaction that begins with its first read, one round trip less than the Python client's.

google-cloud-firestore (2.34) sends BeginTransaction before the work runs, then the reads, then Commit: three
round trips for a read-modify-write. Firestore's BatchGetDocuments can begin the transaction itself
(`new_transaction`, answering the id with the documents), as the Java and Node clients do; this does that for
the reads a consumer's apply makes through the transaction (`tx.get(ref)`, `tx.get_all(refs)`). On the local
stack it takes 2-3 ms off every event a consumer handles (docs/design-notes.md, "Pipeline latency").

- A read made another way (`ref.get(transaction=tx)`, `client.get_all(..., transaction=tx)`, a query) asks
  for the id (`_id`), which begins the transaction the usual way first: still correct, only not faster.
- A transaction that reads nothing commits its writes in one Commit without a transaction: atomic as a batch,
  with every write's precondition (a processed marker's create still finds a redelivery).
- `run` retries an aborted attempt the way `firestore.transactional` does (every next attempt begins with the
  first one's id, keeping its place in line) and rolls back on any other failure.
- A document the work expects to be missing (a new candidate's first copy) need not be read: `presume_missing`
  makes the work's write of it a create (precondition: it does not exist). If it does exist, the commit fails
  as a whole and `run` runs the work again, reading it this time (the presumption is refused). A transaction
  whose only read was such a document so commits in one round trip instead of two. Effects the work must not
  have before it knows (an in-memory index taking the copy) wait for the commit: `on_commit`.
- A document the caller keeps a copy of (document_cache.py) need not be read either: `presume_unchanged` makes
  the work's write of it commit only if it is still at the copy's version (its update time). If something else
  wrote it since, the commit fails as a whole and `run` runs the work again, reading it. After a commit,
  `written` holds the update time of each document it wrote, for the copy kept next.

It relies on the client's internals named here (`_firestore_api`, `_database_string`, `_rpc_metadata`,
`_options_protobuf`, `_reference_info`, `_parse_batch_get`), so the client is pinned and the behaviour is
tested on the emulator (tests/integration/test_lazy_transaction.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from google.api_core import exceptions
from google.cloud import firestore
from google.cloud.firestore_v1._helpers import ReadAfterWriteError
from google.cloud.firestore_v1.base_client import _parse_batch_get, _reference_info
from google.cloud.firestore_v1.types.common import TransactionOptions
from google.protobuf.timestamp_pb2 import Timestamp

logger = logging.getLogger(__name__)
T = TypeVar("T")
READ_WRITE = TransactionOptions(read_write=TransactionOptions.ReadWrite())  # what BeginTransaction assumes
MAX_ATTEMPTS = 5  # as firestore.transactional


class LazyTransaction(firestore.Transaction):
    def __init__(self, client: firestore.Client, retry_id: bytes | None = None, presume: bool = True) -> None:
        self._begun_id: bytes | None = None
        self._pending = False  # begun in name: the first read begins it on the server
        self._retry_id = retry_id
        self._may_presume = presume
        self.presumed: list[str] = []  # paths of documents taken to be missing without a read
        self.unchanged: dict[str, Timestamp] = {}  # paths of documents taken to be at a known version, unread
        self.committed: list[Callable[[], None]] = []
        self._committed_writes: list[Any] = []  # once committed: its writes, in the order of write_results
        super().__init__(client)

    def presume_missing(self, ref: firestore.DocumentReference) -> bool:
        """Whether the work may take `ref` to be missing without reading it: it must then write it, and the
        write becomes a create. False when this attempt follows one whose presumption failed: read it."""
        if not self._may_presume:
            return False
        self.presumed.append(ref._document_path)
        return True

    def presume_unchanged(self, ref: firestore.DocumentReference, update_time: datetime) -> bool:
        """Whether the work may take `ref` to be as it was at `update_time` (a copy the caller keeps) without
        reading it: it must then write it, and the write commits only if the document is still at that version.
        False when this attempt follows one whose presumption failed: read it."""
        if not self._may_presume:
            return False
        self.unchanged[ref._document_path] = _timestamp(update_time)
        return True

    @property
    def written(self) -> dict[str, datetime]:
        """After the commit: each written document's update time. Worked out only when asked (a copy kept next):
        a fan-out chunk commits hundreds of writes that nobody asks about."""
        results = getattr(self, "write_results", None) or []
        return {path: result.update_time for write, result in zip(self._committed_writes, results, strict=True)
                if (path := _path(write._pb))}

    def on_commit(self, effect: Callable[[], None]) -> None:
        """Run `effect` once this attempt has committed (run calls it; a failed attempt's are dropped)."""
        self.committed.append(effect)

    # The client reads `_id` to put the transaction in a request: one that is still pending begins now.
    @property
    def _id(self) -> bytes | None:  # type: ignore[override]
        if self._pending:
            self._pending = False
            super()._begin(retry_id=self._retry_id)  # sets _id through the setter below
        return self._begun_id

    @_id.setter
    def _id(self, value: bytes | None) -> None:
        self._begun_id, self._pending = value, False

    @property
    def in_progress(self) -> bool:
        return self._begun_id is not None or self._pending

    def _begin(self, retry_id: bytes | None = None) -> None:
        if self.in_progress:
            raise ValueError("the transaction has begun already")
        self._pending, self._retry_id = True, retry_id if retry_id is not None else self._retry_id

    def get(self, ref_or_query: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(ref_or_query, firestore.DocumentReference) and self._pending and not args and not kwargs:
            return iter(self._read_beginning([ref_or_query]))
        return super().get(ref_or_query, *args, **kwargs)

    def get_all(self, references: Iterable[Any], *args: Any, **kwargs: Any) -> Any:
        if self._pending and not args and not kwargs:
            return iter(self._read_beginning(list(references)))
        return super().get_all(references, *args, **kwargs)

    def _read_beginning(self, references: list[Any]) -> list[firestore.DocumentSnapshot]:
        """BatchGetDocuments with new_transaction: the documents and, in the answer's first message, the id."""
        if self._write_pbs:
            raise ReadAfterWriteError("a transaction reads before it writes")
        client = self._client
        paths, reference_map = _reference_info(references)
        answers = client._firestore_api.batch_get_documents(
            request={"database": client._database_string, "documents": paths,
                     "new_transaction": self._options_protobuf(self._retry_id) or READ_WRITE},
            metadata=client._rpc_metadata)
        snapshots = []
        for answer in answers:
            if answer.transaction:
                self._id = answer.transaction
            if answer._pb.WhichOneof("result") is not None:
                snapshots.append(_parse_batch_get(answer, reference_map, client))
        if self._begun_id is None:
            raise exceptions.InternalServerError("BatchGetDocuments began no transaction")
        return snapshots

    def _commit(self) -> list[Any]:
        self._preconditions()
        writes = self._write_pbs  # the commit's clean-up starts a new list
        if not self._pending:
            results = super()._commit()
        else:
            # Nothing was read: the writes commit as one atomic batch, each with its own precondition.
            client = self._client
            answer = client._firestore_api.commit(
                request={"database": client._database_string, "writes": self._write_pbs},
                metadata=client._rpc_metadata)
            self._clean_up()
            self.write_results = results = list(answer.write_results)
            self.commit_time = answer.commit_time
        self._committed_writes = writes
        return results

    def _preconditions(self) -> None:
        """Each presumed document's first write carries what was presumed of it: a create for a document presumed
        missing, the copy's update time for one presumed unchanged. The whole commit fails if it is not so."""
        for path in self.presumed:
            write = self._first_write(path)
            if write is None:
                raise ValueError(f"{path} was presumed missing but never written: nothing would check it")
            condition = _condition(write)
            if condition is not None and (condition != "exists" or write.current_document.exists):
                raise ValueError(f"{path} was presumed missing but written with another precondition (an update)")
            write.current_document.exists = False
        for path, update_time in self.unchanged.items():
            write = self._first_write(path)
            if write is None:
                raise Unverified(f"{path} was presumed unchanged but not written: nothing would check it")
            condition = _condition(write)
            if condition == "update_time" or (condition == "exists" and not write.current_document.exists):
                raise ValueError(f"{path} was presumed unchanged but written with another precondition")
            write.current_document.update_time.CopyFrom(update_time)  # implies that it exists

    def _first_write(self, path: str) -> Any:
        return next((w._pb for w in self._write_pbs if _path(w._pb) == path), None)

    def _rollback(self) -> None:
        if self._pending:  # never begun on the server: nothing to roll back
            self._clean_up()
            return
        super()._rollback()


class Unverified(Exception):
    """A document presumed unchanged that the work did not write: its commit could not check it. `run` runs the
    work again, reading it."""


def _path(write: Any) -> str:
    """The document a write (a set, update or create) writes; "" for a delete or a transform."""
    return write.update.name if write.WhichOneof("operation") == "update" else ""


def _condition(write: Any) -> str | None:
    return write.current_document.WhichOneof("condition_type") if write.HasField("current_document") else None


def _timestamp(when: datetime) -> Timestamp:
    """To the nanosecond, as Firestore compares versions (a snapshot's or write result's DatetimeWithNanoseconds)."""
    if hasattr(when, "timestamp_pb"):
        return when.timestamp_pb()
    stamp = Timestamp()
    stamp.FromDatetime(when)
    return stamp


def run(client: firestore.Client, work: Callable[[LazyTransaction], T], max_attempts: int = MAX_ATTEMPTS) -> T:
    """work(transaction), committed; retried while the commit is aborted (contention), as transactional does."""
    retry_id: bytes | None = None
    aborted: Exception | None = None
    presume = True
    for _ in range(max_attempts):
        transaction = LazyTransaction(client, retry_id, presume)
        transaction._begin()
        try:
            result = work(transaction)
            transaction._commit()
        except exceptions.Aborted as error:
            # As transactional: no rollback, and every next attempt begins with the first one's id.
            aborted, retry_id = error, retry_id or transaction._begun_id
            continue
        except exceptions.AlreadyExists:
            _roll_back(transaction)
            if not transaction.presumed:
                raise
            # A document presumed missing exists (or another create failed: the next attempt finds which, by
            # reading it). Nothing of this attempt was written.
            presume = False
            continue
        except (exceptions.FailedPrecondition, exceptions.NotFound, Unverified):
            _roll_back(transaction)
            if not transaction.unchanged:
                raise
            # A document presumed unchanged was written since (or is gone), or could not be checked: the next
            # attempt reads it. Nothing of this attempt was written.
            presume = False
            continue
        except BaseException:
            _roll_back(transaction)
            raise
        for effect in transaction.committed:
            try:
                effect()
            except Exception:  # the commit is in: its outcome stands (an effect is a cache's, never the truth)
                logger.exception("an effect after a transaction's commit failed")
        return result
    raise ValueError(f"the transaction was aborted {max_attempts} times") from aborted


def _roll_back(transaction: LazyTransaction) -> None:
    if transaction.in_progress:
        try:
            transaction._rollback()
        except exceptions.GoogleAPICallError:
            pass  # the server drops an unfinished transaction by itself; the original failure is what matters
