"""An in-memory adapter of jobfeed.transactions' port, for unit tests of consume (as cosmicpython's fake unit of
work): a commit's writes, marker and staged events land together, or not at all."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from cloudevents.http import CloudEvent

from jobfeed.events import Event
from jobfeed.publisher import OutgoingMessage
from jobfeed.transactions import Marker, Work


class MarkerExists(Exception):
    """What Firestore's create() of an existing marker fails with."""


class MemoryTransaction:
    """The handle a step's apply gets: reads see the committed documents and this commit's own writes."""

    def __init__(self, committed: dict[str, Any]) -> None:
        self._committed = committed
        self.writes: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.writes.get(key, self._committed.get(key))

    def set(self, key: str, value: Any) -> None:
        self.writes[key] = value


class InMemoryTransactions:
    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.markers: dict[str, dict[str, Any]] = {}
        self.outbox: list[OutgoingMessage] = []
        self.relayed: list[Event] = []
        self.commits = 0

    def processed(self, consumer: str, event_id: str) -> bool:
        return f"{consumer}:{event_id}" in self.markers

    def commit(self, marker: Marker, work: Work) -> list[Event] | None:
        transaction = MemoryTransaction(self.documents)
        try:
            outgoing = list(work(transaction))
            if marker.key in self.markers:
                raise MarkerExists(marker.key)
            staged = [(event, OutgoingMessage.of(event)) for event in outgoing]  # validates, as the outbox does
        except Exception:
            if marker.key in self.markers:
                return None
            raise
        self.documents.update(transaction.writes)
        self.markers[marker.key] = marker.fields()
        self.outbox.extend(message for _, message in staged)
        self.commits += 1
        return [event for event, _ in staged]

    def relay(self, events: list[Event]) -> None:
        self.relayed.extend(events)


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.published: list[tuple[OutgoingMessage, dict[str, str]]] = []

    def publish(self, message: OutgoingMessage, extra_attributes: dict[str, str] | None = None) -> str:
        self.published.append((message, dict(extra_attributes or {})))
        return str(len(self.published))


def pushed(event: Event, data: bytes | None = None, project: str = "unit") -> CloudEvent:
    """The CloudEvent functions-framework hands a function for a Pub/Sub push of this event."""
    message = OutgoingMessage.of(event)
    body = {"message": {"data": base64.b64encode(message.data if data is None else data).decode(),
                        "attributes": message.attributes, "messageId": event.event_id,
                        "publishTime": datetime.now(UTC).isoformat()}}
    return CloudEvent({"type": "google.cloud.pubsub.topic.v1.messagePublished",
                       "source": f"//pubsub.googleapis.com/projects/{project}/topics/{message.topic}"}, body)
