"""Publishes events to their topic: validated first, with attributes (and an ordering key where a subscription is
ordered), bounded in time."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import grpc
from google.api_core import exceptions as gexc
from google.api_core.retry import Retry, if_exception_type
from google.cloud import pubsub_v1

from . import tracing
from .events import Event, encode
from .logs import log
from .settings import settings
from .topology import topology

logger = logging.getLogger(__name__)

TRANSIENT = (gexc.ServiceUnavailable, gexc.DeadlineExceeded, gexc.InternalServerError, gexc.Aborted,
             gexc.TooManyRequests, gexc.Unknown)


class PublishFailed(RuntimeError):
    """The broker did not take the message in time; the outbox keeps it for the sweep."""


@dataclass(frozen=True)
class OutgoingMessage:
    """What goes on the wire: kept as-is in the outbox so a retry publishes the very same bytes."""

    topic: str
    data: bytes
    attributes: dict[str, str]
    ordering_key: str

    @classmethod
    def of(cls, event: Event) -> OutgoingMessage:
        topic = topology().topic_for_event(event.event_type)
        return cls(
            topic=topic,
            data=encode(event),
            attributes={
                "event_type": event.event_type,
                "event_id": event.event_id,
                "schema_version": str(event.schema_version),
                "correlation_id": event.correlation_id,
                "producer": event.producer,
            },
            # Only where a subscription delivers in order (topology): none does today. A message with a key goes
            # through the client's ordered sequencer, one batch in flight per key, sent by its commit timer's
            # thread rather than the publishing one: 0.2-0.5 ms more a publish on a quiet emulator.
            ordering_key=event.ordering_key if topology().ordered(topic) else "",
        )


class Publisher:
    def __init__(self, client: pubsub_v1.PublisherClient | None = None, timeout_s: float | None = None):
        self._client = client or pubsub_v1.PublisherClient(
            # One message per batch: the relay publishes right after commit and waits for the broker, so the
            # client's default batching window (10 ms) would only add its wait to every hop; messages with
            # different ordering keys never share a batch anyway (one sequencer per topic and key). The
            # latency bound matters as much: a batch with an ordering key is never sent when full (the ordered
            # sequencer builds it with commit_when_full=False), only when the commit timer fires after
            # max_latency, so with the default every ordered publish waited 10 ms (measured on the emulator:
            # 14 ms a publish with the default, 2.4-2.5 with 1 ms, 1.5-1.6 with none). With none the timer
            # thread still commits only after publish() has put the message in its batch (both hold the
            # client's batch lock), and messages published while a key's batch is in flight share the next one.
            batch_settings=pubsub_v1.types.BatchSettings(max_messages=1, max_latency=0),
            publisher_options=pubsub_v1.types.PublisherOptions(
                enable_message_ordering=True, enable_open_telemetry_tracing=tracing.enabled()),
        )
        self._timeout = timeout_s if timeout_s is not None else settings().publish_timeout_s

    def connect(self, timeout_s: float) -> None:
        """Opens the channel to Pub/Sub without a request (jobfeed.warmup), so the first publish need not."""
        grpc.channel_ready_future(self._client._transport.grpc_channel).result(timeout=timeout_s)

    def topic_path(self, topic: str) -> str:
        return self._client.topic_path(settings().project_id, topic)

    def publish_event(self, event: Event) -> str:
        return self.publish(OutgoingMessage.of(event))

    def publish(self, message: OutgoingMessage, extra_attributes: dict[str, str] | None = None) -> str:
        """Returns the message id; raises PublishFailed when the broker does not answer in time."""
        return self.wait(message, self.submit(message, extra_attributes))

    def submit(self, message: OutgoingMessage, extra_attributes: dict[str, str] | None = None) -> Future:
        """Start publishing without waiting, so many messages share the client's batching."""
        retry = Retry(predicate=if_exception_type(*TRANSIENT), initial=0.1, maximum=1.0, timeout=self._timeout)
        attributes: dict[str, Any] = {**message.attributes, **(extra_attributes or {})}
        return self._client.publish(
            self.topic_path(message.topic), message.data, ordering_key=message.ordering_key, retry=retry,
            timeout=self._timeout, **attributes,
        )

    def wait(self, message: OutgoingMessage, future: Future) -> str:
        path = self.topic_path(message.topic)
        try:
            message_id = str(future.result(timeout=self._timeout + 1))
        except Exception as error:
            if message.ordering_key:
                self._resume(path, message.ordering_key)
            log(logger, logging.WARNING, "publish failed", topic=message.topic, error=repr(error))
            raise PublishFailed(f"{message.topic}: {error!r}") from error
        return message_id

    def _resume(self, path: str, ordering_key: str) -> None:
        """A failed publish pauses its ordering key in the client until resumed; one we stopped waiting for may
        still be in flight (not paused), and the next publish on the key then fails fast and lands here again."""
        try:
            self._client.resume_publish(path, ordering_key)
        except RuntimeError:
            pass
