"""candidate_profile.decisions: what the Profile transaction writes and emits, as a table of event sequences
folded through the pure decisions (no emulator). Resumes are generated ParsedResume objects, never real ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from candidate_profile import decisions
from candidate_profile.collections import PROFILES
from candidate_profile.decisions import NOTHING, Decision, Outgoing
from candidate_profile.errors import ResumeRejected
from candidate_profile.overrides import EMPTY
from candidate_profile.parsing import ParsedResume
from candidate_profile.profile import build_profile
from jobfeed.erasure import TOMBSTONE_VERSION, erased_receipt
from jobfeed.events import Event

SCHEMAS = Path(__file__).parents[3] / "schemas"
CID = "cand-decisions-1"
NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
FIRST = ParsedResume(skills=["Python", "Terraform"], titles=["Backend Developer"], years_experience=4.0,
                     seniority="mid", education_level=None, languages=["English"])
SECOND = ParsedResume(skills=["Go", "Terraform", "Kafka"], titles=["Platform Engineer"], years_experience=7.0,
                      seniority="senior", education_level="bachelor", languages=["English", "German"])
NO_TEXT = ResumeRejected("no_text")
PREFERENCES = {"titles": [], "locations": ["Remote"], "remote": "remote", "salary_min": None, "cadence": "weekly",
               "skills": [], "years_experience": None}
NO_TERRAFORM = {**EMPTY, "skills_removed": ["Terraform"], "skills_added": ["Rust"]}
NO_GO = {**EMPTY, "skills_removed": ["Go"]}

Stored = dict[str, Any] | None
Step = Callable[[Stored], Decision]


def payload(revision: int, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"candidate_id": CID, "revision": revision, "preferences": PREFERENCES}
    if overrides is not None:
        body["overrides"] = dict(overrides)
    return body


def resume(revision: int, result: ParsedResume | ResumeRejected, overrides: Mapping[str, Any] | None = None) -> Step:
    return lambda stored: decisions.after_resume(stored, payload(revision, overrides), result, NOW)


def erase() -> Step:
    return lambda _stored: decisions.erasure(CID, NOW)


@dataclass
class Folded:
    doc: Stored
    emitted: list[Outgoing]

    @property
    def types(self) -> list[str]:
        return [out.event_type for out in self.emitted]


def fold(steps: list[Step], stored: Stored = None) -> Folded:
    """Apply each decision to an in-memory profile document, as the handler's tx.set does."""
    emitted: list[Outgoing] = []
    for step in steps:
        decision = step(stored)
        for write in decision.writes:
            assert (write.collection, write.doc_id) == (PROFILES, CID)
            stored = write.data
        emitted.extend(decision.events)
    return Folded(stored, emitted)


def built(revision: int, result: ParsedResume | ResumeRejected = FIRST) -> dict[str, Any]:
    doc = fold([resume(revision, result)]).doc
    assert doc is not None
    return doc


TOMBSTONE = fold([erase()]).doc


@pytest.mark.parametrize("stored, revision", [
    pytest.param(built(3), 3, id="same revision redelivered"),
    pytest.param(built(5), 4, id="older revision arriving late"),
    pytest.param(built(5, NO_TEXT), 2, id="older revision after a failed one"),
    pytest.param(TOMBSTONE, 1, id="tombstone outranks a late CandidateRegistered"),
    pytest.param(TOMBSTONE, TOMBSTONE_VERSION, id="tombstone outranks the highest CandidateUpdated revision"),
    pytest.param({"erased": True, "candidate_revision": 2}, 9, id="the erased flag alone outranks a newer revision"),
])
@pytest.mark.parametrize("result", [SECOND, NO_TEXT], ids=["parsed", "rejected"])
def test_a_stale_event_writes_and_emits_nothing(stored: dict[str, Any], revision: int,
                                                result: ParsedResume | ResumeRejected) -> None:
    assert decisions.after_resume(stored, payload(revision, NO_GO), result, NOW) == NOTHING


@pytest.mark.parametrize("steps, version, revision, failure, types", [
    pytest.param([resume(1, FIRST)], 1, 1, None, ["ProfileCreated"], id="first resume"),
    pytest.param([resume(1, NO_TEXT)], None, 1, "no_text", ["ProfileCreationFailed"], id="first resume rejected"),
    pytest.param([resume(1, NO_TEXT), resume(2, FIRST)], 1, 2, None,
                 ["ProfileCreationFailed", "ProfileCreated"], id="failure then success"),
    pytest.param([resume(1, FIRST), resume(2, NO_TEXT)], 1, 2, "no_text",
                 ["ProfileCreated", "ProfileCreationFailed"], id="a failure keeps the last good profile"),
    pytest.param([resume(1, FIRST), resume(2, NO_TEXT), resume(3, SECOND)], 2, 3, None,
                 ["ProfileCreated", "ProfileCreationFailed", "ProfileCreated"], id="success after a failure"),
    pytest.param([resume(1, FIRST), resume(2, SECOND), resume(5, FIRST)], 3, 5, None,
                 ["ProfileCreated"] * 3, id="version increments once per build"),
    pytest.param([resume(2, SECOND), resume(1, FIRST)], 1, 2, None, ["ProfileCreated"], id="older arrives second"),
    pytest.param([resume(1, FIRST), resume(1, FIRST)], 1, 1, None, ["ProfileCreated"], id="redelivery"),
    pytest.param([resume(1, FIRST), resume(3, FIRST), resume(2, NO_TEXT)], 2, 3, None,
                 ["ProfileCreated"] * 2, id="an older failure never overwrites a newer profile"),
])
def test_which_result_wins(steps: list[Step], version: int | None, revision: int, failure: str | None,
                           types: list[str]) -> None:
    folded = fold(steps)
    assert folded.doc is not None
    assert (folded.doc.get("profile_version"), folded.doc["candidate_revision"], folded.doc["failure"]) == \
        (version, revision, failure)
    assert folded.types == types


