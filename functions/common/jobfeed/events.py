"""Typed events and their Avro JSON codec, validated against the same .avsc files Pub/Sub enforces."""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

import fastavro
from fastavro.validation import validate

from . import avro_json
from .topology import schemas_dir, topology

ENVELOPE_FIELDS = (
    "event_id", "event_type", "schema_version", "occurred_at", "correlation_id", "causation_id", "producer",
)


class InvalidEvent(ValueError):
    """The bytes or the record do not match the event's schema: never retried."""


@dataclass(frozen=True)
class Event:
    event_type: str
    payload: dict[str, Any]
    correlation_id: str
    producer: str
    causation_id: str | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=lambda: utc_now_iso())
    schema_version: int = 1
    # When the broker took the message (set by the consumer, not part of the record): a scheduler's static
    # message has a fixed occurred_at, so "when" must come from the broker.
    published_at: str | None = field(default=None, compare=False)
    # Its Avro JSON encoding, made once (encode): the outbox stages an event and the relay publishes it, both
    # from these bytes, and fastavro's JSON writer is pure Python (done twice, it was about a sixth of a
    # Recommendation event's CPU under a burst). Events are not changed after they are made.
    _encoded: list[bytes] = field(default_factory=list, init=False, compare=False, repr=False)

    @property
    def ordering_key(self) -> str:
        """One candidate's (or job's) events share a key, so ordered subscriptions keep them in order."""
        return str(self.payload.get("candidate_id") or self.payload.get("job_id") or "")

    def caused(self, event_type: str, payload: dict[str, Any], producer: str) -> Event:
        """A follow-up event in the same flow: same correlation id, this event as its cause."""
        return Event(event_type, payload, self.correlation_id, producer, causation_id=self.event_id)

    def record(self) -> dict[str, Any]:
        envelope = {name: getattr(self, name) for name in ENVELOPE_FIELDS}
        return {**envelope, **self.payload}


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@cache
def parsed_schema(event_type: str) -> Any:
    entry = next(t for t in topology().topics if t["event"] == event_type)
    with open(schemas_dir() / entry["schema"], encoding="utf-8") as handle:
        return fastavro.parse_schema(json.load(handle))


def known_event_types() -> list[str]:
    return [str(t["event"]) for t in topology().topics]


def encode(event: Event) -> bytes:
    """Avro JSON encoding (unions wrapped), the encoding the topics' schema settings require; validated and
    written on the first call, the same bytes after."""
    if event._encoded:
        return event._encoded[0]
    if event.event_type not in known_event_types():
        raise InvalidEvent(f"unknown event type {event.event_type}")
    schema = parsed_schema(event.event_type)
    record = event.record()
    try:
        validate(record, schema, raise_errors=True)
    except Exception as error:  # fastavro raises ValidationError or plain ValueError/TypeError
        raise InvalidEvent(f"{event.event_type} does not match its schema: {error}") from error
    out = io.StringIO()
    fastavro.json_writer(out, schema, [record], encoder=avro_json.encoder_for(event.event_type))
    data = out.getvalue().strip().encode("utf-8")
    event._encoded.append(data)
    return data


def decode(data: bytes, event_type: str) -> Event:
    """Parse and validate; raises InvalidEvent for anything that is not a valid record of event_type."""
    if event_type not in known_event_types():
        raise InvalidEvent(f"unknown event type {event_type!r}")
    try:
        text = data.decode("utf-8")
        records = list(fastavro.json_reader(io.StringIO(text), parsed_schema(event_type),
                                            decoder=avro_json.decoder_for(event_type)))
    except Exception as error:
        raise InvalidEvent(f"not a valid {event_type}: {error}") from error
    if len(records) != 1 or records[0].get("event_type") != event_type:
        raise InvalidEvent(f"expected one {event_type} record")
    return from_record(records[0])


def from_record(record: dict[str, Any]) -> Event:
    payload = {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS}
    return Event(
        event_type=record["event_type"], payload=payload, correlation_id=record["correlation_id"],
        producer=record["producer"], causation_id=record.get("causation_id"), event_id=record["event_id"],
        occurred_at=record["occurred_at"], schema_version=record["schema_version"],
    )
