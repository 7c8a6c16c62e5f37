"""fastavro's Avro JSON encoder and decoder, with each schema's grammar built once instead of on every call.

fastavro's JSON encoder and decoder build a grammar of the schema (fastavro.io.parser.Parser) each time one is
made, that is on every json_writer and json_reader call, and every hop pays it twice (the producer encodes, each
consumer decodes). Sampled with py-spy in Recommendation during registrations, it was about 3 ms an
OpenJobsFound, nearly all of its encoding (on a quiet machine, outside a function's process, 15-30% of an encode
or decode). The grammar's symbols are only read while a record is written or read (the parser pushes their
productions onto a stack of its own), so one grammar per event type serves every encoder and decoder, each with
a fresh stack. The bytes are fastavro's own: tests/unit/events/test_avro_json.py compares them with plain
json_writer's.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from fastavro.io.json_decoder import AvroJSONDecoder
from fastavro.io.json_encoder import AvroJSONEncoder
from fastavro.io.parser import Parser

Coder = TypeVar("Coder", AvroJSONEncoder, AvroJSONDecoder)


class _Grammar:
    """One schema's grammar, built by the first parser asked for; every parser after shares its symbols."""

    def __init__(self) -> None:
        self._built: Parser | None = None
        self._lock = threading.Lock()

    def parser(self, schema: Any, named_schemas: dict[str, Any], action: Callable[[Any], None]) -> Parser:
        with self._lock:
            if self._built is None:
                self._built = Parser(schema, named_schemas, action)
        built = self._built
        parser = copy.copy(built)
        parser.stack = list(built.stack)  # the only state a parser changes while it reads or writes
        parser.action_function = action
        return parser


def _sharing(base: type[Coder], grammar: _Grammar) -> type[Coder]:
    """base (fastavro's JSON encoder or decoder) with its parser made from grammar."""

    class Sharing(base):  # type: ignore[valid-type,misc]
        def configure(self, schema: Any, named_schemas: dict[str, Any]) -> None:
            self._parser = grammar.parser(schema, named_schemas, self.do_action)

    return Sharing


@cache
def encoder_for(event_type: str) -> type[AvroJSONEncoder]:
    """json_writer's `encoder` for one event type's schema (and only that schema)."""
    return _sharing(AvroJSONEncoder, _Grammar())


@cache
def decoder_for(event_type: str) -> type[AvroJSONDecoder]:
    """json_reader's `decoder` for one event type's schema (and only that schema, with no reader schema)."""
    return _sharing(AvroJSONDecoder, _Grammar())
