"""Recommendation's decision rules (job_recommendation/decisions.py), table by table, without an emulator: stale
profile and job versions, the erasure's tombstone, offering a job to a candidate once (redelivery finds its pairs
sent), the widening of a profile's match, and a fan-out chunk's offers and continuation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from job_recommendation.collections import JOBS, PROFILES, SENT
from job_recommendation.decisions import (
    NOTHING,
    Chunk,
    Decision,
    Emit,
    Write,
    chunk_runs,
    decide_chunk,
    decide_erasure,
    decide_job,
    decide_profile,
    first_want,
    fresh_matches,
    job_is_stale,
    merged,
    profile_is_stale,
)
from job_recommendation.model import JobDoc, Match, job_from_payload
from job_recommendation.offers import OPEN_ENDED, pair_id, sent_record
from jobfeed.erasure import TOMBSTONE_VERSION
from tests.unit.recommendation.payloads import NOW, days_ago, in_days, job, profile

RETENTION = timedelta(days=30)


def doc(job_id: str, version: int = 1, **fields: Any) -> JobDoc:
    return job_from_payload(job(job_id, version=version, **fields))


def ranked(*job_ids: str) -> list[tuple[JobDoc, Match]]:
    """Matches best first, scores falling with the rank."""
    return [(doc(j), Match(j, 0.9 - i / 100, ["Python"])) for i, j in enumerate(job_ids)]


def writes(decision: Decision) -> list[tuple[str, str]]:
    return [(w.collection, w.doc_id) for w in decision.writes]


def emitted(decision: Decision) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.correlation_id) for e in decision.emits]


def offered_jobs(emit: Emit) -> list[str]:
    return [entry["job_id"] for entry in emit.payload["jobs"]]


# --- staleness ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stored, version, stale", [
    (None, 1, False),  # first profile of the candidate
    ({"profile_version": 1}, 2, False),  # a newer profile
    ({"profile_version": 2}, 2, False),  # the same version redelivered: the sent pairs guard it
    ({"profile_version": 3}, 2, True),  # an older profile arriving late
    ({}, 1, False),  # a stored copy without a version counts as 0
    ({"candidate_id": "c", "erased": True, "profile_version": TOMBSTONE_VERSION}, 10**6, True),  # tombstone
    ({"erased": True, "profile_version": 0}, 5, True),  # a tombstone wins on its own, whatever its version
], ids=["first", "newer", "redelivered", "older", "no-version", "tombstone", "tombstone-flag"])
def test_profile_is_stale(stored: dict[str, Any] | None, version: int, stale: bool) -> None:
    assert profile_is_stale(stored, version) is stale


@pytest.mark.parametrize("stored, version, stale", [
    (0, 1, False),  # nothing stored yet
    (1, 2, False),  # a newer version
    (2, 2, False),  # redelivered
    (3, 2, True),  # an older version arriving after a newer one (or the closing)
], ids=["first", "newer", "redelivered", "older"])
def test_job_is_stale(stored: int, version: int, stale: bool) -> None:
    assert job_is_stale(stored, version) is stale


# --- a profile's matches ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("found, sent, top_n, want, fresh, wider", [
    ("abcd", "", 2, 4, "ab", None),  # nothing sent: the best top_n
    ("abcd", "a", 2, 4, "bc", None),  # sent ones skipped, still top_n left
    ("abcd", "abc", 2, 4, "d", 16),  # sent crowd out the top n and the ranking may hold more: look 4x further
    ("abc", "ab", 2, 4, "c", None),  # the ranking returned fewer than asked: there is no more to find
    ("abc", "abc", 2, 4, "", None),  # a redelivery with every match sent: nothing to offer
    ("", "", 2, 4, "", None),  # no match at all
    ("abcd", "abcd", 2, 4, "", 16),  # a full ranking, all sent: widen
], ids=["nothing-sent", "some-sent", "widen", "exhausted", "all-sent", "none", "all-sent-widen"])
def test_fresh_matches(found: str, sent: str, top_n: int, want: int, fresh: str, wider: int | None) -> None:
    got, next_want = fresh_matches(ranked(*found), set(sent), top_n, want)
    assert [job.job_id for job, _ in got] == list(fresh)
    assert next_want == wider


def test_a_profile_match_first_asks_for_twice_top_n() -> None:
    assert first_want(20) == 40 and first_want(1) == 2


@pytest.mark.parametrize("stored, fresh, expect_writes, expect_emits", [
    (None, "ab", [(PROFILES, "c1"), (SENT, "c1~a"), (SENT, "c1~b")], [("OpenJobsFound", "c1")]),  # first time
    (None, "", [(PROFILES, "c1")], []),  # nothing fits: the copy only, no event
    ({"profile_version": 2}, "", [(PROFILES, "c1")], []),  # redelivered, every pair already sent
    ({"profile_version": 1}, "a", [(PROFILES, "c1"), (SENT, "c1~a")], [("OpenJobsFound", "c1")]),  # newer one
    ({"profile_version": 3}, "ab", [], []),  # older than the stored one: nothing
    ({"erased": True, "profile_version": TOMBSTONE_VERSION}, "ab", [], []),  # erased: nothing comes back
], ids=["first", "no-match", "redelivered", "newer", "older", "tombstone"])
def test_decide_profile(stored: dict[str, Any] | None, fresh: str, expect_writes: list[tuple[str, str]],
                        expect_emits: list[tuple[str, str]]) -> None:
    payload = profile("c1", profile_version=2)
    decision = decide_profile(stored, payload, ranked(*fresh), NOW, RETENTION)
    assert writes(decision) == expect_writes
    assert emitted(decision) == expect_emits
    if expect_writes:
        copy = decision.writes[0]
        assert copy.fields == payload and copy.stamped, "the whole payload, stamped with the commit time"
        assert all(not w.stamped for w in decision.writes[1:]), "sent records are not caught up by the index"
    if expect_emits:
        assert offered_jobs(decision.emits[0]) == list(fresh), "best first, as ranked"
        assert decision.emits[0].payload["profile_version"] == 2


def test_an_offer_carries_each_jobs_entry_and_a_record_per_pair() -> None:
    found = [(doc("a", title="Data Engineer", remote="remote"), Match("a", 1.23456, ["Python", "Remote"]))]
    decision = decide_profile(None, profile("c1"), found, NOW, RETENTION)
    entry = decision.emits[0].payload["jobs"][0]
    assert entry == {"job_id": "a", "title": "Data Engineer", "company": "Acme", "location": "Berlin",
                     "remote": "remote", "url": "https://jobs.example/a", "score": 1.0,
                     "reasons": ["Python", "Remote"]}
    record = decision.writes[1]
    assert record.doc_id == pair_id("c1", "a") == "c1~a"
    assert record.fields["candidate_id"] == "c1" and record.fields["job_id"] == "a"
    assert record.fields["sent_at"] == NOW


@pytest.mark.parametrize("fields, expire_at", [
    ({"expires_at": in_days(10)}, NOW + timedelta(days=10) + RETENTION),  # outlives the job's end
    ({"expires_at": days_ago(3)}, NOW + RETENTION),  # an end already past: from now
    ({"posted_at": days_ago(1), "expires_at": None}, NOW - timedelta(days=1) + OPEN_ENDED + RETENTION),
], ids=["ends", "ended", "open-ended"])
def test_a_sent_record_outlives_its_job(fields: dict[str, Any], expire_at: Any) -> None:
    assert sent_record("c1", doc("a", **fields), NOW, RETENTION)["expire_at"] == expire_at


# --- a job and its fan-out -------------------------------------------------------------------------------------------

FIRST_CHUNK = Decision((Write(SENT, "c1~j", {"candidate_id": "c1"}),), (Emit("OpenJobsFound", {}, "c1"),))


@pytest.mark.parametrize("stored, expect_writes, expect_emits", [
    (0, [(SENT, "c1~j"), (JOBS, "j")], [("OpenJobsFound", "c1")]),  # first time
    (2, [(SENT, "c1~j"), (JOBS, "j")], [("OpenJobsFound", "c1")]),  # redelivered (its chunk guards the pairs)
    (3, [], []),  # older than the stored version: not even its first chunk
], ids=["first", "redelivered", "older"])
def test_decide_job(stored: int, expect_writes: list[tuple[str, str]], expect_emits: list[tuple[str, str]]) -> None:
    payload = job("j", version=2)
    decision = decide_job(stored, payload, FIRST_CHUNK)
    assert writes(decision) == expect_writes and emitted(decision) == expect_emits
    if expect_writes:
        assert decision.writes[-1].fields == payload and decision.writes[-1].stamped


@pytest.mark.parametrize("indexed, version, runs", [
    (None, 1, False),  # closed, or not in the index
    (2, 1, False),  # the index holds a newer version: its own fan-out runs
    (1, 2, False),  # the index holds an older one (not caught up): nothing to tell yet
    (1, 1, True),
], ids=["absent", "newer", "older", "same"])
def test_chunk_runs_only_for_the_indexed_version(indexed: int | None, version: int, runs: bool) -> None:
    assert chunk_runs(None if indexed is None else doc("j", indexed), version) is runs


def chunk(candidates: str, size: int = 3, number: int = 0, version: int = 1) -> Chunk:
    pairs = [(f"c{c}", Match("j", 0.8, ["Python"])) for c in candidates]
    return Chunk(doc("j", version), number, size, pairs, {f"c{c}": 7 for c in candidates})


@pytest.mark.parametrize("candidates, told, gone, stored, told_now, continued", [
    ("12", "", "", None, ["c1", "c2"], False),  # the JobPosted's chunk, short: the fan-out ends
    ("123", "", "", None, ["c1", "c2", "c3"], True),  # a full chunk: continued after its last candidate
    ("123", "", "", 1, ["c1", "c2", "c3"], True),  # a JobFanOutDue, the stored version is its own
    ("123", "123", "", 1, [], True),  # redelivered: everyone told, nobody twice, the walk goes on
    ("123", "1", "3", 1, ["c2"], True),  # told and erased (or not yet stored) candidates skipped
    ("12", "", "12", 1, [], False),  # everyone erased
    ("123", "", "", 2, [], False),  # a newer version is stored: it runs its own fan-out
    ("123", "", "", 0, [], False),  # nothing stored (never written): stop
    ("", "", "", 1, [], False),  # nobody left after the cursor
], ids=["short", "full", "due", "redelivered", "told-and-gone", "all-gone", "newer-stored", "none-stored",
        "empty"])
def test_decide_chunk(candidates: str, told: str, gone: str, stored: int | None, told_now: list[str],
                      continued: bool) -> None:
    """gone: candidates whose profile copy the chunk did not find kept (erased, or not stored yet)."""
    kept = {f"c{c}" for c in candidates if c not in gone}
    decision = decide_chunk(chunk(candidates, number=4), {f"c{c}" for c in told}, kept, stored, NOW, RETENTION)
    offers = [e for e in decision.emits if e.event_type == "OpenJobsFound"]
    assert [e.correlation_id for e in offers] == told_now, "one OpenJobsFound per candidate, in their own flow"
    assert all(offered_jobs(e) == ["j"] and e.payload["profile_version"] == 7 for e in offers)
    assert writes(decision) == [(SENT, f"{c}~j") for c in told_now], "a sent record per offer, nothing else"
    dues = [e for e in decision.emits if e.event_type == "JobFanOutDue"]
    if continued:
        assert decision.emits[-1] == Emit("JobFanOutDue", {"job_id": "j", "job_version": 1,
                                                          "cursor": f"c{candidates[-1]}", "chunk": 5})
        assert dues[0].correlation_id is None, "the continuation stays in the job's flow"
    else:
        assert dues == []


def test_a_chunk_offers_the_profile_version_the_index_holds_or_zero() -> None:
    pairs = [("c1", Match("j", 0.8, [])), ("c2", Match("j", 0.8, []))]
    decision = decide_chunk(Chunk(doc("j"), 0, 5, pairs, {"c1": 4}), set(), {"c1", "c2"}, None, NOW, RETENTION)
    assert [e.payload["profile_version"] for e in decision.emits] == [4, 0]


# --- erasure -------------------------------------------------------------------------------------------------------

def test_the_erasure_tombstone_outranks_every_late_profile() -> None:
    decision = decide_erasure("c1")
    assert decision.emits == ()
    assert decision.writes == (Write(PROFILES, "c1", {"candidate_id": "c1", "erased": True,
                                                      "profile_version": TOMBSTONE_VERSION}, stamped=True),)
    tombstone = decision.writes[0].fields
    late = profile("c1", profile_version=10**6)
    assert profile_is_stale(tombstone, late["profile_version"])
    assert decide_profile(tombstone, late, ranked("a"), NOW, RETENTION) == NOTHING


def test_decisions_merge_in_order() -> None:
    a = Decision((Write(SENT, "1", {}),), (Emit("X", {}),))
    b = Decision((Write(JOBS, "2", {}),), (Emit("Y", {}),))
    assert merged([a, NOTHING, b]) == a.then(b) == Decision(a.writes + b.writes, a.emits + b.emits)