@pytest.mark.parametrize("steps, types", [
    pytest.param([resume(1, FIRST), erase(), resume(2, SECOND)], ["ProfileCreated", "CandidateErased"],
                 id="a newer resume after erasure"),
    pytest.param([erase(), resume(1, FIRST)], ["CandidateErased"], id="registration arriving after erasure"),
    pytest.param([erase(), resume(1, NO_TEXT)], ["CandidateErased"], id="a failure arriving after erasure"),
    pytest.param([erase(), erase()], ["CandidateErased"] * 2, id="erasure redelivered confirms again"),
])
def test_after_erasure_only_the_tombstone_remains(steps: list[Step], types: list[str]) -> None:
    folded = fold(steps)
    assert folded.doc == {"erased": True, "candidate_revision": TOMBSTONE_VERSION, "updated_at": NOW}
    assert folded.types == types


@pytest.mark.parametrize("steps, skills, kept", [
    pytest.param([resume(1, FIRST, NO_TERRAFORM), resume(2, SECOND)], ["Go", "Kafka", "Rust"], NO_TERRAFORM,
                 id="corrections carried across a new resume"),
    pytest.param([resume(1, FIRST, NO_TERRAFORM), resume(2, SECOND, NO_GO)], ["Terraform", "Kafka"], NO_GO,
                 id="a newer set replaces the stored one"),
    pytest.param([resume(1, FIRST, NO_TERRAFORM), resume(2, SECOND, EMPTY)], ["Go", "Terraform", "Kafka"], EMPTY,
                 id="an empty set clears them"),
    pytest.param([resume(1, FIRST, NO_TERRAFORM), resume(2, NO_TEXT), resume(3, SECOND)], ["Go", "Kafka", "Rust"],
                 NO_TERRAFORM, id="kept through a failed resume"),
    pytest.param([resume(1, FIRST, NO_TERRAFORM), resume(2, NO_TEXT, NO_GO), resume(3, SECOND)],
                 ["Terraform", "Kafka"], NO_GO, id="a failed resume still records new corrections"),
    pytest.param([resume(2, FIRST, NO_TERRAFORM), resume(1, SECOND, NO_GO)], ["Python", "Rust"], NO_TERRAFORM,
                 id="an older set never wins"),
])
def test_corrections_follow_the_newest_revision(steps: list[Step], skills: list[str], kept: dict[str, Any]) -> None:
    folded = fold(steps)
    assert folded.doc is not None
    assert folded.doc["overrides"] == kept
    assert folded.doc["skills"] == skills
    assert [out.payload["skills"] for out in folded.emitted if out.event_type == "ProfileCreated"][-1] == skills


def test_a_built_profile_is_the_event_plus_the_parsed_resume() -> None:
    decision = decisions.after_resume(built(1), payload(2, NO_GO), SECOND, NOW)
    profile = build_profile(SECOND, PREFERENCES, CID, version=2, candidate_revision=2, overrides=NO_GO)
    assert decision.events == (Outgoing("ProfileCreated", profile),)
    [write] = decision.writes
    assert write.data == {**profile, "resume": SECOND.to_record(), "overrides": NO_GO, "failure": None,
                          "updated_at": NOW}


def test_a_rejected_resume_tells_the_candidate_why() -> None:
    decision = decisions.after_resume(None, payload(1), NO_TEXT, NOW)
    assert decision.events == (Outgoing("ProfileCreationFailed", {
        "candidate_id": CID, "candidate_revision": 1, "reason_code": "no_text", "reason": NO_TEXT.message}),)
    [write] = decision.writes
    assert write.data == {"candidate_revision": 1, "failure": "no_text", "overrides": EMPTY, "updated_at": NOW}


def test_erasure_replaces_the_profile_and_emits_the_shared_receipt() -> None:
    request = Event("CandidateErasureRequested", {"candidate_id": CID}, CID, "job_portal")
    receipt = erased_receipt(request, decisions.PRODUCER)
    decision = decisions.erasure(CID, NOW)
    assert decision.events == (Outgoing(receipt.event_type, receipt.payload),)
    [write] = decision.writes
    assert write.data == {"erased": True, "candidate_revision": TOMBSTONE_VERSION, "updated_at": NOW}
    assert "resume" not in write.data and "skills" not in write.data


REBUILDS = {"preferences": True, "resume": True, "profile_corrected": True, "subscription": False,
            "link_rotated": False, "link_requested": False, "confirmation_requested": False}


def test_every_change_symbol_is_classified() -> None:
    """A new symbol in the schema must be classified here: does it change what the profile is built from?"""
    schema = json.loads((SCHEMAS / "candidate_updated.avsc").read_text())
    change = next(f for f in schema["fields"] if f["name"] == "change")
    assert set(change["type"]["symbols"]) == set(REBUILDS)


@pytest.mark.parametrize("change, rebuilds", sorted(REBUILDS.items()))
def test_which_updates_rebuild_the_profile(change: str, rebuilds: bool) -> None:
    assert decisions.rebuilds("CandidateUpdated", {"change": change}) is rebuilds


def test_a_registration_always_builds() -> None:
    assert decisions.rebuilds("CandidateRegistered", payload(1))


def test_the_decisions_import_no_google_client() -> None:
    """Pure: the module loads without Firestore, Storage or api_core (the google.cloud namespace itself is
    created by the installed packages at interpreter start)."""
    code = ("import sys, candidate_profile.decisions; "
            "print([m for m in sys.modules if m.startswith('google.') and m != 'google.cloud'])")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
