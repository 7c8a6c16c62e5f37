"""jobfeed.lazy_transaction on the Firestore emulator: a transaction begun by its first read (no BeginTransaction
call), still isolated under contention, a write-only one committed as one atomic commit with its preconditions,
and a read made the client's usual way beginning the transaction the usual way first."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from typing import Any

import pytest
from google.api_core import exceptions
from google.cloud import firestore

from emulator.stack import Stack
from jobfeed import lazy_transaction
from jobfeed.lazy_transaction import LazyTransaction
from tests.support.firestore_calls import FirestoreCalls

COLLECTION = "lazy_transaction_test"


@pytest.fixture
def db(stack: Stack) -> firestore.Client:
    return firestore.Client(project=stack.config.project)


def a_doc(db: firestore.Client, **fields: Any) -> firestore.DocumentReference:
    ref = db.collection(COLLECTION).document(uuid.uuid4().hex)
    if fields:
        ref.set(fields)
    return ref


def test_a_read_modify_write_begins_with_its_read_in_two_round_trips(db: firestore.Client) -> None:
    ref, missing = a_doc(db, n=1), a_doc(db)
    calls = FirestoreCalls(db)

    def work(tx: LazyTransaction) -> list[bool]:
        snapshots = list(tx.get_all([ref, missing]))
        tx.update(ref, {"n": next(s for s in snapshots if s.reference.path == ref.path).get("n") + 1})
        return sorted(s.exists for s in snapshots)

    assert lazy_transaction.run(db, work) == [False, True]
    assert calls.seen == Counter({"batch_get_documents": 1, "commit": 1})
    assert ref.get().get("n") == 2


def test_concurrent_increments_are_isolated_and_none_is_lost(db: firestore.Client) -> None:
    """Under contention the emulator aborts some attempts (and a run gives up after five, as transactional does:
    the consumer then raises and Pub/Sub redelivers): the count is exactly the increments that committed."""
    ref = a_doc(db, n=0)
    committed: list[int] = []

    def increment(tx: LazyTransaction) -> None:
        tx.update(ref, {"n": next(tx.get(ref)).get("n") + 1})

    def worker() -> None:
        client = firestore.Client(project=db.project)
        for _ in range(4):
            try:
                lazy_transaction.run(client, increment)
                committed.append(1)
            except ValueError:
                pass  # aborted five times

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert committed and ref.get().get("n") == len(committed)


def test_a_write_only_transaction_is_one_atomic_commit_that_keeps_its_preconditions(db: firestore.Client) -> None:
    existing, fresh = a_doc(db, marker=True), a_doc(db)
    calls = FirestoreCalls(db)

    def writes(tx: LazyTransaction) -> None:
        tx.set(fresh, {"written": True})
        tx.create(existing, {"marker": "again"})  # a redelivery's processed marker

    with pytest.raises(exceptions.Conflict):
        lazy_transaction.run(db, writes)

    assert calls.seen == Counter({"commit": 1})
    assert not fresh.get().exists, "nothing of a commit whose precondition failed is written"
    assert existing.get().get("marker") is True


def test_a_read_made_the_usual_way_begins_the_transaction_first(db: firestore.Client) -> None:
    ref = a_doc(db, n=5)
    calls = FirestoreCalls(db)

    def work(tx: LazyTransaction) -> int:
        n = ref.get(transaction=tx).get("n")  # asks the transaction for its id: it begins now
        tx.update(ref, {"n": n * 2})
        return int(n)

    assert lazy_transaction.run(db, work) == 5
    assert calls.seen == Counter({"begin_transaction": 1, "batch_get_documents": 1, "commit": 1})
    assert ref.get().get("n") == 10


def test_a_failing_work_rolls_back_and_writes_nothing(db: firestore.Client) -> None:
    ref = a_doc(db, n=1)
    calls = FirestoreCalls(db)

    def fails(tx: LazyTransaction) -> None:
        next(tx.get(ref))
        tx.update(ref, {"n": 99})
        raise RuntimeError("the step failed")

    with pytest.raises(RuntimeError, match="the step failed"):
        lazy_transaction.run(db, fails)

    assert ref.get().get("n") == 1
    assert calls.seen["rollback"] == 1 and calls.seen["commit"] == 0
