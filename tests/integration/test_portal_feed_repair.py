"""job_portal.feed_repair, the entry point `ops rebuild-feed` reaches the Portal's feed through, against the
Firestore emulator: it reads the decided fields and the entries, repairs only what it is given, and refuses
to create a candidate or to set a field the feed rules do not decide."""

from __future__ import annotations

import uuid

import pytest
from google.cloud import firestore

from emulator.stack import Stack
from job_portal import feed_repair, feed_rules
from job_portal.collections import CANDIDATES, FEED


def _candidate(db: firestore.Client, entries: dict[str, dict]) -> str:
    candidate_id = f"repair-{uuid.uuid4().hex[:8]}"
    ref = db.collection(CANDIDATES).document(candidate_id)
    ref.set({**feed_rules.INITIAL, "email": "someone@example.com"})
    for job_id, entry in entries.items():
        ref.collection(FEED).document(job_id).set(entry)
    return candidate_id


def test_a_repair_writes_deletes_and_sets_exactly_what_it_is_given(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    candidate_id = _candidate(db, {"kept": {"title": "Kept"}, "extra": {"title": "Extra"}})
    field = next(iter(feed_rules.INITIAL))

    before = feed_repair.live_feed(db, candidate_id)
    assert before is not None and set(before.entries) == {"kept", "extra"}
    assert before.state == dict(feed_rules.INITIAL) and "email" not in before.state
    assert candidate_id in set(feed_repair.candidate_ids(db))

    feed_repair.write_repair(db, candidate_id, {"lost": {"title": "Lost"}}, ["extra"], {field: "repaired"})

    after = feed_repair.live_feed(db, candidate_id)
    assert after is not None and after.entries == {"kept": {"title": "Kept"}, "lost": {"title": "Lost"}}
    assert after.state[field] == "repaired"
    doc = db.collection(CANDIDATES).document(candidate_id).get().to_dict() or {}
    assert doc["email"] == "someone@example.com"  # what the rules do not decide is left alone


def test_a_repair_creates_no_candidate_and_sets_no_other_field(stack: Stack) -> None:
    db = firestore.Client(project=stack.config.project)
    absent = f"absent-{uuid.uuid4().hex[:8]}"
    assert feed_repair.live_feed(db, absent) is None

    with pytest.raises(LookupError, match="creates no one"):
        feed_repair.write_repair(db, absent, {"job": {"title": "T"}}, [], {})
    assert not db.collection(CANDIDATES).document(absent).get().exists
    assert list(db.collection(CANDIDATES).document(absent).collection(FEED).stream()) == []

    candidate_id = _candidate(db, {})
    with pytest.raises(ValueError, match="email"):
        feed_repair.write_repair(db, candidate_id, {}, [], {"email": "other@example.com"})
