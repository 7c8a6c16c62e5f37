"""The Event Log's erasure rules without Firestore: an entry is redacted when its candidate is erased (entries
already logged, and late or redelivered events arriving after), and an erasure's progress folds the request and
the receipts in any order and any number of times, pending until every expected service confirmed."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from event_log import erasure_rules
from event_log.erasure_rules import OVERDUE_AFTER, Progress

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CID = "c0ffee"
EXPECTED = {"job_portal", "candidate_profile", "notification"}


def test_the_rules_load_no_client_library() -> None:
    probe = ("import sys; import event_log.erasure_rules; print(' '.join(sorted(m for m in sys.modules "
             "if m.startswith(('google.cloud.', 'google.api_core')))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def entry(payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": "e1", "event_type": "CandidateRegistered", "correlation_id": CID, "candidate_id":
            payload.get("candidate_id"), "occurred_at": "2026-11-26T09:00:00Z", "payload": payload}


PERSONAL = {"candidate_id": CID, "contact": {"name": "Ada Example", "email": "ada@example.com"}}


@pytest.mark.parametrize("case,payload,erased,kept", [
    ("not erased", PERSONAL, False, PERSONAL),
    ("erased: only the id stays", PERSONAL, True, {"redacted": True, "candidate_id": CID}),
    ("erased, no candidate id in the payload", {"job_id": "j1", "title": "x"}, True, {"redacted": True}),
])
def test_an_entry_of_an_erased_candidate_is_appended_redacted(case: str, payload: dict[str, Any], erased: bool,
                                                              kept: dict[str, Any]) -> None:
    record = erasure_rules.recorded(entry(payload), erased)
    assert record["payload"] == kept, case
    # What an event happened stays: its type, time and ids.
    assert {k: v for k, v in record.items() if k != "payload"} == {k: v for k, v in entry(payload).items()
                                                                   if k != "payload"}, case


def test_a_redelivered_event_after_the_erasure_is_redacted_the_same_way() -> None:
    first = erasure_rules.recorded(entry(PERSONAL), erased=True)
    assert erasure_rules.recorded(entry(PERSONAL), erased=True) == first
    assert erasure_rules.redact_entry(first) == first  # redacting twice changes nothing


def test_entries_logged_before_the_erasure_keep_only_the_candidate_id() -> None:
    # Found by candidate or correlation id: the id is kept even where the payload did not carry it.
    assert erasure_rules.redacted_payload(CID) == {"redacted": True, "candidate_id": CID}
    assert "email" not in str(erasure_rules.redacted_payload(CID))


@pytest.mark.parametrize("candidate_id,looked_up", [(CID, True), (None, False), ("", False)])
def test_only_an_event_about_a_candidate_is_checked_for_an_erasure(candidate_id: str | None,
                                                                   looked_up: bool) -> None:
    assert erasure_rules.may_be_erased(candidate_id) is looked_up


def fold(steps: list[tuple[str, str | None]], requested_at: datetime = NOW) -> dict[str, Any]:
    """Stores each step's progress as a merge would: fields set, cleared fields removed."""
    stored: dict[str, Any] = {}
    for kind, service in steps:
        update: Progress = erasure_rules.progress(stored, CID, EXPECTED,
                                                  requested_at=requested_at if kind == "request" else None,
                                                  service=service)
        stored = {k: v for k, v in {**stored, **update.fields}.items() if k not in update.cleared}
    return stored


REQUEST = ("request", None)
RECEIPTS = [("receipt", service) for service in sorted(EXPECTED)]


@pytest.mark.parametrize("case,steps,confirmed,pending", [
    ("request only", [REQUEST], [], True),
    ("some receipts", [REQUEST, *RECEIPTS[:2]], sorted(EXPECTED)[:2], True),
    ("all receipts", [REQUEST, *RECEIPTS], sorted(EXPECTED), False),
    ("receipts before the request", [*RECEIPTS[:2], REQUEST], sorted(EXPECTED)[:2], True),
    ("all receipts, no request yet", RECEIPTS, sorted(EXPECTED), False),
    ("redelivered receipt", [REQUEST, RECEIPTS[0], RECEIPTS[0]], sorted(EXPECTED)[:1], True),
    ("a receipt from a service not expected", [REQUEST, ("receipt", "ops")], ["ops"], True),
])
def test_an_erasure_is_pending_until_every_expected_service_confirms(case: str, steps: list[tuple[str, str | None]],
                                                                     confirmed: list[str], pending: bool) -> None:
    stored = fold(steps)
    assert stored["confirmed"] == confirmed, case
    assert ("pending_since" in stored) is pending, case
    if pending:
        assert stored["pending_since"] == stored["requested_at"] == NOW, case


def test_the_order_of_the_request_and_the_receipts_does_not_matter() -> None:
    finals = {repr(sorted(fold(list(order)).items())) for order in itertools.permutations([REQUEST, *RECEIPTS])}
    assert len(finals) == 1
    assert "pending_since" not in fold([REQUEST, *RECEIPTS])


def test_a_redelivered_request_keeps_the_first_request_time() -> None:
    stored = fold([REQUEST])
    later = erasure_rules.progress(stored, CID, EXPECTED, requested_at=NOW + timedelta(hours=2))
    assert later.fields["requested_at"] == later.fields["pending_since"] == NOW


@pytest.mark.parametrize("case,pending_since,overdue", [
    ("just requested", NOW, False),
    ("a minute short of a day", NOW - OVERDUE_AFTER + timedelta(minutes=1), False),
    ("exactly a day", NOW - OVERDUE_AFTER, True),
    ("two days", NOW - 2 * OVERDUE_AFTER, True),
])
def test_an_erasure_pending_for_a_day_is_overdue(case: str, pending_since: datetime, overdue: bool) -> None:
    # The store's query is pending_since <= cutoff.
    assert (pending_since <= erasure_rules.overdue_cutoff(NOW)) is overdue, case


@pytest.mark.parametrize("confirmed,missing", [
    ([], sorted(EXPECTED)),
    (["notification"], ["candidate_profile", "job_portal"]),
    (sorted(EXPECTED), []),
    (["ops", "job_portal"], ["candidate_profile", "notification"]),
])
def test_an_overdue_erasure_names_the_services_it_waits_for(confirmed: list[str], missing: list[str]) -> None:
    assert erasure_rules.missing(EXPECTED, {"candidate_id": CID, "confirmed": confirmed}) == missing


@pytest.mark.parametrize("payload, correlation_id, about", [
    ({"candidate_id": "c1"}, "c1", "c1"),  # an event of the candidate's own flow
    ({"candidate_id": "c1", "job_id": "j1"}, "j1", "c1"),  # a match made in a job's fan-out names the candidate
    ({"job_id": "j1"}, "j1", "j1"),  # a job's flow: never a candidate's, never erased
    ({"cadence": "daily", "period": "2026-11-26"}, "c7", "c7"),  # a payload without ids: the flow it belongs to
])
def test_an_event_is_about_the_candidate_it_names_else_its_flow(payload: dict[str, Any], correlation_id: str,
                                                                 about: str) -> None:
    assert erasure_rules.candidate_of(payload, correlation_id) == about
