"""The outbox keeps events through a broker outage: the Pub/Sub emulator is paused with SIGSTOP (it keeps
its in-memory state) while a state change commits, and resumed with SIGCONT before the sweep. Events published
beside their commit (commit_and_relay) keep the same promise."""

from __future__ import annotations

import logging
import signal
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from google.api_core import exceptions
from google.cloud import firestore, pubsub_v1

from emulator.stack import Stack
from jobfeed.events import Event, decode
from jobfeed.outbox import OVERDUE_AFTER, OVERDUE_MESSAGE, Outbox
from jobfeed.publisher import Publisher
from tests.polling import wait_for


def _tap(stack: Stack, topic: str) -> str:
    """A pull subscription of the test's own on the topic, to see what reaches the broker."""
    subscriber = pubsub_v1.SubscriberClient()
    name = subscriber.subscription_path(stack.config.project, f"tap-{uuid.uuid4().hex[:12]}")
    subscriber.create_subscription(request={"name": name, "topic": f"projects/{stack.config.project}/topics/{topic}"})
    return name


def _pulled_event_ids(subscription: str) -> set[str]:
    subscriber = pubsub_v1.SubscriberClient()
    response = subscriber.pull(request={"subscription": subscription, "max_messages": 100}, timeout=10)
    return {decode(m.message.data, "DigestDue").event_id for m in response.received_messages}


def _change_state_and_stage(db: firestore.Client, outbox: Outbox, key: str, event: Event) -> list[Event]:
    @firestore.transactional
    def run(tx: firestore.Transaction) -> list[Event]:
        tx.set(db.collection("outbox_test_state").document(key), {"changed": True})
        return outbox.stage(tx, [event])

    return run(db.transaction())


def test_events_survive_a_broker_outage_and_are_published_after_it(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    outbox = Outbox(db, f"outbox_test_{uuid.uuid4().hex[:8]}", Publisher(timeout_s=1.5))
    tap = _tap(stack, "digest-due")
    event = Event("DigestDue", {"cadence": "monthly", "period": f"test-{uuid.uuid4().hex}"}, "corr", "test")
    broker = stack.group.processes["pubsub"]
    broker.signal(signal.SIGSTOP)
    try:
        staged = _change_state_and_stage(db, outbox, event.event_id, event)
        assert outbox.relay(staged) == 0  # the broker did not answer: nothing is marked sent
    finally:
        broker.signal(signal.SIGCONT)
    assert db.collection("outbox_test_state").document(event.event_id).get().get("changed") is True
    assert [doc.id for doc in outbox.pending()] == [event.event_id]
    assert outbox.sweep(older_than=timedelta(0)) == 1
    assert outbox.pending() == []
    assert event.event_id in _pulled_event_ids(tap)


def test_the_sweep_reports_entries_unsent_past_its_interval(stack: Stack, caplog: pytest.LogCaptureFixture) -> None:
    db = firestore.Client(project=stack.config.project)
    outbox = Outbox(db, f"outbox_test_{uuid.uuid4().hex[:8]}", Publisher(timeout_s=5))
    fresh, stale = (Event("DigestDue", {"cadence": "monthly", "period": f"test-{uuid.uuid4().hex}"}, "corr", "test")
                    for _ in range(2))
    _change_state_and_stage(db, outbox, fresh.event_id, fresh)
    _change_state_and_stage(db, outbox, stale.event_id, stale)
    # As if neither the relay nor the last sweep had published it (the broker was down then).
    db.collection(outbox._collection.id).document(stale.event_id).update(
        {"created_at": datetime.now(UTC) - OVERDUE_AFTER - timedelta(minutes=1)})

    assert [doc.id for doc in outbox.overdue()] == [stale.event_id]
    with caplog.at_level(logging.INFO, logger="jobfeed.outbox"):
        assert outbox.sweep(older_than=timedelta(0)) == 2
    reports = [r for r in caplog.records if r.getMessage() == OVERDUE_MESSAGE]
    fields = [vars(r)["fields"] for r in reports]  # jobfeed.logs.log passes them as `extra`
    assert [(f["outbox"], f["count"]) for f in fields] == [(outbox._collection.id, 1)]
    assert fields[0]["oldest_age_s"] >= (OVERDUE_AFTER + timedelta(minutes=1)).total_seconds()
    assert outbox.overdue() == []


def _digest_due() -> Event:
    return Event("DigestDue", {"cadence": "monthly", "period": f"test-{uuid.uuid4().hex}"}, "corr", "test")


def _sent_flag(db: firestore.Client, outbox: Outbox, event: Event) -> bool:
    return bool(db.collection(outbox._collection.id).document(event.event_id).get().get("sent"))


def test_an_event_published_beside_its_commit_reaches_the_broker_and_is_marked_sent(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    outbox = Outbox(db, f"outbox_test_{uuid.uuid4().hex[:8]}", Publisher(timeout_s=5))
    tap, event = _tap(stack, "digest-due"), _digest_due()
    writes = db.batch()
    writes.set(db.collection("outbox_test_state").document(event.event_id), {"changed": True})
    outbox.commit_and_relay(writes, outbox.stage(writes, [event]))

    assert db.collection("outbox_test_state").document(event.event_id).get().get("changed") is True
    assert event.event_id in _pulled_event_ids(tap)
    wait_for(lambda: _sent_flag(db, outbox, event), timeout=10, what="the entry marked sent")
    assert outbox.pending() == []


def test_a_commit_that_fails_beside_its_publish_raises_and_writes_nothing(stack: Stack) -> None:
    """What was published stays published (it reported a fact true before the commit); no entry is left."""
    db = firestore.Client(project=stack.config.project)
    outbox = Outbox(db, f"outbox_test_{uuid.uuid4().hex[:8]}", Publisher(timeout_s=5))
    tap, event = _tap(stack, "digest-due"), _digest_due()
    writes = db.batch()
    writes.update(db.collection("outbox_test_state").document(f"missing-{event.event_id}"), {"changed": True})
    staged = outbox.stage(writes, [event])

    with pytest.raises(exceptions.NotFound):
        outbox.commit_and_relay(writes, staged)
    assert event.event_id in _pulled_event_ids(tap)
    assert not db.collection(outbox._collection.id).document(event.event_id).get().exists


def test_an_event_the_broker_does_not_take_beside_its_commit_is_left_to_the_sweep(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    outbox = Outbox(db, f"outbox_test_{uuid.uuid4().hex[:8]}", Publisher(timeout_s=1.5))
    tap, event = _tap(stack, "digest-due"), _digest_due()
    writes = db.batch()
    staged = outbox.stage(writes, [event])
    broker = stack.group.processes["pubsub"]
    broker.signal(signal.SIGSTOP)
    try:
        outbox.commit_and_relay(writes, staged)
    finally:
        broker.signal(signal.SIGCONT)
    assert [doc.id for doc in outbox.pending()] == [event.event_id]
    assert outbox.sweep(older_than=timedelta(0)) == 1
    assert event.event_id in _pulled_event_ids(tap)
