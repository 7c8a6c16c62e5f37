"""jobfeed.tracing: the context the Pub/Sub client writes on publish is the one a consumer continues, a flow
without a span is seeded from its correlation id, and the logs name the current trace."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from google.cloud.pubsub_v1.open_telemetry.publish_message_wrapper import PublishMessageWrapper
from google.pubsub_v1 import types as gapic_types
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from jobfeed import tracing
from jobfeed.logs import CloudLoggingFormatter, bound


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """A recording provider for this test only (the global one can be set once per process)."""
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    monkeypatch.setattr(trace, "get_tracer", provider.get_tracer)  # what the Pub/Sub client and jobfeed call
    yield memory
    provider.shutdown()


def _published_attributes(topic: str = "projects/p/topics/candidate-registered") -> tuple[dict[str, str], trace.Span]:
    """What the Pub/Sub client's own tracing does to a message it publishes (PublisherClient.publish)."""
    message = gapic_types.PubsubMessage(data=b"{}", attributes={"correlation_id": "not-a-uuid"})
    wrapper = PublishMessageWrapper(message)
    wrapper.start_create_span(topic=topic, ordering_key="c1")
    wrapper.end_create_span()
    return dict(message.attributes), wrapper.create_span


def test_a_consumer_continues_the_trace_the_publisher_wrote_into_the_attributes(spans: InMemorySpanExporter) -> None:
    with tracing.span("portal request") as request:
        attributes, create = _published_attributes()
    assert "googclient_traceparent" in attributes

    with tracing.span("candidate-registered process", tracing.delivered(attributes)) as process:
        pass

    trace_id = request.get_span_context().trace_id
    assert create.get_span_context().trace_id == trace_id
    assert process.get_span_context().trace_id == trace_id
    finished = {s.name: s for s in spans.get_finished_spans()}
    assert finished["candidate-registered process"].parent.span_id == create.get_span_context().span_id


def test_a_flow_without_a_span_is_traced_under_its_correlation_id(spans: InMemorySpanExporter) -> None:
    correlation = str(uuid.uuid4())

    with tracing.flow(correlation):
        attributes, create = _published_attributes()
    with tracing.span("process", tracing.delivered({"correlation_id": correlation})) as unlinked:
        pass

    assert format(create.get_span_context().trace_id, "032x") == correlation.replace("-", "")
    assert format(unlinked.get_span_context().trace_id, "032x") == correlation.replace("-", "")
    assert tracing.current_trace_id() is None  # flow() restores the context it found


@pytest.mark.parametrize("correlation", ["job-42", "", None, "0" * 32, "z" * 32])
def test_a_correlation_id_that_is_no_128_bit_number_seeds_nothing(correlation: str | None) -> None:
    assert tracing.seeded(correlation) is None


def test_flow_keeps_the_current_span_when_there_is_one(spans: InMemorySpanExporter) -> None:
    with tracing.span("consumer") as current, tracing.flow(uuid.uuid4().hex):
        assert tracing.current_trace_id() == format(current.get_span_context().trace_id, "032x")


def _formatted(message: str) -> dict[str, object]:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, None, None)
    return json.loads(CloudLoggingFormatter().format(record))


def test_log_lines_name_the_current_span_and_its_trace(spans: InMemorySpanExporter) -> None:
    correlation = uuid.uuid4().hex
    with bound(correlation_id=correlation):
        outside = _formatted("no span")
        with tracing.span("work") as current:
            inside = _formatted("in a span")

    context = current.get_span_context()
    assert inside[tracing.TRACE_FIELD] == tracing.log_trace(format(context.trace_id, "032x"))
    assert inside[tracing.SPAN_FIELD] == format(context.span_id, "016x")
    assert outside[tracing.TRACE_FIELD] == tracing.log_trace(correlation)
    assert tracing.SPAN_FIELD not in outside


def test_the_log_exporter_writes_one_line_per_span_with_its_trace(spans: InMemorySpanExporter,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    with tracing.span("parent"), tracing.span("child"):
        pass
    finished = spans.get_finished_spans()

    with caplog.at_level(logging.INFO, logger="jobfeed.tracing"):
        tracing.LogSpanExporter().export(finished)

    lines = [vars(r)["fields"] for r in caplog.records if r.getMessage() == "span"]
    child, parent = finished
    assert [line["span"] for line in lines] == ["child", "parent"]
    assert lines[0]["parent_span_id"] == format(parent.context.span_id, "016x")
    assert lines[0][tracing.TRACE_FIELD] == tracing.log_trace(format(child.context.trace_id, "032x"))
    assert lines[1]["parent_span_id"] is None


def test_the_exporter_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(tracing.ENV, raising=False)
    assert tracing.exporter() == "log" and tracing.enabled()
    monkeypatch.setenv(tracing.ENV, "none")
    assert not tracing.enabled()
    monkeypatch.setenv(tracing.ENV, "zipkin")
    with pytest.raises(ValueError, match="JOBFEED_TRACE_EXPORTER"):
        tracing.exporter()
