"""Every event schema round-trips through the codec, and the decoder rejects what does not fit."""

from __future__ import annotations

import json

import pytest
from fastavro.utils import generate_one

from jobfeed.events import ENVELOPE_FIELDS, InvalidEvent, decode, encode, from_record, parsed_schema
from jobfeed.topology import schemas_dir, topology

EVENT_TYPES = [t["event"] for t in topology().topics]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_schema_round_trips(event_type: str) -> None:
    record = {**generate_one(parsed_schema(event_type)), "event_type": event_type}
    event = from_record(record)
    assert decode(encode(event), event_type) == event


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_schema_carries_the_envelope_and_documents_each_field(event_type: str) -> None:
    entry = next(t for t in topology().topics if t["event"] == event_type)
    schema = json.loads((schemas_dir() / entry["schema"]).read_text())
    names = [field["name"] for field in schema["fields"]]
    assert names[: len(ENVELOPE_FIELDS)] == list(ENVELOPE_FIELDS)
    assert schema["name"] == event_type and schema.get("doc")
    assert all(field.get("doc") for field in schema["fields"])


def test_the_event_topic_and_schema_file_share_one_name() -> None:
    for entry in topology().topics:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in entry["event"]).lstrip("_")
        assert entry["schema"] == f"{snake}.avsc"
        assert entry["name"] == snake.replace("_", "-")


@pytest.mark.parametrize("data", [b"", b"not json", b'{"event_id": "x"}', b"[]", b"\xff\xfe"])
def test_the_decoder_rejects_what_is_not_a_valid_record(data: bytes) -> None:
    with pytest.raises(InvalidEvent):
        decode(data, "DigestDue")


def test_the_decoder_rejects_a_record_of_another_type() -> None:
    record = {**generate_one(parsed_schema("DigestDue")), "event_type": "DigestDue"}
    encoded = encode(from_record(record)).replace(b'"DigestDue"', b'"OpenJobsFound"')
    with pytest.raises(InvalidEvent):
        decode(encoded, "DigestDue")


def test_encode_refuses_an_event_that_breaks_its_schema() -> None:
    record = {**generate_one(parsed_schema("DigestDue")), "event_type": "DigestDue", "cadence": "yearly"}
    with pytest.raises(InvalidEvent):
        encode(from_record(record))


def test_an_event_is_written_once_and_staged_and_relayed_from_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import fastavro

    from jobfeed.publisher import OutgoingMessage

    written: list[object] = []
    writer = fastavro.json_writer
    monkeypatch.setattr(fastavro, "json_writer", lambda *args, **kw: written.append(args) or writer(*args, **kw))
    event = from_record({**generate_one(parsed_schema("DigestDue")), "event_type": "DigestDue"})

    staged, relayed = OutgoingMessage.of(event), OutgoingMessage.of(event)  # what the outbox and the relay do

    assert staged.data == relayed.data == encode(event)
    assert len(written) == 1
    assert decode(staged.data, "DigestDue") == event  # equality ignores the kept bytes
