"""Scenario 3: one candidate's events arrive shuffled. The same events are published, one at a time (each
waits until its consumers acknowledged it, so arrival order is publication order), in a shuffled order for one
candidate and in order for another; the final state of each service must be the same, modulo ids and times."""

from __future__ import annotations

import uuid
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore, storage

from emulator.stack import Stack
from job_portal.collections import FEED
from jobfeed.events import Event
from tests.faults.support import (
    PDF,
    PORTAL,
    PROFILES,
    REC_PROFILES,
    RECIPIENTS,
    consumers_of,
    doc,
    log_entries,
    publish,
    register_many,
    wait_consumed,
)
from tests.polling import wait_for

QUIET = {"remote": "onsite", "salary_min": 9_000_000}  # no posted job meets these: no match of our own
VOLATILE = {"candidate_id", "updated_at", "added_at", "event_id", "feed_url", "created_at"}


def same_shape(record: dict[str, Any] | None, *also: str) -> dict[str, Any]:
    return {k: v for k, v in (record or {}).items() if k not in VOLATILE | set(also)}


def deliver_one_by_one(stack: Stack, events: list[Event]) -> None:
    for event in events:
        publish(stack, event)
        wait_consumed(stack, event, [c for c in consumers_of(event.event_type) if c != "event_log"])


def candidate_events(stack: Stack, place: str) -> tuple[Event, Event]:
    """CandidateRegistered and a preferences change (revision 2) for a candidate the Portal never saw."""
    candidate_id = uuid.uuid4().hex
    client = storage.Client(project=stack.config.project, credentials=AnonymousCredentials())
    blob = client.bucket(stack.config.resumes_bucket).blob(f"resumes/{candidate_id}/{uuid.uuid4().hex}.pdf")
    blob.upload_from_string(PDF, content_type="application/pdf")
    preferences = {"titles": ["Backend Engineer"], "locations": [place], "remote": "onsite", "salary_min": 9_000_000,
                   "cadence": "instant", "skills": ["Go"], "years_experience": 8.0}
    state = {"candidate_id": candidate_id, "revision": 1,
             "contact": {"name": "Ada", "email": "ada-shuffle@example.com", "subscribed": True,
                         "feed_url": f"http://127.0.0.1/candidates/{candidate_id}?token=t"},
             "preferences": preferences,
             "resume": {"bucket": blob.bucket.name, "object_name": blob.name, "generation": str(blob.generation)}}
    changed = {**preferences, "titles": ["Data Engineer"], "skills": ["Spark"], "cadence": "weekly"}
    return (Event("CandidateRegistered", state, candidate_id, "job_portal"),
            Event("CandidateUpdated", {**state, "revision": 2, "preferences": changed, "change": "preferences"},
                  candidate_id, "job_portal"))


def test_candidate_events_out_of_order_build_the_same_profile(fault_stack: Stack, fault_db: firestore.Client) -> None:
    place = f"Nowhere {uuid.uuid4().hex[:8]}"
    shuffled_registered, shuffled_updated = candidate_events(fault_stack, place)
    ordered_registered, ordered_updated = candidate_events(fault_stack, place)
    deliver_one_by_one(fault_stack, [shuffled_updated, shuffled_registered])
    deliver_one_by_one(fault_stack, [ordered_registered, ordered_updated])
    shuffled, ordered = shuffled_updated.correlation_id, ordered_updated.correlation_id
    wait_for(lambda: all((doc(fault_db, REC_PROFILES, c) or {}).get("candidate_revision") == 2
                         for c in (shuffled, ordered)), timeout=120, what="Recommendation to hold both profiles")

    profiles = {c: doc(fault_db, PROFILES, c) or {} for c in (shuffled, ordered)}
    print(f"\n[s3] candidate events: shuffled built profile v{profiles[shuffled]['profile_version']} "
          f"(the stale registration ignored), in order built v{profiles[ordered]['profile_version']}")
    # The version counts builds: the shuffled candidate skipped the stale build. Everything else must match.
    assert profiles[shuffled]["candidate_revision"] == profiles[ordered]["candidate_revision"] == 2
    assert same_shape(profiles[shuffled], "profile_version") == same_shape(profiles[ordered], "profile_version")
    assert (same_shape(doc(fault_db, REC_PROFILES, shuffled), "profile_version")
            == same_shape(doc(fault_db, REC_PROFILES, ordered), "profile_version"))
    assert same_shape(doc(fault_db, RECIPIENTS, shuffled)) == same_shape(doc(fault_db, RECIPIENTS, ordered))
    assert doc(fault_db, RECIPIENTS, shuffled)["cadence"] == "weekly"


