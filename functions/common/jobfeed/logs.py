"""Structured JSON logs on stdout, in the shape Cloud Logging parses (severity, message, trace, labels).

The correlation id of the flow being handled is bound in a context variable, so every line written while
handling one event carries it without threading it through every call.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from . import tracing

_context: ContextVar[dict[str, str] | None] = ContextVar("jobfeed_log_context", default=None)


@contextmanager
def bound(**fields: str | None) -> Iterator[None]:
    """Bind fields (correlation_id, event_id, ...) to every log line written inside the block."""
    token = _context.set({**(_context.get() or {}), **{k: v for k, v in fields.items() if v}})
    try:
        yield
    finally:
        _context.reset(token)


class CloudLoggingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        context = _context.get() or {}
        entry: dict[str, Any] = {
            "severity": record.levelname if record.levelname != "WARNING" else "WARNING",
            "message": record.getMessage(),
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "logger": record.name,
            **context,
            **getattr(record, "fields", {}),
        }
        if "correlation_id" in context:
            entry["logging.googleapis.com/labels"] = {"correlation_id": context["correlation_id"]}
        if tracing.TRACE_FIELD not in entry:
            # Links the line to its trace in Cloud Trace and groups one flow's lines across functions: the
            # current span's trace, else the correlation id (the trace id jobfeed.tracing seeds from it).
            trace_id = tracing.current_trace_id() or context.get("correlation_id", "").replace("-", "")
            if trace_id:
                entry[tracing.TRACE_FIELD] = tracing.log_trace(trace_id)
            if span_id := tracing.current_span_id():
                entry[tracing.SPAN_FIELD] = span_id
        if record.exc_info:
            entry["stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    """Idempotent: warm instances call it on every cold start path without stacking handlers."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, CloudLoggingFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudLoggingFormatter())
    root.handlers = [handler]
    root.setLevel(level)


def log(logger: logging.Logger, level: int, message: str, **fields: Any) -> None:
    logger.log(level, message, extra={"fields": fields})
