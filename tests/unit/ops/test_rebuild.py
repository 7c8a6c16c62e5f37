"""Folding the event log into the Portal's feed: the rules of the live consumers, in publish order."""

from __future__ import annotations

import itertools
from typing import Any

from ops.rebuild import Feed, compare, describe, fold, in_publish_order, repair

CID = "c0ffee"
_clock = itertools.count()


def entry(event_type: str, event_id: str | None = None, **payload: Any) -> dict[str, Any]:
    second = next(_clock)
    return {"event_id": event_id or f"e{second}", "event_type": event_type, "candidate_id": CID,
            "occurred_at": f"2026-01-01T00:00:{second:02d}.000Z",
            "published_at": f"2026-01-01T00:00:{second:02d}.500123456Z", "payload": {"candidate_id": CID, **payload}}


def job(job_id: str) -> dict[str, Any]:
    return {"job_id": job_id, "title": "Engineer", "company": "Acme", "score": 0.8, "reasons": ["Python matches"]}


def registered() -> dict[str, Any]:
    return entry("CandidateRegistered", revision=1)


def created(version: int, revision: int = 1) -> dict[str, Any]:
    return entry("ProfileCreated", profile_version=version, candidate_revision=revision)


def found(version: int, *job_ids: str, event_id: str | None = None) -> dict[str, Any]:
    return entry("OpenJobsFound", event_id, profile_version=version, jobs=[job(j) for j in job_ids])


def test_a_registration_that_flows_through_ends_matched_with_ranked_entries() -> None:
    feed = fold([registered(), created(1), found(1, "a", "b")])
    assert feed is not None and feed.state["status"] == "matched" and feed.state["profile_version"] == 1
    ranked = [(j, e["rank"], e["company"]) for j, e in sorted(feed.entries.items())]
    assert ranked == [("a", 0, "Acme"), ("b", 1, "Acme")]
    assert feed.entries["a"]["added_at"].endswith("+00:00")


def test_a_job_found_twice_or_an_event_logged_twice_gives_one_entry_from_the_first_event() -> None:
    first = found(1, "a", event_id="first")
    feed = fold([registered(), created(1), first, first, found(1, "b", "a")])
    assert feed is not None and sorted(feed.entries) == ["a", "b"]
    assert feed.entries["a"]["event_id"] == "first" and feed.entries["b"]["rank"] == 0


def test_matches_for_an_older_profile_version_are_listed_without_rolling_back_the_version() -> None:
    late = fold([registered(), created(1), found(2, "new"), found(1, "old")])
    in_order = fold([registered(), created(1), found(1, "old"), found(2, "new")])
    assert late is not None and in_order is not None
    assert sorted(late.entries) == sorted(in_order.entries) == ["new", "old"]
    assert late.state == in_order.state and late.state["profile_version"] == 2


def test_a_failed_profile_asks_for_a_resume_and_a_later_success_recovers() -> None:
    failed = entry("ProfileCreationFailed", candidate_revision=1, reason="No text in the PDF.")
    after_failure = fold([registered(), failed])
    assert after_failure is not None
    state = after_failure.state
    assert (state["status"], state["status_reason"]) == ("resume_needed", "No text in the PDF.")

    recovered = fold([registered(), failed, entry("CandidateUpdated", revision=2, change="resume"), created(1, 2),
                      found(1, "a")])
    assert recovered is not None and recovered.state["status"] == "matched" and recovered.state["status_reason"] is None


def test_jobs_while_the_resume_is_needed_are_listed_but_keep_the_status() -> None:
    failed = entry("ProfileCreationFailed", candidate_revision=1, reason="unreadable")
    feed = fold([registered(), created(1), failed, found(1, "a")])
    assert feed is not None and feed.state["status"] == "resume_needed" and list(feed.entries) == ["a"]


def test_a_profile_of_an_older_resume_arriving_late_is_ignored() -> None:
    failed = entry("ProfileCreationFailed", candidate_revision=2, reason="unreadable")
    feed = fold([registered(), failed, created(1, revision=1)])
    assert feed is not None and feed.state["status"] == "resume_needed" and feed.state["profile_revision"] == 2


def test_no_registration_or_an_erasure_means_no_feed() -> None:
    assert fold([created(1), found(1, "a")]) is None
    assert fold([registered(), found(0, "a"), entry("CandidateErasureRequested", requested_by="candidate")]) is None


def test_the_log_is_folded_in_publish_order_whatever_order_it_is_read_in() -> None:
    ordered = [registered(), created(1), found(2, "new"), found(1, "old")]
    assert in_publish_order(reversed(ordered)) == ordered


def test_compare_names_missing_extra_and_changed_jobs_and_the_status_and_repair_fixes_them() -> None:
    rebuilt = fold([registered(), created(1), found(1, "a", "b", "c")])
    assert rebuilt is not None
    entries = {j: {**e, "added_at": "live time"} for j, e in rebuilt.entries.items() if j != "b"}
    entries["c"] = {**entries["c"], "score": 0.1}
    live = Feed({**rebuilt.state, "status": "profiled"}, {**entries, "x": job("x")})

    difference = compare(live, rebuilt)
    assert difference.job_ids == ("b", "c", "x") and difference.fields == {"status": ("profiled", "matched")}
    assert describe(difference) == "differs: jobs b, c, x; status live 'profiled' rebuilt 'matched'"
    fix = repair(live, rebuilt)
    assert sorted(fix.writes) == ["b", "c"] and fix.deletes == ("x",) and fix.state == {"status": "matched"}
    assert compare(Feed({**live.state, **fix.state}, {**{j: e for j, e in live.entries.items() if j != "x"},
                                                       **fix.writes}), rebuilt).matches


def test_added_at_alone_is_no_difference() -> None:
    rebuilt = fold([registered(), created(1), found(1, "a")])
    assert rebuilt is not None
    live = Feed(dict(rebuilt.state), {"a": {**rebuilt.entries["a"], "added_at": "2030-01-01T00:00:00+00:00"}})
    assert describe(compare(live, rebuilt)) == "matches"
