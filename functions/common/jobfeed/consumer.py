"""The one way a function consumes a Pub/Sub push: decode, validate, skip duplicates, apply, classify failure.

Return to acknowledge; raise to have Pub/Sub retry with backoff (then dead-letter after the configured
attempts). A poison message is published to the subscription's dead-letter topic at once, then acknowledged.
Storage is reached only through the service's transactions port (jobfeed.transactions), so all of this is
unit-tested on an in-memory adapter (tests/unit/consume/).
"""

from __future__ import annotations

import base64
import logging
import threading
import time
import zlib
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from cloudevents.http import CloudEvent
from opentelemetry.trace import SpanKind

from . import opcount, tracing
from .events import Event, InvalidEvent, decode
from .logs import bound, log
from .publisher import OutgoingMessage
from .service import Applied, PermanentError, Service, Step
from .topology import topology
from .transactions import Marker

logger = logging.getLogger(__name__)


def consume(cloud_event: CloudEvent, service: Service, consumer: str) -> str:
    """Handle one pushed message; returns what happened (processed, duplicate, dead-lettered) for logs/tests.
    Its one log line carries duration_ms, the time this handler took (broker time is in `ops trace`). The work
    is one span continuing the publisher's trace (jobfeed.tracing), with a child span per step."""
    timer = Timer()
    opcount.count("pubsub_delivered")
    message = cloud_event.data["message"]
    attributes: dict[str, str] = dict(message.get("attributes") or {})
    topic = _topic_of(cloud_event, attributes)
    with tracing.span(f"{topic} process", tracing.delivered(attributes), SpanKind.CONSUMER,
                      **{"messaging.system": "gcp_pubsub", "messaging.operation": "process",
                         "messaging.destination.name": topic, "messaging.message.id": str(message.get("messageId")),
                         "jobfeed.consumer": consumer}):
        return _consume(service, consumer, topic, message, attributes, timer)


def _consume(service: Service, consumer: str, topic: str, message: dict[str, Any], attributes: dict[str, str],
             timer: Timer) -> str:
    raw = base64.b64decode(message.get("data", ""))
    try:
        with tracing.span("decode"):
            event = replace(_decode(raw, topic, attributes), published_at=message.get("publishTime"))
    except InvalidEvent as error:
        return _dead_letter(service, consumer, topic, raw, attributes, str(error), timer)
    with bound(correlation_id=event.correlation_id, event_id=event.event_id, event_type=event.event_type,
               consumer=consumer):
        try:
            if service.fault:
                service.fault("before the effect")
            outcome = _handle(service, consumer, event, timer.started_at)
            if service.fault:
                service.fault("after the effect")
        except PermanentError as error:
            return _dead_letter(service, consumer, topic, raw, attributes, str(error), timer)
        except Exception:
            logger.exception("transient failure; Pub/Sub will retry", extra={"fields": {"duration_ms": timer.ms()}})
            raise
        log(logger, logging.INFO, f"event {outcome}", duration_ms=timer.ms())
        return outcome


class Timer:
    """When handling began (wall clock, for the marker and `ops trace`) and how long it has taken (monotonic)."""

    def __init__(self) -> None:
        self.started_at = datetime.now(UTC)
        self._started = time.perf_counter()

    def ms(self) -> float:
        return round((time.perf_counter() - self._started) * 1000, 1)


def _topic_of(cloud_event: CloudEvent, attributes: dict[str, str]) -> str:
    source = str(cloud_event["source"] or "")
    if "/topics/" in source:
        return source.rsplit("/topics/", 1)[1]
    return topology().topic_for_event(attributes.get("event_type", ""))


def _decode(raw: bytes, topic: str, attributes: dict[str, str]) -> Event:
    try:
        event_type = topology().event_for_topic(topic)
    except KeyError as error:
        raise InvalidEvent(str(error)) from error
    if attributes.get("event_type", event_type) != event_type:
        raise InvalidEvent(f"attribute event_type {attributes['event_type']} on topic {topic}")
    return decode(raw, event_type)


