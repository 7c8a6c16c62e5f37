"""jobfeed.document_cache on the Firestore emulator: a copy of a document the instance wrote stands in for the
next transaction's read (no read, the commit checks the version), a stale copy costs a retry and never a wrong
outcome, and a copy is kept only for what it can be trusted with (a committed write, plain values, its TTL)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from google.api_core import exceptions
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed import lazy_transaction
from jobfeed.document_cache import DocumentCache
from jobfeed.lazy_transaction import LazyTransaction
from tests.support.firestore_calls import FirestoreCalls

COLLECTION = "document_cache_test"


@pytest.fixture
def db(stack: Stack) -> firestore.Client:
    return firestore.Client(project=stack.config.project)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def a_ref(db: firestore.Client) -> firestore.DocumentReference:
    return db.collection(COLLECTION).document(uuid.uuid4().hex)


def bump(cache: DocumentCache, ref: firestore.DocumentReference, decided_on: list[Any] | None = None) -> None:
    """A read-modify-write through the cache: the whole document written anew with n + 1."""
    def work(tx: LazyTransaction) -> None:
        stored = cache.read(tx, ref) or {"n": 0}
        if decided_on is not None:
            decided_on.append(stored["n"])
        record = {**stored, "n": stored["n"] + 1}
        tx.set(ref, record)
        cache.wrote(tx, ref, record)

    lazy_transaction.run(ref._client, work)


def test_the_next_transaction_takes_the_copy_of_the_last_write_without_a_read(db: firestore.Client) -> None:
    cache, ref = DocumentCache(), a_ref(db)
    bump(cache, ref)
    calls, decided_on = FirestoreCalls(db), []

    bump(cache, ref, decided_on)
    bump(cache, ref, decided_on)

    assert decided_on == [1, 2]
    assert calls.seen == Counter({"commit": 2}), "one commit each, no read"
    assert ref.get().get("n") == 3


def test_a_copy_is_what_a_read_gives_and_fresh_for_each_use(db: firestore.Client) -> None:
    cache, ref = DocumentCache(), a_ref(db)
    when = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    fields = {"at": when, "jobs": [{"job_id": "j1", "score": 0.5}], "none": None, "name": "Ann"}

    def write(tx: LazyTransaction) -> None:
        tx.set(ref, fields)
        cache.wrote(tx, ref, fields)

    lazy_transaction.run(db, write)
    fields["jobs"].append({"job_id": "changed after the write"})
    copies: list[dict[str, Any]] = []

    def take(tx: LazyTransaction) -> None:
        copy = cache.read(tx, ref)
        assert copy is not None
        copies.append(copy)
        tx.update(ref, {"name": "Ann"})
        cache.updated(tx, ref, copy, {"name": "Ann"})

    calls = FirestoreCalls(db)
    lazy_transaction.run(db, take)
    copies[0]["jobs"].append({"job_id": "changed by the work"})
    lazy_transaction.run(db, take)
    assert calls.seen == Counter({"commit": 2}), "both took the copy"
    read = ref.get().to_dict() or {}

    assert copies[1] == read
    assert type(copies[1]["at"]) is type(read["at"]) and copies[1]["at"] == when
    assert read["jobs"] == [{"job_id": "j1", "score": 0.5}]


@pytest.mark.parametrize("other_writer", ["update", "delete"])
def test_a_stale_copy_costs_a_read_never_a_wrong_outcome(db: firestore.Client, other_writer: str) -> None:
    """Another instance (or the erasure, or a digest) wrote the document after this instance's copy."""
    cache, ref = DocumentCache(), a_ref(db)
    bump(cache, ref)
    if other_writer == "update":
        ref.update({"n": 10})
    else:
        ref.delete()
    calls, decided_on = FirestoreCalls(db), []

    bump(cache, ref, decided_on)

    assert decided_on == [1, 10 if other_writer == "update" else 0], "the copy, refused by the commit, then a read"
    assert calls.seen == Counter({"commit": 2, "batch_get_documents": 1})
    assert ref.get().get("n") == (11 if other_writer == "update" else 1)
    calls.clear()
    bump(cache, ref)
    assert calls.seen == Counter({"commit": 1}), "the write the read led to is the next copy"


