"""Operation counts for the pipeline bench (issue #16): what one registration costs, counted in the clients.

Off unless JOBFEED_OP_COUNTS_DIR names a directory. Then every function process counts, by wrapping the
official clients' own methods once: Firestore document reads (one per document asked for by a get, one per
document a query returns and at least one per query, as Firestore bills them), document writes (one per write
in a commit), transactions begun, Pub/Sub messages published, push deliveries handled (jobfeed.consumer) and
requests served (every invocation, HTTP or push). After each request it writes its running totals to
`<dir>/<function>.<pid>.json`, so a bench reads the files before and after a scenario and subtracts.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ENV = "JOBFEED_OP_COUNTS_DIR"
NAMES = ("firestore_reads", "firestore_writes", "firestore_transactions", "pubsub_published",
         "pubsub_delivered", "invocations")

_counts: Counter[str] = Counter()
_lock = threading.Lock()
_installed = False


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def count(name: str, amount: int = 1) -> None:
    if _installed:
        with _lock:
            _counts[name] += amount


def snapshot() -> dict[str, int]:
    with _lock:
        return {name: _counts[name] for name in NAMES}


def install() -> None:
    """Idempotent; does nothing unless JOBFEED_OP_COUNTS_DIR is set."""
    global _installed
    if _installed or not enabled():
        return
    _installed = True
    _wrap_firestore()
    _wrap_pubsub()
    _hook_requests()


def _field(request: Any, name: str) -> Any:
    return request.get(name) if isinstance(request, dict) else getattr(request, name, None)


def _wrap(owner: type, method: str, before: Callable[[Any], None] | None = None,
          results: Callable[[Iterable[Any]], Iterator[Any]] | None = None) -> None:
    original = getattr(owner, method)

    def wrapped(self: Any, request: Any = None, *args: Any, **kwargs: Any) -> Any:
        if before:
            before(request if request is not None else kwargs)
        answer = original(self, request, *args, **kwargs)
        return results(answer) if results else answer

    setattr(owner, method, wrapped)


def _query_reads(stream: Iterable[Any]) -> Iterator[Any]:
    """One read per returned document, and one for a query that returns none."""
    found = 0
    for response in stream:
        if getattr(response, "document", None) and response.document.name:
            found += 1
        yield response
    count("firestore_reads", max(found, 1))


def _wrap_firestore() -> None:
    from google.cloud.firestore_v1.services.firestore.client import FirestoreClient

    _wrap(FirestoreClient, "batch_get_documents", before=_batch_get)
    _wrap(FirestoreClient, "run_query", results=_query_reads)
    _wrap(FirestoreClient, "run_aggregation_query", before=lambda r: count("firestore_reads"))
    _wrap(FirestoreClient, "commit", before=lambda r: count("firestore_writes", len(_field(r, "writes") or [])))
    _wrap(FirestoreClient, "batch_write", before=lambda r: count("firestore_writes", len(_field(r, "writes") or [])))
    _wrap(FirestoreClient, "begin_transaction", before=lambda r: count("firestore_transactions"))


def _batch_get(request: Any) -> None:
    count("firestore_reads", len(_field(request, "documents") or []))
    if _field(request, "new_transaction") is not None:  # begun by its first read (jobfeed.lazy_transaction)
        count("firestore_transactions")


def _wrap_pubsub() -> None:
    from google.cloud import pubsub_v1

    original = pubsub_v1.PublisherClient.publish

    def publish(self: Any, *args: Any, **kwargs: Any) -> Any:
        count("pubsub_published")
        return original(self, *args, **kwargs)

    pubsub_v1.PublisherClient.publish = publish  # type: ignore[method-assign]


def _hook_requests() -> None:
    """Every function is a Flask app under functions-framework: its request signals mark each invocation."""
    from flask import signals

    signals.request_started.connect(_started, weak=False)
    signals.request_tearing_down.connect(_finished, weak=False)


def _started(sender: Any, **extra: Any) -> None:
    count("invocations")


def _finished(sender: Any, **extra: Any) -> None:
    directory = Path(os.environ[ENV])
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{os.environ.get('JOBFEED_FUNCTION', 'unknown')}.{os.getpid()}.json"
    scratch = directory / f".{name}.{threading.get_ident()}"
    scratch.write_text(json.dumps(snapshot()))
    scratch.replace(directory / name)  # atomic: a reader never sees half a file
