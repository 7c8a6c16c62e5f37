"""The Portal's decisions without Firestore: the consumers' (status, feed, profile copy), the candidate record's
(registration, updates, token check, erasure), the double opt-in's and the overrides record's. Each decision is
folded into a small in-memory store that keeps Firestore's create/update semantics, so redelivery, events out of
order and tombstones (an erased candidate) are checked on the state they leave, not on the decision's shape."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from job_portal import candidate_rules, consent_rules, correction_rules, event_rules, feed_rules
from job_portal.candidates import email_key, registered_event
from job_portal.consent import ConsentSettings
from job_portal.correction_rules import Correction
from job_portal.decision import CANDIDATE, EMAIL, FEED_ENTRY, NOTHING, PROFILE, Decision, Write
from job_portal.forms import Registration
from job_portal.tokens import hash_token

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
CID = "c0ffee"
URL = f"https://portal.example/candidates/{CID}?token=tok"
Key = tuple[str, str, str | None]


class Docs:
    """Documents by (kind, id, parent), written as Firestore would: create fails on an existing document and
    update on a missing one, so a decision that would fail the transaction fails here too."""

    def __init__(self, docs: dict[Key, dict[str, Any]] | None = None) -> None:
        self.docs = dict(docs or {})

    def get(self, kind: str, doc_id: str, parent: str | None = None) -> dict[str, Any] | None:
        found = self.docs.get((kind, doc_id, parent))
        return dict(found) if found is not None else None

    def store(self, writes: Iterable[Write]) -> Docs:
        for write in writes:
            key = (write.kind, write.id, write.parent)
            if write.op == "create":
                assert key not in self.docs, f"create of an existing {key}"
                self.docs[key] = dict(write.fields)
            elif write.op == "update":
                assert key in self.docs, f"update of a missing {key}"
                self.docs[key] = {**self.docs[key], **write.fields}
            elif write.op == "merge":
                self.docs[key] = {**self.docs.get(key, {}), **write.fields}
            elif write.op == "set":
                self.docs[key] = dict(write.fields)
            else:
                self.docs.pop(key, None)
        return self

    def feed(self, candidate_id: str = CID) -> dict[str, dict[str, Any]]:
        return {key[1]: doc for key, doc in self.docs.items() if key[0] == FEED_ENTRY and key[2] == candidate_id}


def candidate(**fields: Any) -> dict[str, Any]:
    return {"candidate_id": CID, "revision": 1, "name": "Ada Example", "email": "ada@example.com",
            "token_hash": hash_token("tok"), "preferences": {}, "subscribed": True, "resume": {},
            **feed_rules.INITIAL, **fields}


def profile(version: int = 1, revision: int = 1, **fields: Any) -> dict[str, Any]:
    return {"candidate_id": CID, "profile_version": version, "candidate_revision": revision, "skills": ["Python"],
            "titles": ["Developer"], "years_experience": 4.0, "seniority": "mid", **fields}


def jobs(*job_ids: str, version: int = 1) -> dict[str, Any]:
    return {"candidate_id": CID, "profile_version": version,
            "jobs": [{"job_id": job_id, "title": f"Job {job_id}", "score": 0.9} for job_id in job_ids]}


def test_the_rules_load_no_client_library() -> None:
    """Pure: importing every rules module (and what they import) loads no Firestore, Storage or Flask code."""
    probe = ("import sys; import job_portal.event_rules, job_portal.candidate_rules, job_portal.consent_rules, "
             "job_portal.correction_rules; print(' '.join(sorted(m for m in sys.modules if m.startswith("
             "('google.cloud.', 'google.api_core', 'flask')))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


# ---- the consumers ---------------------------------------------------------------------------------------------

def on_profile_created(docs: Docs, payload: dict[str, Any], now: datetime = NOW) -> Decision:
    held = docs.get(CANDIDATE, CID)
    view = docs.get(PROFILE, CID) if held is not None else None
    decision = event_rules.profile_created(held, view, payload, now)
    docs.store(decision.writes)
    return decision


def on_open_jobs_found(docs: Docs, payload: dict[str, Any], event_id: str = "e1", now: datetime = NOW) -> Decision:
    held = docs.get(CANDIDATE, CID)
    existing = set(docs.feed()) & {job["job_id"] for job in payload["jobs"]}
    decision = event_rules.open_jobs_found(held, existing, payload, event_id, now)
    docs.store(decision.writes)
    return decision


def on_profile_failed(docs: Docs, payload: dict[str, Any]) -> Decision:
    decision = event_rules.profile_failed(docs.get(CANDIDATE, CID), payload)
    docs.store(decision.writes)
    return decision


def registered(**fields: Any) -> Docs:
    return Docs({(CANDIDATE, CID, None): candidate(**fields)})


def test_a_first_profile_profiles_the_candidate_and_keeps_its_copy() -> None:
    docs = registered()
    on_profile_created(docs, profile(version=1, revision=1))

    held = docs.get(CANDIDATE, CID) or {}
    assert (held["status"], held["profile_version"], held["profile_revision"]) == ("profiled", 1, 1)
    assert docs.get(PROFILE, CID) == {**{k: profile()[k] for k in event_rules.profile_view.KEPT}, "updated_at": NOW}


@pytest.mark.parametrize("case,stored_view,payload,view_kept", [
    ("redelivered", profile(version=2), profile(version=2), 2),
    ("older version late", profile(version=3), profile(version=2), 3),
    ("newer version", profile(version=2), profile(version=3), 3),
])
def test_the_newest_profile_version_wins_the_portals_copy(case: str, stored_view: dict[str, Any],
                                                           payload: dict[str, Any], view_kept: int) -> None:
    docs = registered()
    docs.docs[(PROFILE, CID, None)] = {**stored_view, "updated_at": NOW - timedelta(hours=1)}
    decision = on_profile_created(docs, payload)

    assert (docs.get(PROFILE, CID) or {})["profile_version"] == view_kept, case
    assert bool(decision.written(PROFILE)) == (payload["profile_version"] > stored_view["profile_version"]), case


@pytest.mark.parametrize("case,stored,payload,expected", [
    ("first", {}, {"candidate_revision": 1, "profile_version": 1}, ("profiled", 1, 1)),
    ("after a failure", {"status": "resume_needed", "status_reason": "unreadable", "profile_revision": 1},
     {"candidate_revision": 2, "profile_version": 1}, ("profiled", 1, 2)),
    ("matched stays matched", {"status": "matched", "profile_version": 1, "profile_revision": 1},
     {"candidate_revision": 1, "profile_version": 2}, ("matched", 2, 1)),
    ("older resume's profile late", {"status": "resume_needed", "profile_revision": 3},
     {"candidate_revision": 2, "profile_version": 5}, ("resume_needed", 0, 3)),
    ("older version never rolls back", {"status": "profiled", "profile_version": 4, "profile_revision": 2},
     {"candidate_revision": 2, "profile_version": 3}, ("profiled", 4, 2)),
])
def test_profile_created_moves_the_status_forward_only(case: str, stored: dict[str, Any], payload: dict[str, Any],
                                                       expected: tuple[str, int, int]) -> None:
    docs = registered(**stored)
    for _ in range(2):  # a redelivery leaves the same state
        on_profile_created(docs, profile(version=payload["profile_version"], revision=payload["candidate_revision"]))
        held = docs.get(CANDIDATE, CID) or {}
        assert (held["status"], held["profile_version"], held["profile_revision"]) == expected, case


@pytest.mark.parametrize("case,stored,revision,expected", [
    ("first", {"profile_revision": 0}, 1, ("resume_needed", "unreadable", 1)),
    ("redelivered", {"status": "resume_needed", "status_reason": "unreadable", "profile_revision": 1}, 1,
     ("resume_needed", "unreadable", 1)),
    ("a newer resume was given meanwhile", {"status": "registered", "profile_revision": 2}, 1,
     ("registered", None, 2)),
])
def test_a_failed_profile_asks_for_a_new_resume_unless_stale(case: str, stored: dict[str, Any], revision: int,
                                                            expected: tuple[str, str | None, int]) -> None:
    docs = registered(**stored)
    on_profile_failed(docs, {"candidate_id": CID, "candidate_revision": revision, "reason": "unreadable"})
    held = docs.get(CANDIDATE, CID) or {}
    assert (held["status"], held["status_reason"], held["profile_revision"]) == expected, case


@pytest.mark.parametrize("event", ["ProfileCreated", "ProfileCreationFailed", "OpenJobsFound"])
def test_an_erased_candidate_gets_nothing_back_from_a_late_event(event: str) -> None:
    docs = Docs()  # the tombstone: the candidate is gone, whatever arrives late
    if event == "ProfileCreated":
        decision = on_profile_created(docs, profile(version=9, revision=9))
    elif event == "ProfileCreationFailed":
        decision = on_profile_failed(docs, {"candidate_id": CID, "candidate_revision": 9, "reason": "x"})
    else:
        decision = on_open_jobs_found(docs, jobs("j1"))
    assert decision == NOTHING and docs.docs == {}


def test_open_jobs_add_one_entry_per_job_best_first_and_match_the_candidate() -> None:
    docs = registered(status="profiled", profile_version=1)
    on_open_jobs_found(docs, jobs("j1", "j2", "j1"), event_id="e1")

    feed = docs.feed()
    assert sorted(feed) == ["j1", "j2"]
    assert (feed["j1"]["rank"], feed["j2"]["rank"]) == (0, 1)
    assert feed["j1"]["added_at"] == NOW.isoformat() and feed["j1"]["event_id"] == "e1"
    assert (docs.get(CANDIDATE, CID) or {})["status"] == "matched"


def test_a_job_is_never_entered_twice_across_events_or_redeliveries() -> None:
    docs = registered(status="profiled", profile_version=1)
    on_open_jobs_found(docs, jobs("j1", "j2"), event_id="e1")
    redelivered = on_open_jobs_found(docs, jobs("j1", "j2"), event_id="e1", now=NOW + timedelta(minutes=1))
    later = on_open_jobs_found(docs, jobs("j2", "j3", version=2), event_id="e2", now=NOW + timedelta(minutes=2))

    assert not redelivered.written(FEED_ENTRY)
    assert set(later.written(FEED_ENTRY)) == {"j3"}
    assert docs.feed()["j2"]["event_id"] == "e1"  # the first entry stays as it was


@pytest.mark.parametrize("case,stored,version,status,kept_version", [
    ("newer profile", {"status": "profiled", "profile_version": 1}, 2, "matched", 2),
    ("older profile's jobs late", {"status": "profiled", "profile_version": 3}, 2, "profiled", 3),
    ("waiting for a new resume", {"status": "resume_needed", "profile_version": 1}, 1, "resume_needed", 1),
])
def test_open_jobs_never_roll_the_status_or_version_back(case: str, stored: dict[str, Any], version: int,
                                                        status: str, kept_version: int) -> None:
    docs = registered(**stored)
    decision = on_open_jobs_found(docs, jobs("j1", version=version))

    held = docs.get(CANDIDATE, CID) or {}
    assert (held["status"], held["profile_version"]) == (status, kept_version), case
    assert "j1" in docs.feed(), case  # the jobs are still added: the candidate would have seen them in order
    assert bool(decision.written(CANDIDATE)) == (version >= stored["profile_version"]), case


# ---- the candidate record -------------------------------------------------------------------------------------

def registration() -> Registration:
    return Registration(name="Ada Example", email="Ada@Example.com", titles=["Developer"], locations=["Leeds"],
                        remote="remote", salary_min=None, cadence="daily", skills=[], years_experience=None,
                        consent=True, open_to_relocation=False)


def test_a_new_candidate_starts_registered_with_only_the_tokens_hash() -> None:
    doc = candidate_rules.new_candidate(CID, registration(), "secret-token", {"object_name": "r.pdf"}, NOW)

    assert {k: doc[k] for k in feed_rules.INITIAL} == feed_rules.INITIAL and doc["revision"] == 1
    assert doc["token_hash"] == hash_token("secret-token") and "secret-token" not in str(doc)
    assert doc["preferences"]["titles"] == ["Developer"] and doc["created_at"] == doc["updated_at"] == NOW


@pytest.mark.parametrize("case,unconfirmed,index", [
    ("double opt-in", True, {"candidate_id": CID, "emailed_at": NOW}),
    ("confirmed at once", False, {"candidate_id": CID}),
])
def test_an_address_registers_once(case: str, unconfirmed: bool, index: dict[str, Any]) -> None:
    doc = candidate(created_at=NOW, **({"unconfirmed_since": NOW} if unconfirmed else {}))
    event = registered_event(doc, URL)
    decision = candidate_rules.register(doc, event)
    docs = Docs().store(decision.writes)

    assert docs.get(EMAIL, email_key("ADA@example.com ")) == index, case
    assert docs.get(CANDIDATE, CID) is not None, case
    assert decision.events == (event,), case
    # Created, never set: a second registration of the address fails the commit instead of overwriting it.
    assert {w.kind: w.op for w in decision.writes} == {EMAIL: "create", CANDIDATE: "create"}, case
    with pytest.raises(AssertionError, match="create of an existing"):
        Docs().store(decision.writes).store(decision.writes)


def test_every_update_is_a_new_revision_carried_whole_by_candidate_updated() -> None:
    docs = registered(revision=4)
    decision = candidate_rules.updated(docs.get(CANDIDATE, CID), CID, {"subscribed": False}, NOW, URL, "subscription")
    docs.store(decision.writes)

    held = docs.get(CANDIDATE, CID) or {}
    assert (held["revision"], held["subscribed"], held["updated_at"]) == (5, False, NOW)
    assert decision.outcome == held
    [event] = decision.events
    assert event.event_type == "CandidateUpdated" and event.correlation_id == CID
    assert (event.payload["revision"], event.payload["change"]) == (5, "subscription")
    assert event.payload["contact"]["subscribed"] is False and event.payload["contact"]["feed_url"] == URL


def test_a_new_resume_sends_the_candidate_back_to_waiting_for_a_profile() -> None:
    docs = registered(status="matched", status_reason=None, revision=2)
    change = candidate_rules.resume_replaced({"object_name": "new.pdf"})
    docs.store(candidate_rules.updated(docs.get(CANDIDATE, CID), CID, change, NOW, URL, "resume").writes)
    held = docs.get(CANDIDATE, CID) or {}
    assert (held["status"], held["resume"], held["revision"]) == ("registered", {"object_name": "new.pdf"}, 3)


def test_an_update_of_a_candidate_erased_meanwhile_fails_and_writes_nothing() -> None:
    with pytest.raises(KeyError):
        candidate_rules.updated(None, CID, {"subscribed": False}, NOW, URL, "subscription")


@pytest.mark.parametrize("case,doc,token,allowed", [
    ("right token", candidate(), "tok", True),
    ("wrong token", candidate(), "other", False),
    ("no token", candidate(), None, False),
    ("empty token", candidate(), "", False),
    ("unknown candidate", None, "tok", False),
])
def test_only_the_link_token_opens_the_record(case: str, doc: dict[str, Any] | None, token: str | None,
                                              allowed: bool) -> None:
    assert (candidate_rules.authorised(doc, token) == doc if allowed
            else candidate_rules.authorised(doc, token) is None), case


@pytest.mark.parametrize("candidate_id,looked_up", [("c0ffee", True), ("../x", False), ("", False), ("a b", False)])
def test_only_a_well_formed_id_is_looked_up(candidate_id: str, looked_up: bool) -> None:
    assert candidate_rules.well_formed(candidate_id) is looked_up


@pytest.mark.parametrize("request_it,requested_by,events", [(True, "candidate", 1), (True, "unconfirmed", 1),
                                                           (False, "candidate", 0)])
def test_an_erasure_deletes_the_candidate_its_address_and_its_profile_copy(request_it: bool, requested_by: str,
                                                                           events: int) -> None:
    docs = registered()
    docs.docs[(EMAIL, email_key("ada@example.com"), None)] = {"candidate_id": CID}
    docs.docs[(PROFILE, CID, None)] = profile()
    decision = candidate_rules.purge(docs.get(CANDIDATE, CID), CID, request_it, requested_by)
    docs.store(decision.writes)

    assert docs.docs == {}
    assert len(decision.events) == events
    if events:
        assert decision.events[0].event_type == "CandidateErasureRequested"
        assert decision.events[0].payload == {"candidate_id": CID, "requested_by": requested_by}
    # Erasing again (a redelivered request, or the candidate pressing delete twice) has nothing left to do.
    assert candidate_rules.purge(None, CID, request_it, requested_by) == NOTHING


@pytest.mark.parametrize("case,doc_id,fields,erased", [
    ("a feed entry", "j1", {"title": "x"}, True),
    ("a sent outbox copy", "ev1", {"sent": True}, True),
    ("an unsent outbox entry", "ev1", {"sent": False}, False),
    ("the request just staged", "ev2", {"sent": True}, False),
])
def test_an_erasure_keeps_what_the_broker_is_still_owed(case: str, doc_id: str, fields: dict[str, Any],
                                                        erased: bool) -> None:
    assert candidate_rules.erasable(doc_id, fields, frozenset({"ev2"})) is erased, case


# ---- the double opt-in ----------------------------------------------------------------------------------------

LIMITS = ConsentSettings(signing_key="unit", resend_gap=timedelta(minutes=10), max_resends=3,
                         duplicate_gap=timedelta(hours=1))


def unconfirmed(nonce: str = "n1", **consent: Any) -> dict[str, Any]:
    record = {"form_version": "registration-x", "confirmed_at": None, "nonce_hash": hash_token(nonce),
              "confirmation_sent_at": NOW - timedelta(hours=1), "resends": 0, **consent}
    return candidate(consent=record, unconfirmed_since=NOW - timedelta(hours=1))


@pytest.mark.parametrize("case,doc,nonce,problem", [
    ("current link", unconfirmed("n1"), "n1", None),
    ("replaced by a newer email", unconfirmed("n2"), "n1", "replaced"),
    ("already confirmed", unconfirmed("n1", confirmed_at=NOW), "n1", "used"),
    ("being erased as unconfirmed", {**unconfirmed("n1"), "erasing": True}, "n1", "invalid"),
    ("erased", None, "n1", "invalid"),
])
def test_which_link_may_confirm(case: str, doc: dict[str, Any] | None, nonce: str, problem: str | None) -> None:
    assert consent_rules.link_problem(doc, nonce) == problem, case
    decision = consent_rules.confirm(doc, CID, nonce, NOW, "registration-default")
    assert decision.outcome == (problem or consent_rules.CONFIRMED), case
    assert bool(decision.writes) == bool(decision.events) == (problem is None), case


def test_confirming_drops_the_nonce_and_emits_candidate_confirmed_once() -> None:
    docs = Docs({(CANDIDATE, CID, None): unconfirmed("n1", form_version=None)})
    decision = consent_rules.confirm(docs.get(CANDIDATE, CID), CID, "n1", NOW, "registration-default")
    docs.store(decision.writes)

    held = docs.get(CANDIDATE, CID) or {}
    assert held["consent"]["confirmed_at"] == NOW and "nonce_hash" not in held["consent"]
    assert "unconfirmed_since" not in held and held["revision"] == 2
    [event] = decision.events
    assert event.event_type == "CandidateConfirmed"
    assert event.payload == {"candidate_id": CID, "revision": 2, "confirmed_at": "2026-11-26T09:00:00.000Z",
                             "form_version": "registration-default"}
    again = consent_rules.confirm(docs.get(CANDIDATE, CID), CID, "n1", NOW, "registration-default")
    assert (again.outcome, again.writes, again.events) == ("used", (), ())  # a replayed link


@pytest.mark.parametrize("case,doc,from_page,now,refused,resends", [
    ("erased", None, True, NOW, "missing", None),
    ("being erased", {**unconfirmed(), "erasing": True}, True, NOW, "missing", None),
    ("confirmed", unconfirmed(confirmed_at=NOW), True, NOW, "confirmed", None),
    ("from before double opt-in", candidate(), False, NOW, "confirmed", None),
    ("page, first resend", unconfirmed(), True, NOW, None, 1),
    ("page, too soon", unconfirmed(confirmation_sent_at=NOW - timedelta(minutes=5)), True, NOW, "wait", None),
    ("page, gap just over", unconfirmed(confirmation_sent_at=NOW - timedelta(minutes=10)), True, NOW, None, 1),
    ("page, limit reached", unconfirmed(resends=3), True, NOW, "exhausted", None),
    ("repeated registration ignores the page's limits", unconfirmed(resends=3,
     confirmation_sent_at=NOW - timedelta(minutes=1)), False, NOW, None, 3),
])
def test_a_new_confirmation_email_within_the_limits(case: str, doc: dict[str, Any] | None, from_page: bool,
                                                    now: datetime, refused: str | None, resends: int | None) -> None:
    signed: list[str] = []
    docs = Docs({(CANDIDATE, CID, None): doc} if doc else {})
    decision = consent_rules.request_confirmation(
        doc, CID, "n-new", "tok-new", from_page=from_page, limits=LIMITS, now=now, url=URL,
        link=lambda: signed.append("signed") or "https://portal.example/confirm")
    docs.store(decision.writes)

    assert decision.outcome == refused, case
    assert signed == ([] if refused else ["signed"]), case  # a refused request signs no link (none may be set)
    if refused:
        assert decision.writes == decision.events == (), case
        return
    held = docs.get(CANDIDATE, CID) or {}
    assert held["consent"]["nonce_hash"] == hash_token("n-new") and held["token_hash"] == hash_token("tok-new")
    assert held["consent"]["resends"] == resends and held["consent"]["confirmation_sent_at"] == now
    assert held["revision"] == 2
    assert docs.get(EMAIL, email_key("ada@example.com")) == {"emailed_at": now}
    [event] = decision.events
    assert event.payload["change"] == "confirmation_requested"
    assert event.payload["contact"]["confirm_url"] == "https://portal.example/confirm"


@pytest.mark.parametrize("case,index,claimed", [
    ("not registered", None, None),
    ("never emailed", {"candidate_id": CID}, CID),
    ("emailed within the gap", {"candidate_id": CID, "emailed_at": NOW - timedelta(minutes=59)}, None),
    ("emailed before the gap", {"candidate_id": CID, "emailed_at": NOW - timedelta(hours=1)}, CID),
])
def test_a_repeated_registration_emails_an_address_at_most_once_per_gap(case: str, index: dict[str, Any] | None,
                                                                        claimed: str | None) -> None:
    key = email_key("ada@example.com")
    docs = Docs({(EMAIL, key, None): index} if index else {})
    decision = consent_rules.claim_duplicate_email(index, key, NOW, LIMITS)
    docs.store(decision.writes)

    assert decision.outcome == claimed, case
    if claimed:
        assert (docs.get(EMAIL, key) or {})["emailed_at"] == NOW
        again = consent_rules.claim_duplicate_email(docs.get(EMAIL, key), key, NOW + timedelta(minutes=1), LIMITS)
        assert again == NOTHING  # a second post right after
    else:
        assert decision.writes == ()


CUTOFF = consent_rules.sweep_cutoff(NOW, timedelta(days=7))


@pytest.mark.parametrize("case,doc,erase,marks", [
    ("gone meanwhile", None, False, False),
    ("confirmed meanwhile", candidate(), False, False),
    ("unconfirmed, but not long enough", candidate(unconfirmed_since=CUTOFF + timedelta(seconds=1)), False, False),
    ("unconfirmed since the cutoff", candidate(unconfirmed_since=CUTOFF), True, True),
    ("marked by an earlier sweep", candidate(unconfirmed_since=CUTOFF - timedelta(days=1), erasing=True), True,
     False),
])
def test_the_sweep_erases_only_registrations_still_unconfirmed_since_the_cutoff(case: str, doc: dict[str, Any] | None,
                                                                                erase: bool, marks: bool) -> None:
    assert CUTOFF == NOW - timedelta(days=7)
    docs = Docs({(CANDIDATE, CID, None): doc} if doc else {})
    decision = consent_rules.mark_erasing(doc, CID, CUTOFF)
    docs.store(decision.writes)
    assert decision.outcome is erase and bool(decision.writes) is marks, case
    if erase:
        assert (docs.get(CANDIDATE, CID) or {})["erasing"] is True


# ---- the overrides record -------------------------------------------------------------------------------------

@pytest.mark.parametrize("case,overrides,correction,changed", [
    ("first correction", None, Correction(remove=["Python"]), True),
    ("same again (double click)", {"skills_removed": ["Python"]}, Correction(remove=["Python"]), False),
    ("restore", {"skills_removed": ["Python"]}, Correction(restore=["Python"]), True),
    ("years", None, Correction(years=7.5), True),
])
def test_a_correction_that_changes_something_is_a_new_revision(case: str, overrides: dict[str, Any] | None,
                                                               correction: Correction, changed: bool) -> None:
    docs = registered(revision=3, **({"overrides": {**correction_rules.EMPTY, **overrides}} if overrides else {}))
    decision = correction_rules.corrected(docs.get(CANDIDATE, CID), CID, correction, NOW, URL)
    docs.store(decision.writes)

    held = docs.get(CANDIDATE, CID) or {}
    assert (held["revision"] == 4) is changed and bool(decision.events) is changed, case
    if changed:
        assert held["overrides_revision"] == 4 and held["overrides"] == correction_rules.apply(overrides, correction)
        [event] = decision.events
        assert event.payload["change"] == correction_rules.CHANGE
        assert event.payload["overrides"] == held["overrides"] and event.payload["revision"] == 4


def test_a_correction_for_a_candidate_erased_meanwhile_writes_nothing() -> None:
    assert correction_rules.corrected(None, CID, Correction(remove=["Python"]), NOW, URL) == NOTHING