def test_an_update_keeps_the_document_as_it_leaves_it(db: firestore.Client) -> None:
    cache, ref = DocumentCache(), a_ref(db)
    bump(cache, ref)

    def update(tx: LazyTransaction) -> None:
        stored = cache.read(tx, ref) or {}
        tx.update(ref, {"name": "Bo"})
        cache.updated(tx, ref, stored, {"name": "Bo"})

    lazy_transaction.run(db, update)
    calls, copies = FirestoreCalls(db), []

    def take(tx: LazyTransaction) -> None:
        copies.append(cache.read(tx, ref))
        tx.update(ref, {"seen": True})

    lazy_transaction.run(db, take)
    assert calls.seen == Counter({"commit": 1})
    assert copies == [{"n": 1, "name": "Bo"}]


@pytest.mark.parametrize("write", ["nested field", "server timestamp", "failed commit", "forgotten",
                                   "plain transaction", "expired"])
def test_no_copy_is_kept_of_what_it_could_not_stand_for(db: firestore.Client, write: str) -> None:
    """A nested field path (not a plain merge), a sentinel (the server's value is unknown), a write that did not
    commit, an erasure's forget, a transaction that cannot check a copy, and an expired copy: the next
    transaction reads."""
    clock = Clock()
    cache, ref = DocumentCache(ttl_s=60, timer=clock), a_ref(db)
    bump(cache, ref)

    if write == "nested field":
        def nested(tx: LazyTransaction) -> None:
            stored = cache.read(tx, ref) or {}
            tx.update(ref, {"a.b": 1})
            cache.updated(tx, ref, stored, {"a.b": 1})
        lazy_transaction.run(db, nested)
    elif write == "server timestamp":
        def stamped(tx: LazyTransaction) -> None:
            record = {**(cache.read(tx, ref) or {}), "at": firestore.SERVER_TIMESTAMP}
            tx.set(ref, record)
            cache.wrote(tx, ref, record)
        lazy_transaction.run(db, stamped)
    elif write == "failed commit":
        ref.parent.document("taken").set({})
        def fails(tx: LazyTransaction) -> None:
            record = {**(cache.read(tx, ref) or {}), "n": 99}
            tx.set(ref, record)
            cache.wrote(tx, ref, record)
            tx.create(ref.parent.document("taken"), {})  # exists: the whole commit fails
        with pytest.raises(exceptions.AlreadyExists):
            lazy_transaction.run(db, fails)
    elif write == "forgotten":
        cache.forget(ref)
    elif write == "plain transaction":
        @firestore.transactional
        def plain(tx: firestore.Transaction) -> None:
            record = {**(cache.read(tx, ref) or {}), "n": 5}
            tx.set(ref, record)
            cache.wrote(tx, ref, record)
        plain(db.transaction())
    else:
        clock.now += 61

    calls, decided_on = FirestoreCalls(db), []
    bump(cache, ref, decided_on)
    if write == "failed commit":  # the copy of the last committed write stands, still true
        assert calls.seen == Counter({"commit": 1}) and decided_on == [1]
        return
    assert calls.seen == Counter({"batch_get_documents": 1, "commit": 1}), "read, not taken from a copy"
    assert decided_on == [ref.get().get("n") - 1]


def test_expired_copies_are_dropped_at_the_next_use_of_any_copy(db: firestore.Client) -> None:
    """A copy holds personal data (a recipient's address): once past its TTL it is gone at the instance's next
    use of its copies, whichever document that is for."""
    clock = Clock()
    cache = DocumentCache(ttl_s=60, timer=clock)
    for _ in range(3):
        bump(cache, a_ref(db))
    assert len(cache) == 3
    clock.now += 61

    lazy_transaction.run(db, lambda tx: cache.read(tx, a_ref(db)) and None)

    assert len(cache) == 0
