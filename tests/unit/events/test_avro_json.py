"""fastavro's JSON encoder and decoder with each event type's grammar built once (jobfeed.avro_json): the same
bytes and records as plain fastavro, for every event type, from many threads at once."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import fastavro
import pytest
from fastavro.utils import generate_many

from jobfeed import avro_json
from jobfeed.events import parsed_schema
from jobfeed.topology import topology

EVENT_TYPES = [t["event"] for t in topology().topics]


def plain_write(event_type: str, record: dict[str, Any]) -> str:
    out = io.StringIO()
    fastavro.json_writer(out, parsed_schema(event_type), [record])
    return out.getvalue()


def cached_write(event_type: str, record: dict[str, Any]) -> str:
    out = io.StringIO()
    fastavro.json_writer(out, parsed_schema(event_type), [record], encoder=avro_json.encoder_for(event_type))
    return out.getvalue()


def cached_read(event_type: str, text: str) -> list[dict[str, Any]]:
    return list(fastavro.json_reader(io.StringIO(text), parsed_schema(event_type),
                                     decoder=avro_json.decoder_for(event_type)))


def records(event_type: str, count: int) -> list[dict[str, Any]]:
    return [{**record, "event_type": event_type} for record in generate_many(parsed_schema(event_type), count)]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_the_bytes_and_the_records_read_back_are_plain_fastavros(event_type: str) -> None:
    for record in records(event_type, 20):  # one grammar, used again and again
        text = cached_write(event_type, record)
        assert text == plain_write(event_type, record)
        assert cached_read(event_type, text) == list(fastavro.json_reader(io.StringIO(text),
                                                                          parsed_schema(event_type)))


def test_each_event_type_builds_its_grammar_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    parser = avro_json.Parser

    def counting(*args: Any) -> Any:
        built.append(args[0])
        return parser(*args)

    monkeypatch.setattr(avro_json, "Parser", counting)
    avro_json.encoder_for.cache_clear()
    avro_json.decoder_for.cache_clear()
    try:
        for record in records("OpenJobsFound", 5):
            cached_read("OpenJobsFound", cached_write("OpenJobsFound", record))
        for record in records("DigestDue", 5):
            cached_write("DigestDue", record)
    finally:
        avro_json.encoder_for.cache_clear()  # later tests get classes built on the real Parser
        avro_json.decoder_for.cache_clear()

    assert len(built) == 3  # OpenJobsFound's encoder and decoder, DigestDue's encoder


def test_threads_sharing_a_grammar_write_what_each_would_alone() -> None:
    wanted = {i: (record, plain_write("OpenJobsFound", record))
              for i, record in enumerate(records("OpenJobsFound", 200))}

    def write(i: int) -> tuple[str, list[dict[str, Any]]]:
        text = cached_write("OpenJobsFound", wanted[i][0])
        return text, cached_read("OpenJobsFound", text)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(write, wanted))

    assert [text for text, _ in results] == [text for _, text in wanted.values()]
    assert [read[0]["event_id"] for _, read in results] == [record["event_id"] for record, _ in wanted.values()]