def match_events(candidate_id: str, first: dict[str, Any], tag: str) -> list[Event]:
    """ProfileCreated v2, OpenJobsFound v2, ProfileCreated v3, OpenJobsFound v3 (in order) after the real v1."""
    def job(name: str) -> dict[str, Any]:
        return {"job_id": f"shuffle-{tag}-{name}", "title": f"Engineer {name}", "company": "Shuffle Ltd",
                "location": "Leeds", "remote": "hybrid", "url": f"https://jobs.example.com/shuffle/{tag}/{name}",
                "score": 0.7, "reasons": [f"reason {name}"]}

    def profile(version: int) -> Event:
        return Event("ProfileCreated", {**first, "profile_version": version, "titles": [f"Title v{version}"]},
                     candidate_id, "candidate_profile")

    def found(version: int, names: str) -> Event:
        payload = {"candidate_id": candidate_id, "profile_version": version, "jobs": [job(n) for n in names]}
        return Event("OpenJobsFound", payload, candidate_id, "job_recommendation")

    return [profile(2), found(2, "ab"), profile(3), found(3, "c")]


def final_state(db: firestore.Client, candidate_id: str) -> dict[str, Any]:
    portal = db.collection(PORTAL).document(candidate_id)
    return {"portal": {k: (portal.get().to_dict() or {})[k] for k in ("status", "profile_version", "profile_revision")},
            "feed": sorted((same_shape(s.to_dict(), "rank") for s in portal.collection(FEED).stream()),
                           key=lambda entry: entry["job_id"]),
            "recommendation": same_shape(doc(db, REC_PROFILES, candidate_id)),
            "emailed": sorted((doc(db, RECIPIENTS, candidate_id) or {}).get("notified", []))}


def test_profile_and_match_events_out_of_order_give_the_same_feed(fault_stack: Stack,
                                                                   fault_db: firestore.Client) -> None:
    people = register_many(fault_stack, 2, workers=2, locations=f"Nowhere {uuid.uuid4().hex[:8]}",
                           remote=QUIET["remote"], salary_min=str(QUIET["salary_min"]))
    ids = [p.candidate_id for p in people]
    wait_for(lambda: all((doc(fault_db, PORTAL, c) or {}).get("status") == "profiled" for c in ids)
             and all(doc(fault_db, REC_PROFILES, c) for c in ids), timeout=120, what="the real profile v1")
    tag = uuid.uuid4().hex[:8]
    shuffled, ordered = (match_events(c, first_profile(fault_db, c), tag) for c in ids)
    deliver_one_by_one(fault_stack, [shuffled[3], shuffled[0], shuffled[1], shuffled[2]])
    deliver_one_by_one(fault_stack, ordered)

    state = {c: final_state(fault_db, c) for c in ids}
    print(f"\n[s3] match events: shuffled feed={[e['job_id'][-1] for e in state[ids[0]]['feed']]} "
          f"emailed={len(state[ids[0]]['emailed'])}; in order feed={[e['job_id'][-1] for e in state[ids[1]]['feed']]} "
          f"emailed={len(state[ids[1]]['emailed'])}")
    assert state[ids[1]]["portal"] == {"status": "matched", "profile_version": 3, "profile_revision": 1}
    assert state[ids[0]] == state[ids[1]]


def first_profile(db: firestore.Client, candidate_id: str) -> dict[str, Any]:
    [entry] = wait_for(lambda: log_entries(db, {candidate_id}, ["ProfileCreated"]), what="profile v1 in the event log")
    return dict(entry["payload"])
