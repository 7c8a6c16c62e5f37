"""OpenTelemetry tracing: one registration (one correlation id) is one trace across every service.

- Publish: the Pub/Sub client's own tracing (PublisherOptions(enable_open_telemetry_tracing=True), see
  jobfeed.publisher) opens a "<topic> create" span under the current span and writes its W3C context into the
  message attributes with the `googclient_` prefix (googclient_traceparent).
- Consume: jobfeed.consumer continues that context from the push delivery's attributes, with one span per
  step (decode, duplicate check, prepare, transaction, relay, after).
- A flow that starts without a span (a Portal request, the scheduled sweep republishing an old entry) is
  seeded from its correlation id, a uuid4 of 128 bits like a trace id: the trace id *is* the correlation id,
  so the logs' `logging.googleapis.com/trace` (jobfeed.logs), Cloud Trace and `ops trace` name one flow alike.
- Export (JOBFEED_TRACE_EXPORTER): `cloudtrace` in production (Terraform sets it; the exporter sends batches
  in the background), `log` locally (one JSON log line per finished span), `none` switches tracing off.
"""

from __future__ import annotations

import logging
import os
import random
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagators.textmap import Getter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from .settings import settings

ENV = "JOBFEED_TRACE_EXPORTER"
EXPORTERS = ("log", "cloudtrace", "none")
PREFIX = "googclient_"  # where the Pub/Sub client puts the context (its OpenTelemetryContextSetter)
TRACE_FIELD = "logging.googleapis.com/trace"
SPAN_FIELD = "logging.googleapis.com/spanId"

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_configured = False


def exporter() -> str:
    name = os.environ.get(ENV, "log").strip().lower() or "log"
    if name not in EXPORTERS:
        raise ValueError(f"{ENV}={name!r}: expected one of {', '.join(EXPORTERS)}")
    return name


def enabled() -> bool:
    return exporter() != "none"


def configure() -> None:
    """Installs this process's tracer provider once (idempotent); nothing when tracing is off."""
    global _configured
    with _lock:
        if _configured or not enabled():
            return
        _configured = True
        provider = TracerProvider(resource=Resource.create({"service.name": settings().function_name}))
        provider.add_span_processor(BatchSpanProcessor(_span_exporter(exporter())))
        trace.set_tracer_provider(provider)


def _span_exporter(name: str) -> SpanExporter:
    if name == "cloudtrace":
        from opentelemetry.exporter.cloud_trace import CloudTraceSpanExporter

        return CloudTraceSpanExporter(project_id=settings().project_id)
    return LogSpanExporter()


def tracer() -> trace.Tracer:
    return trace.get_tracer("jobfeed")


def trace_id_of(correlation_id: str | None) -> int | None:
    """The trace id a flow's correlation id stands for: a uuid4 (with or without dashes) is 128 bits."""
    digits = (correlation_id or "").replace("-", "")
    if len(digits) != 32:
        return None
    try:
        value = int(digits, 16)
    except ValueError:
        return None
    return value or None


def seeded(correlation_id: str | None) -> otel_context.Context | None:
    """A remote parent whose trace id is the correlation id (None when it cannot be one)."""
    trace_id = trace_id_of(correlation_id)
    if trace_id is None:
        return None
    parent = trace.SpanContext(trace_id=trace_id, span_id=random.getrandbits(64) or 1, is_remote=True,
                               trace_flags=trace.TraceFlags(trace.TraceFlags.SAMPLED))
    return trace.set_span_in_context(trace.NonRecordingSpan(parent))


class _AttributeGetter(Getter[Mapping[str, str]]):
    """Reads the context the Pub/Sub client wrote into the attributes of a pushed message."""

    def get(self, carrier: Mapping[str, str], key: str) -> list[str] | None:
        value = carrier.get(PREFIX + key)
        return None if value is None else [value]

    def keys(self, carrier: Mapping[str, str]) -> list[str]:
        return [key.removeprefix(PREFIX) for key in carrier if key.startswith(PREFIX)]


def delivered(attributes: Mapping[str, str]) -> otel_context.Context | None:
    """The publisher's context from a delivery's attributes; else the one seeded from its correlation id."""
    if f"{PREFIX}traceparent" in attributes:
        found = TraceContextTextMapPropagator().extract(carrier=attributes, getter=_AttributeGetter())
        if trace.get_current_span(found).get_span_context().is_valid:
            return found
    return seeded(attributes.get("correlation_id"))


@contextmanager
def span(name: str, parent: otel_context.Context | None = None, kind: trace.SpanKind = trace.SpanKind.INTERNAL,
         **attributes: str | int | float | bool) -> Iterator[trace.Span]:
    """A span (a no-op one when tracing is off) made current for the block; exceptions are recorded."""
    with tracer().start_as_current_span(name, context=parent, kind=kind, attributes=attributes) as current:
        yield current


@contextmanager
def flow(correlation_id: str | None) -> Iterator[None]:
    """Within an active span, nothing; else the block runs under the context seeded from the correlation id, so
    what it publishes joins that flow's trace (a Portal request, the sweep)."""
    context = None if current_trace_id() else seeded(correlation_id)
    if context is None:
        yield
        return
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None


def current_span_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.span_id, "016x") if context.is_valid and not context.is_remote else None


def log_trace(trace_id: str) -> str:
    """The trace field of a Cloud Logging entry, which links the line to its trace in Cloud Trace."""
    return f"projects/{settings().project_id}/traces/{trace_id}"


class LogSpanExporter(SpanExporter):
    """Locally, each finished span is one structured log line (grep a trace id across the functions' logs)."""

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        from .logs import log  # logs imports this module for the current trace id

        for finished in spans:
            context = finished.context
            if context is None:
                continue
            parent = finished.parent
            log(logger, logging.INFO, "span", span=finished.name,
                duration_ms=round(((finished.end_time or 0) - (finished.start_time or 0)) / 1e6, 2),
                parent_span_id=format(parent.span_id, "016x") if parent else None,
                **{TRACE_FIELD: log_trace(format(context.trace_id, "032x")),
                   SPAN_FIELD: format(context.span_id, "016x")})
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None
