"""jobfeed.lazy_transaction on the Firestore emulator: a transaction begun by its first read (no BeginTransaction
call), still isolated under contention, a write-only one committed as one atomic commit with its preconditions,
a read made the client's usual way beginning the transaction the usual way first, a document presumed missing
(checked by the commit, read by the next attempt when it exists), and one presumed unchanged since a known
version (checked by the commit, read by the next attempt when it changed)."""

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


def test_a_document_presumed_missing_is_created_in_one_commit_without_a_read(db: firestore.Client) -> None:
    new, other = a_doc(db), a_doc(db)
    calls, effects = FirestoreCalls(db), []

    def work(tx: LazyTransaction) -> bool:
        presumed = tx.presume_missing(new)
        tx.set(new, {"copy": 1})
        tx.set(other, {"beside": True})
        tx.on_commit(lambda: effects.append("indexed"))
        return presumed

    assert lazy_transaction.run(db, work) is True
    assert calls.seen == Counter({"commit": 1})
    assert new.get().get("copy") == 1 and other.get().get("beside") is True
    assert effects == ["indexed"]


def test_a_presumed_document_that_exists_is_read_by_the_next_attempt(db: firestore.Client) -> None:
    """The first attempt's commit fails as a whole (its other write is not made, its on_commit effect not run);
    the second is refused the presumption and reads the document."""
    stored, first_only = a_doc(db, version=3), a_doc(db)
    calls, effects, seen = FirestoreCalls(db), [], []

    def work(tx: LazyTransaction) -> None:
        if tx.presume_missing(stored):
            tx.set(first_only, {"written": True})
            tx.set(stored, {"version": 1})
            tx.on_commit(lambda: effects.append("first"))
            return
        version = next(tx.get(stored)).get("version")
        seen.append(version)
        tx.set(stored, {"version": max(version, 1)})
        tx.on_commit(lambda: effects.append("second"))

    lazy_transaction.run(db, work)

    assert seen == [3]
    assert calls.seen == Counter({"commit": 2, "batch_get_documents": 1})
    assert stored.get().get("version") == 3
    assert not first_only.get().exists, "nothing of the failed attempt is written"
    assert effects == ["second"]


def test_a_create_that_fails_without_a_presumption_raises_at_once(db: firestore.Client) -> None:
    """A redelivery's processed marker: with a presumption the work runs again (reading), fails again, raises."""
    existing, new = a_doc(db, marker=True), a_doc(db)
    calls = FirestoreCalls(db)

    def redelivered(tx: LazyTransaction) -> None:
        if tx.presume_missing(new):
            tx.set(new, {"copy": 1})
        else:
            next(tx.get(new))
            tx.set(new, {"copy": 1})
        tx.create(existing, {"marker": "again"})

    with pytest.raises(exceptions.AlreadyExists):
        lazy_transaction.run(db, redelivered)
    assert calls.seen == Counter({"commit": 2, "batch_get_documents": 1, "rollback": 1})
    assert not new.get().exists

    calls.clear()
    with pytest.raises(exceptions.AlreadyExists):
        lazy_transaction.run(db, lambda tx: tx.create(existing, {"marker": "again"}))
    assert calls.seen == Counter({"commit": 1})


@pytest.mark.parametrize("write", ["none", "update"])
def test_a_presumed_document_must_be_written_by_a_set_or_create(db: firestore.Client, write: str) -> None:
    """Else nothing would check the presumption (or the write contradicts it): a programming error, and nothing
    is committed."""
    ref, other = a_doc(db, n=1), a_doc(db)

    def work(tx: LazyTransaction) -> None:
        tx.presume_missing(ref)
        tx.set(other, {"x": 1})
        if write == "update":
            tx.update(ref, {"n": 2})

    with pytest.raises(ValueError, match="presumed missing"):
        lazy_transaction.run(db, work)
    assert not other.get().exists and ref.get().get("n") == 1


