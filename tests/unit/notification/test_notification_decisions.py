"""Notification's pure decisions (recipient_rules, erasure_rules, digest_rules): one email per job per candidate
ever, parked jobs released once, older revisions never win, the erasure tombstone outranks late events,
unsubscribed and undeliverable recipients get nothing, instant windows and digest queues. No emulator: each
decision is applied to plain dicts the way recipients.store writes it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from itertools import permutations
from pathlib import Path
from typing import Any

import pytest

from jobfeed.erasure import TOMBSTONE_VERSION
from notification.decision import NOTHING, Decision
from notification.digest_rules import close_period, close_window, closing
from notification.erasure_rules import address_key, block, forget
from notification.recipient_rules import after_candidate, after_confirmed, after_open_jobs_found

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)
J1, J2, J3 = ({"job_id": f"j{n}", "title": f"Job {n}"} for n in (1, 2, 3))


def candidate(revision: int = 1, *, cadence: str = "instant", email: str = "a@example.com", subscribed: bool = True,
              confirmed: bool = True, change: str | None = None) -> dict[str, Any]:
    contact = {"name": "A", "email": email, "feed_url": "https://portal/f/t", "subscribed": subscribed,
               "confirmed": confirmed, "confirm_url": None if confirmed else "https://portal/confirm/x"}
    payload = {"candidate_id": "c1", "revision": revision, "contact": contact, "preferences": {"cadence": cadence}}
    return payload | ({"change": change} if change else {})


def recipient(**fields: Any) -> dict[str, Any]:
    """A confirmed, subscribed instant recipient with nothing waiting, as on_candidate stores it."""
    base = {"candidate_id": "c1", "revision": 1, "name": "A", "email": "a@example.com", "feed_url": "https://portal/f/t",
            "subscribed": True, "cadence": "instant", "awaiting_contact": False, "undeliverable": False,
            "confirmed": True, "pending": [], "notified": [], "has_pending": False}
    return base | fields


def found(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"candidate_id": "c1", "profile_version": 1, "jobs": list(jobs)}


def job_email(jobs: list[dict[str, Any]], kind: str = "instant") -> dict[str, Any]:
    return {"candidate_id": "c1", "kind": kind, "jobs": jobs, "period": None, "status": "pending"}


# --- CandidateRegistered / CandidateUpdated -------------------------------------------------------------------

CANDIDATE_CASES = [
    # (case, stored, payload, expected record fields (subset), expected emails)
    ("first registration", None, candidate(), {"revision": 1, "confirmed": True, "pending": [], "notified": []}, {}),
    ("parked jobs go at once on instant", {"candidate_id": "c1", "revision": 0, "awaiting_contact": True,
                                           "subscribed": True, "confirmed": False, "pending": [J1, J2],
                                           "notified": [], "has_pending": False},
     candidate(), {"pending": [], "has_pending": False, "notified": ["j1", "j2"], "window_until": NOW + WINDOW},
     {"c1-e1": job_email([J1, J2])}),
    ("parked jobs queue for a digest", recipient(revision=0, awaiting_contact=True, pending=[J1]),
     candidate(cadence="weekly"), {"pending": [J1], "has_pending": True, "notified": []}, {}),
    ("parked jobs of an unsubscriber are dropped", recipient(revision=0, awaiting_contact=True, pending=[J1]),
     candidate(subscribed=False), {"pending": [], "has_pending": False, "notified": []}, {}),
    ("unconfirmed: only the confirmation email, jobs stay parked",
     recipient(revision=0, awaiting_contact=True, confirmed=False, pending=[J1]), candidate(confirmed=False),
     {"confirmed": False, "pending": [J1], "awaiting_contact": False},
     {"c1-confirm-1": {**job_email([], "confirmation"), "confirm_url": "https://portal/confirm/x"}}),
    ("a confirmation arrived before the contact: released now",
     recipient(revision=0, awaiting_contact=True, confirmed=True, pending=[J1]), candidate(confirmed=False),
     {"confirmed": True, "notified": ["j1"], "pending": []}, {"c1-e1": job_email([J1])}),
    ("confirmation is sticky: an unconfirmed revision cannot undo it", recipient(), candidate(2, confirmed=False),
     {"confirmed": True, "revision": 2}, {}),
    ("a newer revision confirms: the parked jobs go", recipient(confirmed=False, pending=[J2]), candidate(2),
     {"confirmed": True, "notified": ["j2"], "pending": []}, {"c1-e1": job_email([J2])}),
    ("confirmed with nothing parked: no email", recipient(confirmed=False), candidate(2),
     {"confirmed": True, "pending": [], "has_pending": False}, {}),
    ("a feed link request", recipient(), candidate(2, change="link_requested"), {"revision": 2},
     {"c1-link-2": job_email([], "feed_link")}),
    ("another change asks for no confirmation email", recipient(confirmed=False), candidate(2, confirmed=False,
                                                                                          change="cadence"),
     {"confirmed": False}, {}),
    ("a bounced address stays undeliverable", recipient(undeliverable=True), candidate(2),
     {"undeliverable": True}, {}),
    ("a new address may be tried again", recipient(undeliverable=True), candidate(2, email="b@example.com"),
     {"undeliverable": False, "email": "b@example.com"}, {}),
    ("the cadence changes, what was notified stays", recipient(notified=["j1"]), candidate(2, cadence="daily"),
     {"cadence": "daily", "notified": ["j1"]}, {}),
]


@pytest.mark.parametrize(("stored", "payload", "fields", "emails"), [case[1:] for case in CANDIDATE_CASES],
                         ids=[case[0] for case in CANDIDATE_CASES])
def test_a_newer_candidate_revision(stored: dict[str, Any] | None, payload: dict[str, Any], fields: dict[str, Any],
                                    emails: dict[str, Any]) -> None:
    decision = after_candidate(stored, payload, "CandidateUpdated", "e1", NOW, WINDOW)
    assert decision.record is not None and decision.update is None
    assert {name: decision.record[name] for name in fields} == fields
    assert decision.emails == emails
    assert decision.record["awaiting_contact"] is False and decision.record["email"] == payload["contact"]["email"]


STALE_CANDIDATE = [
    ("redelivered", recipient(revision=3), candidate(3)),
    ("an older revision arriving late", recipient(revision=3), candidate(2, subscribed=False, cadence="daily")),
    ("after the erasure", forget(recipient(), "c1", NOW).record, candidate(99)),
]


@pytest.mark.parametrize(("stored", "payload"), [case[1:] for case in STALE_CANDIDATE],
                         ids=[case[0] for case in STALE_CANDIDATE])
@pytest.mark.parametrize("event_type", ["CandidateRegistered", "CandidateUpdated"])
def test_a_stale_candidate_event_changes_nothing(stored: dict[str, Any], payload: dict[str, Any],
                                                 event_type: str) -> None:
    assert after_candidate(stored, payload, event_type, "e1", NOW, WINDOW) == NOTHING


def test_only_a_registration_lifts_the_suppression_of_its_address() -> None:
    registered = after_candidate(None, candidate(email=" A@Example.com"), "CandidateRegistered", "e1", NOW, WINDOW)
    assert registered.lift_suppression == address_key("a@example.com")
    assert after_candidate(None, candidate(), "CandidateUpdated", "e1", NOW, WINDOW).lift_suppression is None


def test_a_zero_window_sends_released_jobs_without_opening_one() -> None:
    parked = recipient(revision=0, awaiting_contact=True, pending=[J1])
    decision = after_candidate(parked, candidate(), "CandidateRegistered", "e1", NOW, timedelta(0))
    assert decision.record is not None and decision.record["window_until"] is None
    assert list(decision.emails) == ["c1-e1"]


# --- OpenJobsFound --------------------------------------------------------------------------------------------

JOBS_CASES = [
    # (case, stored, jobs, expected Decision)
    ("before the contact: parked on a placeholder", None, [J1, J2],
     Decision(record={"candidate_id": "c1", "revision": 0, "awaiting_contact": True, "subscribed": True,
                      "confirmed": False, "pending": [J1, J2], "notified": [], "has_pending": False})),
    ("more before the contact: parked once each", recipient(revision=0, awaiting_contact=True, pending=[J1]),
     [J1, J2], Decision(update={"pending": [J1, J2]})),
    ("before the confirmation: parked", recipient(confirmed=False, pending=[J1]), [J1, J3],
     Decision(update={"pending": [J1, J3]})),
    ("instant after a quiet spell: at once, opening the window", recipient(), [J1, J2],
     Decision(update={"notified": ["j1", "j2"], "window_until": NOW + WINDOW}, emails={"c1-e2": job_email([J1, J2])})),
    ("instant after an ended window", recipient(window_until=NOW - timedelta(seconds=1)), [J1],
     Decision(update={"notified": ["j1"], "window_until": NOW + WINDOW}, emails={"c1-e2": job_email([J1])})),
    ("instant inside the window: waits for the tick", recipient(window_until=NOW + timedelta(seconds=1)), [J1],
     Decision(update={"pending": [J1], "has_pending": True})),
    ("instant, an ended window's jobs still wait: joins them", recipient(pending=[J1], has_pending=True,
                                                                        window_until=NOW - timedelta(minutes=1)),
     [J2], Decision(update={"pending": [J1, J2], "has_pending": True})),
    ("a digest cadence queues", recipient(cadence="daily"), [J1], Decision(update={"pending": [J1],
                                                                                 "has_pending": True})),
    ("only the jobs not told yet", recipient(notified=["j1"], pending=[]), [J1, J2],
     Decision(update={"notified": ["j1", "j2"], "window_until": NOW + WINDOW}, emails={"c1-e2": job_email([J2])})),
    ("every job told already (a redelivery, or another event with them)", recipient(notified=["j1", "j2"]),
     [J2, J1], NOTHING),
    ("every job queued already", recipient(cadence="weekly", pending=[J1], has_pending=True), [J1], NOTHING),
    ("unsubscribed", recipient(subscribed=False), [J1], NOTHING),
    ("undeliverable", recipient(undeliverable=True), [J1], NOTHING),
    ("erasing (the first step's tombstone)", block(recipient(), "c1", NOW).record, [J1], NOTHING),
    ("erased", forget(recipient(), "c1", NOW).record, [J1], NOTHING),
]


@pytest.mark.parametrize(("stored", "jobs", "expected"), [case[1:] for case in JOBS_CASES],
                         ids=[case[0] for case in JOBS_CASES])
def test_open_jobs_found(stored: dict[str, Any] | None, jobs: list[dict[str, Any]], expected: Decision) -> None:
    assert after_open_jobs_found(stored, found(*jobs), "e2", NOW, WINDOW) == expected


# --- CandidateConfirmed ---------------------------------------------------------------------------------------

CONFIRMED_CASES = [
    ("before the contact: the flag waits on a placeholder", None,
     Decision(record={"candidate_id": "c1", "revision": 0, "awaiting_contact": True, "subscribed": True,
                      "confirmed": True, "pending": [], "notified": [], "has_pending": False})),
    ("before the contact, jobs parked: they wait for the contact",
     recipient(revision=0, awaiting_contact=True, confirmed=False, pending=[J1]),
     Decision(record=recipient(revision=0, awaiting_contact=True, pending=[J1]))),
    ("instant: parked jobs go at once", recipient(confirmed=False, pending=[J1, J2]),
     Decision(record=recipient(notified=["j1", "j2"], window_until=NOW + WINDOW),
              emails={"c1-e3": job_email([J1, J2])})),
    ("digest: parked jobs queue", recipient(cadence="monthly", confirmed=False, pending=[J1]),
     Decision(record=recipient(cadence="monthly", pending=[J1], has_pending=True))),
    ("nothing parked", recipient(confirmed=False), Decision(record=recipient())),
    ("unsubscribed meanwhile: parked jobs dropped", recipient(confirmed=False, subscribed=False, pending=[J1]),
     Decision(record=recipient(subscribed=False))),
    ("redelivered (already confirmed)", recipient(pending=[J1]), NOTHING),
    ("after the erasure", forget(recipient(confirmed=False), "c1", NOW).record, NOTHING),
]


@pytest.mark.parametrize(("stored", "expected"), [case[1:] for case in CONFIRMED_CASES],
                         ids=[case[0] for case in CONFIRMED_CASES])
def test_candidate_confirmed(stored: dict[str, Any] | None, expected: Decision) -> None:
    assert after_confirmed(stored, "c1", "e3", NOW, WINDOW) == expected


# --- Any order, any redelivery: parked jobs are released once -------------------------------------------------

def apply(state: dict[str, Any], decision: Decision) -> None:
    """What recipients.store writes, on dicts: an email is created, never overwritten (Firestore's create)."""
    for email_id, doc in decision.emails.items():
        assert email_id not in state["emails"], f"{email_id} created twice"
        state["emails"][email_id] = doc
    if decision.record is not None:
        state["recipient"] = dict(decision.record)
    if decision.update is not None:
        state["recipient"] = {**state["recipient"], **decision.update}


def deliver(state: dict[str, Any], step: str) -> None:
    stored, event_id = state["recipient"], f"e-{step}"
    if step == "registered":
        apply(state, after_candidate(stored, candidate(confirmed=False), "CandidateRegistered", event_id, NOW, WINDOW))
    elif step == "found":
        apply(state, after_open_jobs_found(stored, found(J1, J2), event_id, NOW, WINDOW))
    elif step == "confirmed":
        apply(state, after_confirmed(stored, "c1", event_id, NOW, WINDOW))


@pytest.mark.parametrize("order", list(permutations(["registered", "found", "confirmed"])), ids="-".join)
def test_jobs_reach_the_candidate_once_whatever_the_order_and_redeliveries(order: tuple[str, ...]) -> None:
    state: dict[str, Any] = {"recipient": None, "emails": {}}
    for step in order + order:  # every event delivered twice, the second round after all the first
        deliver(state, step)
    job_emails = [doc for doc in state["emails"].values() if doc["kind"] == "instant"]
    assert [[job["job_id"] for job in doc["jobs"]] for doc in job_emails] == [["j1", "j2"]]
    assert state["recipient"]["notified"] == ["j1", "j2"] and state["recipient"]["pending"] == []
    # the confirmation email is asked for only while the address is unconfirmed
    assert ("c1-confirm-1" in state["emails"]) == (order.index("registered") < order.index("confirmed"))


# --- Erasure --------------------------------------------------------------------------------------------------

def test_the_first_erasure_step_tombstones_and_suppresses_the_address() -> None:
    decision = block(recipient(email="A@Example.com ", pending=[J1], has_pending=True, notified=["j2"]), "c1", NOW)
    record = decision.record or {}
    assert record["erased"] is True and record["revision"] == TOMBSTONE_VERSION and record["subscribed"] is False
    assert record["pending"] == [] and record["notified"] == [] and record["has_pending"] is False
    assert record["erasure_requested_at"] == NOW and record["erasure_accepted_at"] is None
    assert record["erasing_email"] == "A@Example.com " and "name" not in record and "feed_url" not in record
    assert decision.suppress == {address_key("a@example.com"): {"at": NOW}}


def test_an_erasure_without_an_address_suppresses_nothing() -> None:
    decision = block({"candidate_id": "c1", "revision": 0, "awaiting_contact": True, "pending": [J1]}, "c1", NOW)
    assert decision.record is not None and decision.record["erasing_email"] is None and decision.suppress == {}
    assert block({}, "c1", NOW).record is not None  # no recipient at all: the tombstone still goes first


def test_a_redelivered_erasure_keeps_the_first_request() -> None:
    first = block(recipient(), "c1", NOW).record or {}
    assert block(first, "c1", NOW + timedelta(hours=1)) == NOTHING
    accepted = {**first, "erasure_accepted_at": NOW + timedelta(seconds=5)}
    last = forget(accepted, "c1", NOW + timedelta(hours=1)).record or {}
    assert last["erasure_requested_at"] == NOW and last["erasure_accepted_at"] == NOW + timedelta(seconds=5)
    assert "erasing_email" not in last and "email" not in last


def test_a_new_registration_lifts_exactly_the_erased_address() -> None:
    erased = block(recipient(email="a@example.com"), "c1", NOW)
    again = after_candidate(None, candidate(email="A@EXAMPLE.COM"), "CandidateRegistered", "e9", NOW, WINDOW)
    assert set(erased.suppress) == {again.lift_suppression}


# --- Digest periods and instant windows -----------------------------------------------------------------------

CLOSING_CASES = [
    ("jobs waiting", recipient(pending=[J1, J2], notified=["j0"], has_pending=True),
     {"pending": [], "has_pending": False, "notified": ["j0", "j1", "j2"]}, [J1, J2]),
    ("nothing waiting", recipient(), {"pending": [], "has_pending": False}, []),
    ("unsubscribed since", recipient(pending=[J1], subscribed=False), {"pending": [], "has_pending": False}, []),
    ("undeliverable since", recipient(pending=[J1], undeliverable=True), {"pending": [], "has_pending": False}, []),
    ("erased", forget(recipient(pending=[J1]), "c1", NOW).record, {"pending": [], "has_pending": False}, []),
]


@pytest.mark.parametrize(("stored", "update", "jobs"), [case[1:] for case in CLOSING_CASES],
                         ids=[case[0] for case in CLOSING_CASES])
def test_closing_moves_waiting_jobs_into_one_email(stored: dict[str, Any], update: dict[str, Any],
                                                   jobs: list[dict[str, Any]]) -> None:
    assert closing(stored) == (update, jobs)


def test_a_digest_period_closes_once() -> None:
    waiting = recipient(cadence="weekly", pending=[J1], has_pending=True)
    decision = close_period(waiting, "c1", "weekly", "2026-W47", email_exists=False)
    assert decision.update == {"pending": [], "has_pending": False, "notified": ["j1"]}
    assert decision.emails == {"c1-digest-weekly-2026-W47": {**job_email([J1], "digest"), "period": "weekly:2026-W47"}}
    # Jobs that arrive after the period's email was made wait for the next period.
    assert close_period(waiting, "c1", "weekly", "2026-W47", email_exists=True) == NOTHING
    assert close_period(recipient(cadence="weekly", pending=[J1], subscribed=False), "c1", "weekly", "2026-W47",
                        email_exists=False) == Decision(update={"pending": [], "has_pending": False})


WINDOW_CASES = [
    ("ended window with jobs: one email, next window", recipient(pending=[J1, J2], has_pending=True, windows=2,
                                                                 window_until=NOW - timedelta(seconds=1)),
     Decision(update={"pending": [], "has_pending": False, "notified": ["j1", "j2"], "windows": 3,
                      "window_until": NOW + WINDOW},
              emails={"c1-instant-window-3": {**job_email([J1, J2]), "gathered": True}})),
    ("first gathered window", recipient(pending=[J1], has_pending=True, window_until=None),
     Decision(update={"pending": [], "has_pending": False, "notified": ["j1"], "windows": 1,
                      "window_until": NOW + WINDOW},
              emails={"c1-instant-window-1": {**job_email([J1]), "gathered": True}})),
    ("window still open", recipient(pending=[J1], has_pending=True, window_until=NOW + timedelta(seconds=1)),
     NOTHING),
    ("closed by another tick", recipient(window_until=NOW - timedelta(seconds=1)), NOTHING),
    ("a digest cadence's jobs", recipient(cadence="daily", pending=[J1], has_pending=True), NOTHING),
    ("unsubscribed meanwhile: dropped, no window", recipient(pending=[J1], has_pending=True, subscribed=False,
                                                             windows=2),
     Decision(update={"pending": [], "has_pending": False})),
]


@pytest.mark.parametrize(("stored", "expected"), [case[1:] for case in WINDOW_CASES],
                         ids=[case[0] for case in WINDOW_CASES])
def test_the_instant_window_tick(stored: dict[str, Any], expected: Decision) -> None:
    assert close_window(stored, "c1", NOW, WINDOW) == expected


def test_a_repeated_tick_finds_the_window_closed() -> None:
    state: dict[str, Any] = {"recipient": recipient(pending=[J1], has_pending=True), "emails": {}}
    apply(state, close_window(state["recipient"], "c1", NOW, WINDOW))
    assert close_window(state["recipient"], "c1", NOW, WINDOW) == NOTHING
    assert close_window(state["recipient"], "c1", NOW + WINDOW, WINDOW) == NOTHING  # nothing waits
    assert after_open_jobs_found(state["recipient"], found(J1), "e4", NOW + WINDOW, WINDOW) == NOTHING  # told once


def test_the_rules_load_no_firestore() -> None:
    """Pure means no client code: importing the rule modules (and what they import) loads no Firestore."""
    root = Path(__file__).resolve().parents[3]
    probe = ("import sys; import notification.recipient_rules, notification.digest_rules, notification.erasure_rules;"
             " print(sorted(m for m in sys.modules if m.startswith(('google.cloud.firestore', 'google.api_core'))))")
    paths = os.pathsep.join(str(root / "functions" / name) for name in ("notification", "common"))
    result = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": paths}, cwd=root,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
