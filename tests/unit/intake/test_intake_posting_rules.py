"""Intake's versioning rule: unchanged re-sends are nothing new, anything else is the job's next version."""

from __future__ import annotations

from typing import Any

import pytest

from job_intake.posting_rules import next_version

POSTING = {"job_id": "j1", "title": "Data Engineer", "skills": ["Python"], "posted_at": "2026-11-01T00:00:00Z"}


@pytest.mark.parametrize("stored, posting, version", [
    (None, POSTING, 1),  # first time
    ({**POSTING, "version": 3}, {**POSTING, "title": "Senior Data Engineer"}, 4),  # changed: the next version
    ({**POSTING, "version": 3}, {**POSTING, "skills": ["Python", "SQL"]}, 4),
    ({**POSTING, "version": 3}, {**POSTING, "remote": "remote"}, 4),  # a field it did not have before
    ({**POSTING, "version": 3}, POSTING, None),  # re-sent unchanged (a redelivered feed): nothing new
    ({**POSTING, "version": 3}, {**POSTING, "posted_at": "2026-11-20T00:00:00Z"}, None),  # only restamped
    ({"job_id": "j1"}, POSTING, 1),  # a stored document without a version counts from 0
])
def test_a_posting_is_the_next_version_unless_nothing_but_its_stamp_changed(
        stored: dict[str, Any] | None, posting: dict[str, Any], version: int | None) -> None:
    decided = next_version(stored, posting)
    assert (decided or {}).get("version") == version
    if decided is not None:
        assert {k: v for k, v in decided.items() if k != "version"} == posting