def test_an_effect_that_fails_after_the_commit_leaves_the_outcome_standing(
        db: firestore.Client, caplog: pytest.LogCaptureFixture) -> None:
    ref = a_doc(db)
    effects: list[str] = []

    def work(tx: LazyTransaction) -> str:
        tx.set(ref, {"copy": 1})
        tx.on_commit(lambda: effects.append("first"))
        tx.on_commit(lambda: 1 / 0)
        tx.on_commit(lambda: effects.append("third"))
        return "committed"

    assert lazy_transaction.run(db, work) == "committed"
    assert ref.get().get("copy") == 1 and effects == ["first", "third"]
    assert "an effect after a transaction's commit failed" in caplog.text


def test_a_document_presumed_unchanged_is_written_in_one_commit_without_a_read(db: firestore.Client) -> None:
    ref = a_doc(db, n=1)
    version = ref.get().update_time
    calls = FirestoreCalls(db)
    transactions: list[LazyTransaction] = []

    def work(tx: LazyTransaction) -> bool:
        transactions.append(tx)
        presumed = tx.presume_unchanged(ref, version)
        tx.update(ref, {"n": 2})
        return presumed

    assert lazy_transaction.run(db, work) is True
    assert calls.seen == Counter({"commit": 1})
    after = ref.get()
    assert after.get("n") == 2
    assert transactions[0].written == {ref._document_path: after.update_time}, "the version the next copy keeps"


@pytest.mark.parametrize("change", ["updated", "deleted"])
def test_a_presumed_document_that_changed_is_read_by_the_next_attempt(db: firestore.Client, change: str) -> None:
    """Another writer wrote it after the version presumed: the first commit fails as a whole (its other write not
    made, its effect not run), and the second attempt reads the document as it is."""
    ref, first_only = a_doc(db, n=1), a_doc(db)
    version = ref.get().update_time
    if change == "updated":
        ref.update({"n": 5})
    else:
        ref.delete()
    calls, effects, seen = FirestoreCalls(db), [], []

    def work(tx: LazyTransaction) -> None:
        if tx.presume_unchanged(ref, version):
            tx.set(first_only, {"written": True})
            tx.set(ref, {"n": 2})
            tx.on_commit(lambda: effects.append("first"))
            return
        snapshot = next(tx.get(ref))
        seen.append(snapshot.get("n") if snapshot.exists else None)
        tx.set(ref, {"n": (snapshot.get("n") if snapshot.exists else 0) + 1})
        tx.on_commit(lambda: effects.append("second"))

    lazy_transaction.run(db, work)

    assert seen == [5 if change == "updated" else None]
    assert calls.seen == Counter({"commit": 2, "batch_get_documents": 1})
    assert ref.get().get("n") == (6 if change == "updated" else 1)
    assert not first_only.get().exists, "nothing of the failed attempt is written"
    assert effects == ["second"]


def test_a_presumed_unchanged_document_the_work_does_not_write_is_read_by_the_next_attempt(
        db: firestore.Client) -> None:
    """Its commit could not check it (a rule that decided nothing on the copy, say): the work runs again on what
    a read gives, and the first attempt sends nothing at all."""
    ref, other = a_doc(db, n=1), a_doc(db)
    version = ref.get().update_time
    ref.update({"n": 7})  # so that the copy's "nothing to do" would have been wrong
    calls, seen = FirestoreCalls(db), []

    def work(tx: LazyTransaction) -> None:
        if tx.presume_unchanged(ref, version):
            tx.set(other, {"decided_on": "copy"})
            return
        seen.append(next(tx.get(ref)).get("n"))
        tx.set(other, {"decided_on": "read"})

    lazy_transaction.run(db, work)

    assert seen == [7]
    assert calls.seen == Counter({"batch_get_documents": 1, "commit": 1})
    assert other.get().get("decided_on") == "read"


def test_a_document_presumed_unchanged_must_not_be_created(db: firestore.Client) -> None:
    ref, other = a_doc(db, n=1), a_doc(db)
    version = ref.get().update_time

    def work(tx: LazyTransaction) -> None:
        tx.presume_unchanged(ref, version)
        tx.set(other, {"x": 1})
        tx.create(ref, {"n": 2})

    with pytest.raises(ValueError, match="presumed unchanged"):
        lazy_transaction.run(db, work)
    assert not other.get().exists and ref.get().get("n") == 1
