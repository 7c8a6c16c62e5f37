"""The event log's erasure progress against the Firestore emulator: receipts in any order, completion, and the
erasures still incomplete after 24 hours that the scheduled sweep reports (and `ops alerts` shows)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from google.cloud import firestore

from emulator.stack import Stack
from event_log import erasures
from jobfeed.erasure import erased_receipt
from jobfeed.events import Event
from ops import alerts


def _request(candidate_id: str, hours_ago: float = 0) -> Event:
    at = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    return Event("CandidateErasureRequested", {"candidate_id": candidate_id, "requested_by": "candidate"},
                 candidate_id, "job_portal", occurred_at=at)


def test_an_erasure_is_pending_until_every_service_confirms(stack: Stack) -> None:
    db, candidate_id = firestore.Client(project=stack.config.project), f"erase-{uuid.uuid4().hex[:8]}"
    request = _request(candidate_id, hours_ago=30)
    services = sorted(erasures.expected_services())
    erasures.confirmed(db, erased_receipt(request, services[0]))  # a receipt may overtake the request
    erasures.requested(db, request)

    late = {e["candidate_id"]: e for e in erasures.overdue(db)}
    assert late[candidate_id]["confirmed"] == services[:1]
    assert candidate_id in {a.subject for a in alerts.erasures_incomplete(db)}
    for service in services[1:]:
        erasures.confirmed(db, erased_receipt(request, service))

    doc = db.collection(erasures.PROGRESS).document(candidate_id).get().to_dict() or {}
    assert doc["confirmed"] == services and "pending_since" not in doc
    assert candidate_id not in {e["candidate_id"] for e in erasures.overdue(db)}
    assert candidate_id not in {a.subject for a in alerts.erasures_incomplete(db)}


def test_the_sweep_reports_only_erasures_older_than_a_day(stack: Stack, caplog: pytest.LogCaptureFixture) -> None:
    db = firestore.Client(project=stack.config.project)
    old, recent = f"erase-old-{uuid.uuid4().hex[:8]}", f"erase-new-{uuid.uuid4().hex[:8]}"
    erasures.requested(db, _request(old, hours_ago=25))
    erasures.requested(db, _request(recent, hours_ago=1))

    with caplog.at_level(logging.ERROR, logger="event_log.erasures"):
        erasures.report_overdue(db)
    reported = {vars(r)["fields"]["candidate_id"]: vars(r)["fields"] for r in caplog.records
                if r.getMessage() == erasures.INCOMPLETE_MESSAGE}
    assert old in reported and recent not in reported
    assert reported[old]["missing"] == sorted(erasures.expected_services())
