"""The messages the scheduler publishes. Cloud Scheduler sends a fixed body on every run, so this module is the
one definition that Terraform's jobs mirror (tests compare them) and the local scheduler publishes."""

from __future__ import annotations

from typing import Any

from .events import Event, from_record

PRODUCER = "cloud-scheduler"


def scheduled_record(schedule: dict[str, Any], event_type: str) -> dict[str, Any]:
    """The fixed record for one schedule entry of the topology (period "scheduled": derived on receipt)."""
    payload: dict[str, Any] = (
        {"cadence": schedule["cadence"], "period": "scheduled"} if event_type == "DigestDue"
        else {"keep_last": int(schedule["keep_last"])} if event_type == "IndexSnapshotDue"
        else {"older_than_s": int(schedule["older_than_s"])}
    )
    return {
        "event_id": f"schedule-{schedule['name']}", "event_type": event_type, "schema_version": 1,
        "occurred_at": "1970-01-01T00:00:00.000Z", "correlation_id": f"schedule-{schedule['name']}",
        "causation_id": None, "producer": PRODUCER, **payload,
    }


def scheduled_event(schedule: dict[str, Any], event_type: str) -> Event:
    return from_record(scheduled_record(schedule, event_type))
