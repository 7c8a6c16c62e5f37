"""The outbox keeps events through a broker outage: the Pub/Sub emulator is paused with SIGSTOP (it keeps
its in-memory state) while a state change commits, and resumed with SIGCONT before the sweep."""

from __future__ import annotations

import signal
import uuid
from datetime import timedelta

from google.cloud import firestore, pubsub_v1

from emulator.stack import Stack
from jobfeed.events import Event, decode
from jobfeed.outbox import Outbox
from jobfeed.publisher import Publisher


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