def _handle(service: Service, consumer: str, event: Event, started_at: datetime) -> str:
    step = service.steps.get(event.event_type)
    if step is None:
        raise PermanentError(f"{consumer} has no handler for {event.event_type}")
    apply = step.apply
    if apply is None:
        if step.prepare:
            with tracing.span("prepare"):
                step.prepare(event)
        return "processed"
    if step.prepare:
        prepared, duplicate = _prepare(service, consumer, step, event)
        if duplicate:
            _after(step, event, None)
            return "duplicate"
    else:
        prepared = None  # no read outside the transaction: the one inside it decides, one round trip less
    handover: list[Any] = [None]  # of the transaction's last run: the one that committed, if any did

    def work(transaction: Any) -> Iterable[Event]:
        applied = apply(event, transaction, prepared)
        handover[0], events = (applied.handover, applied.events) if isinstance(applied, Applied) else (None, applied)
        return events

    with tracing.span("transaction"), _key_lock(event.ordering_key):
        staged = service.transactions.commit(Marker(consumer, event, started_at), work)
    if staged is None:
        _after(step, event, None)
        return "duplicate"
    with tracing.span("relay"):
        service.transactions.relay(staged)
    _after(step, event, handover[0])
    return "processed"


def _prepare(service: Service, consumer: str, step: Step, event: Event) -> tuple[Any, bool]:
    """(what step.prepare returned, whether the event was processed before)."""
    assert step.prepare is not None
    if not step.prepare_reads_only:
        with tracing.span("duplicate check"):  # a cheap early exit before prepare work that writes
            if service.transactions.processed(consumer, event.event_id):
                return None, True
        with tracing.span("prepare"):
            return step.prepare(event), False
    # A step whose prepare only reads (a resume's parse, a catch-up of the index) has no check of its own: the
    # commit's create() of the marker finds a redelivery (nothing of it is written) for no read on the normal
    # path, where the check was one more round trip per event (beside the prepare, but on the emulator that a
    # burst waits for). Redeliveries are rare; one now costs its prepare and a transaction that fails. Only a
    # prepare that fails looks at the marker: on a redelivery (its resume erased since, say) it is a duplicate,
    # not an error.
    try:
        with tracing.span("prepare"):
            return step.prepare(event), False
    except Exception:
        if service.transactions.processed(consumer, event.event_id):
            return None, True
        raise


# Two events about one candidate often arrive at once on different subscriptions (ProfileCreated and OpenJobsFound
# at the Portal), and both transactions write the candidate's document: overlapping, they wait on each other's
# locks until the Firestore emulator's lock timeout (about 2 s, the long tail of the pipeline bench), or one is
# aborted and retried in production. Within an instance they run one after the other instead: a lock per ordering
# key, striped over a fixed set so memory stays bounded (two keys sharing a stripe only wait, never deadlock).
_KEY_LOCKS = tuple(threading.Lock() for _ in range(64))


def _key_lock(key: str) -> AbstractContextManager[Any]:
    return _KEY_LOCKS[zlib.crc32(key.encode()) % len(_KEY_LOCKS)] if key else nullcontext()


def _after(step: Step, event: Event, handover: Any) -> None:
    if step.after:
        with tracing.span("after"):
            step.after(event, handover)


def _dead_letter(service: Service, consumer: str, topic: str, raw: bytes, attributes: dict[str, str],
                 reason: str, timer: Timer) -> str:
    subscription = topology().subscription(topic, consumer)
    extra = {"jobfeed_dead_letter_reason": reason[:1000], "jobfeed_source_subscription": subscription.name,
             "jobfeed_consumer": consumer, "jobfeed_dead_lettered_at": datetime.now(UTC).isoformat()}
    message = OutgoingMessage(topic=subscription.dead_letter_topic, data=raw, attributes=attributes,
                              ordering_key="")
    service.dead_letters.publish(message, extra)  # if this fails we raise: Pub/Sub retries, then its policy applies
    log(logger, logging.ERROR, "poison message dead-lettered", reason=reason, subscription=subscription.name,
        correlation_id=attributes.get("correlation_id"), duration_ms=timer.ms())
    return "dead-lettered"
