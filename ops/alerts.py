"""The alert conditions of terraform/monitoring.tf, evaluated on the local stack (or anything the environment
points at): the same signals, read from where the emulators keep them instead of Cloud Monitoring.

| Terraform policy              | here                                                                  |
|-------------------------------|-----------------------------------------------------------------------|
| dead letter on a subscription | a message in its `<dead-letter topic>.ops` subscription               |
| outbox entries overdue        | an unsent outbox entry older than the sweep interval (jobfeed.outbox) |
| erasure incomplete after 24 h | the event log's erasure progress (event_log/erasures.py)              |
| SendGrid circuit open         | the Notification log's latest "sendgrid circuit ..." line             |
| 5xx from a function           | its "transient failure" log lines in the last 5 minutes               |
| backlog on a subscription     | not evaluated: the Pub/Sub emulator keeps no subscription metrics     |
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from event_log.collections import ERASURES
from jobfeed.collections import outbox_collection
from jobfeed.outbox import OVERDUE_AFTER, Outbox
from jobfeed.publisher import Publisher
from jobfeed.topology import topology

from . import deadletters
from .erasure import expected_services

OPS = "python -m ops"
ERASURE_OVERDUE_AFTER = timedelta(hours=24)
FUNCTION_5XX_PER_5MIN = 10  # terraform/variables.tf alert_function_5xx_per_5min
ERROR_WINDOW = timedelta(minutes=5)
TRANSIENT_FAILURE = "transient failure; Pub/Sub will retry"  # jobfeed.consumer
LOG_TAIL_BYTES = 4 << 20
NOT_EVALUATED = ["backlog (oldest unacked message age): the Pub/Sub emulator keeps no subscription metrics"]


@dataclass(frozen=True)
class Alert:
    signal: str
    subject: str
    detail: str
    command: str

    def line(self) -> str:
        return f"FIRING  {self.signal}  {self.subject}: {self.detail}  -> {self.command}"


def default_log_dir() -> Path:
    return Path(os.environ.get("JOBFEED_LOG_DIR", Path(__file__).resolve().parent.parent / ".run" / "logs"))


def evaluate(db: firestore.Client, log_dir: Path, function_5xx: int = FUNCTION_5XX_PER_5MIN) -> list[Alert]:
    return [*dead_letters(), *outbox_overdue(db), *erasures_incomplete(db), *sendgrid_circuit(log_dir),
            *function_errors(log_dir, function_5xx)]


def dead_letters() -> list[Alert]:
    alerts = []
    for sub in deadletters.subscriptions():
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        if letters:
            alerts.append(Alert("dead-letter", sub.name, f"{len(letters)} message(s), first: {letters[0].reason}",
                                f"{OPS} dlq replay --subscription {sub.name} (after the fix)"))
    return alerts


def outbox_overdue(db: firestore.Client) -> list[Alert]:
    alerts, now, publisher = [], datetime.now(UTC), Publisher()  # the publisher is never used: reads only
    for service in sorted({str(f["source"]) for f in topology().functions}):
        late = Outbox(db, service, publisher).overdue(OVERDUE_AFTER)
        if late:
            age = round((now - late[0].get("created_at")).total_seconds())
            alerts.append(Alert("outbox-overdue", outbox_collection(service), f"{len(late)} unsent, oldest {age} s",
                                f"{OPS} outbox sweep"))
    return alerts


def erasures_incomplete(db: firestore.Client) -> list[Alert]:
    cutoff = datetime.now(UTC) - ERASURE_OVERDUE_AFTER
    query = db.collection(ERASURES).where(filter=FieldFilter("pending_since", "<=", cutoff)).limit(100)
    alerts = []
    for erasure in (snap.to_dict() or {} for snap in query.stream()):
        missing = ", ".join(sorted(expected_services() - set(erasure.get("confirmed", []))))
        alerts.append(Alert("erasure-incomplete", erasure["candidate_id"], f"no receipt from {missing}",
                            f"{OPS} erasure status {erasure['candidate_id']}"))
    return alerts


def sendgrid_circuit(log_dir: Path) -> list[Alert]:
    states = [e for e in log_lines(log_dir / "notification.log") if str(e.get("message", "")).startswith(
        "sendgrid circuit ")]
    if states and states[-1]["message"] == "sendgrid circuit open":
        return [Alert("sendgrid-circuit-open", "notification", f"open since {states[-1].get('time')}",
                      f"check SendGrid and the API key, then {OPS} dlq list")]
    return []


def function_errors(log_dir: Path, threshold: int, window: timedelta = ERROR_WINDOW) -> list[Alert]:
    since, alerts = datetime.now(UTC) - window, []
    for function in (str(f["name"]) for f in topology().functions):
        count = sum(1 for e in log_lines(log_dir / f"{function}.log")
                    if e.get("message") == TRANSIENT_FAILURE and _time(e) >= since)
        if count > threshold:
            alerts.append(Alert("function-errors", function, f"{count} failed deliveries in {window}",
                                f"read {log_dir / function}.log, then {OPS} dlq list"))
    return alerts


def log_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON lines of a function's log (its last few MB: enough for the windows above)."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
        for raw in handle:
            try:
                entry = json.loads(raw)
            except ValueError:
                continue  # gunicorn's own lines, or a line cut by the seek
            if isinstance(entry, dict):
                yield entry


def _time(entry: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(entry.get("time")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
