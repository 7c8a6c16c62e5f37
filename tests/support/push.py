"""Delivering an event to a consuming Service in this process the way a push subscription does: the envelope
functions-framework turns into a CloudEvent, then jobfeed.consumer.consume (benches and the tests that run an
instance of a function in the test process, on the emulators)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from cloudevents.http import CloudEvent

from jobfeed.consumer import consume
from jobfeed.events import Event
from jobfeed.publisher import OutgoingMessage


def push(service: Any, consumer: str, project: str, event: Event, published: datetime | None = None) -> str:
    """What consume answered (processed, duplicate, dead-lettered); published: the publishTime (default: now)."""
    message = OutgoingMessage.of(event)
    data = {"message": {"data": base64.b64encode(message.data).decode(), "attributes": message.attributes,
                        "messageId": event.event_id, "publishTime": (published or datetime.now(UTC)).isoformat()}}
    attributes = {"type": "google.cloud.pubsub.topic.v1.messagePublished",
                  "source": f"//pubsub.googleapis.com/projects/{project}/topics/{message.topic}"}
    return consume(CloudEvent(attributes, data), service, consumer)
