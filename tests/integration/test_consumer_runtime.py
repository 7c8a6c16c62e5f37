"""The consumer decorator through real push subscriptions: duplicates, retries and dead letters."""

from __future__ import annotations

import uuid

from google.cloud import firestore, pubsub_v1

from emulator.stack import Stack
from jobfeed.events import Event, encode
from tests.e2e.pipeline import log_entries
from tests.polling import wait_for
from tests.support.probe import Probe


def _publish(stack: Stack, topic: str, command: str, event: Event | None = None) -> Event:
    event = event or Event("DigestDue", {"cadence": "weekly", "period": command}, f"corr-{uuid.uuid4()}", "test")
    publisher = pubsub_v1.PublisherClient()
    publisher.publish(publisher.topic_path(stack.config.project, topic), encode(event),
                      event_type="DigestDue").result(timeout=10)
    return event


def _count(stack: Stack, collection: str, key: str) -> int:
    snapshot = firestore.Client(project=stack.config.project).collection(collection).document(key).get()
    return int(snapshot.get("count")) if snapshot.exists else 0


def _dead_letters(stack: Stack, subscription: str) -> list[pubsub_v1.types.ReceivedMessage]:
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(stack.config.project, subscription)
    received = list(subscriber.pull(request={"subscription": path, "max_messages": 50}, timeout=10).received_messages)
    if received:
        subscriber.acknowledge(request={"subscription": path, "ack_ids": [m.ack_id for m in received]})
    return received


def test_the_same_event_delivered_twice_has_one_effect(stack: Stack, probe: Probe) -> None:
    key = uuid.uuid4().hex
    event = _publish(stack, probe.topic, f"ok:{key}")
    _publish(stack, probe.topic, f"ok:{key}", event)  # same event id: a redelivery as far as consumers know
    wait_for(lambda: _count(stack, "probe_attempts", key) >= 2, what="both deliveries")
    wait_for(lambda: _count(stack, "probe_effects", key) == 1, what="the effect")
    assert _count(stack, "probe_effects", key) == 1


def test_a_transient_failure_is_retried_then_succeeds(stack: Stack, probe: Probe) -> None:
    key = uuid.uuid4().hex
    _publish(stack, probe.topic, f"transient:{key}:2")
    wait_for(lambda: _count(stack, "probe_effects", key) == 1, timeout=60, what="success after two failures")
    assert _count(stack, "probe_attempts", key) == 3


def test_a_permanent_failure_is_dead_lettered_at_once_with_its_reason(stack: Stack, probe: Probe) -> None:
    key = uuid.uuid4().hex
    event = _publish(stack, probe.topic, f"poison:{key}")
    found = wait_for(lambda: [m for m in _dead_letters(stack, probe.dead_letter_subscription)
                              if m.message.attributes.get("event_id", "") == event.event_id
                              or event.event_id.encode() in m.message.data], what="the dead letter")
    attributes = found[0].message.attributes
    assert "poison" in attributes["jobfeed_dead_letter_reason"]
    assert attributes["jobfeed_source_subscription"] == f"{probe.topic}.probe"
    assert _count(stack, "probe_attempts", key) == 1  # not retried
    assert _count(stack, "probe_effects", key) == 0


def test_a_failure_that_never_stops_is_dead_lettered_after_the_configured_attempts(stack: Stack, probe: Probe) -> None:
    key = uuid.uuid4().hex
    event = _publish(stack, probe.topic, f"always:{key}")
    found = wait_for(lambda: [m for m in _dead_letters(stack, probe.dead_letter_subscription)
                              if event.event_id.encode() in m.message.data], timeout=90, what="the dead letter")
    assert found[0].message.attributes["CloudPubSubDeadLetterSourceDeliveryCount"] == "5"
    assert _count(stack, "probe_attempts", key) == 5


def test_malformed_bytes_are_dead_lettered_by_the_decoder(stack: Stack, probe: Probe) -> None:
    # The topic's schema stops malformed JSON; a schema-valid record of the wrong type still reaches us.
    other = Event("DigestDue", {"cadence": "weekly", "period": "x"}, "c", "test")
    record = encode(other).replace(b'"DigestDue"', b'"ProfileCreated"')
    publisher = pubsub_v1.PublisherClient()
    publisher.publish(publisher.topic_path(stack.config.project, probe.topic), record).result(timeout=10)
    found = wait_for(lambda: [m for m in _dead_letters(stack, probe.dead_letter_subscription)
                              if other.event_id.encode() in m.message.data], what="the dead letter")
    assert "expected one DigestDue" in found[0].message.attributes["jobfeed_dead_letter_reason"]


def test_each_handled_event_logs_its_processing_time_and_marks_when_it_began(stack: Stack, probe: Probe) -> None:
    key = uuid.uuid4().hex
    event = _publish(stack, probe.topic, f"ok:{key}")
    wait_for(lambda: _count(stack, "probe_effects", key) == 1, what="the effect")

    [line] = wait_for(lambda: log_entries(stack, "probe", event_id=event.event_id, message="event processed"),
                      what="the processed line")
    marker = firestore.Client(project=stack.config.project).collection("probe_processed") \
        .document(f"probe:{event.event_id}").get().to_dict() or {}

    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["correlation_id"] == event.correlation_id
    assert marker["started_at"] <= marker["at"]  # began before it committed: what `ops trace` measures from
