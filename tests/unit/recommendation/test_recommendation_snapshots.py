"""A cold start from a snapshot gives the same matches as an index built from every document."""

import random

import pytest

from job_recommendation import MatchIndex
from job_recommendation.snapshots import dump, load
from job_recommendation.synthetic import Synthetic
from tests.unit.recommendation.payloads import NOW

SIZE = 3000


def build(jobs: list[dict], profiles: list[dict]) -> MatchIndex:
    index = MatchIndex(lambda: NOW)
    for payload in jobs:
        index.upsert_job(payload)
    for payload in profiles:
        index.upsert_profile(payload)
    return index


def answers(index: MatchIndex, job_ids: list[str], candidate_ids: list[str]) -> list:
    found = [[(m.job_id, m.score, m.reasons) for m in index.match_profile(cid, 20, 0.3)] for cid in candidate_ids]
    found += [[(cid, m.score) for cid, m in index.match_job(jid, None, 0.45)] for jid in job_ids]
    return found


def test_snapshot_then_catch_up_equals_building_from_every_document() -> None:
    synthetic = Synthetic(NOW, seed=23)
    jobs, profiles = list(synthetic.jobs(SIZE)), list(synthetic.profiles(SIZE))
    early, late = profiles[: SIZE // 2], profiles[SIZE // 2:]
    rng = random.Random(3)
    changed = [{**p, "profile_version": 2, "skills": p["skills"][:3]} for p in rng.sample(early, 200)]
    closed = [{**j, "version": 2, "status": "closed"} for j in rng.sample(jobs, 100)]

    snapshot_bytes = dump(build(jobs, early), {"jobs": NOW})
    loaded, watermarks = load(snapshot_bytes)
    cold = MatchIndex(lambda: NOW)
    cold.adopt(loaded)
    for payload in late + changed:  # what the catch-up reads: documents changed after the snapshot
        cold.upsert_profile(payload)
    for payload in closed:
        cold.upsert_job(payload)
    cold.remove_profile(early[0]["candidate_id"])  # an erasure after the snapshot

    from_documents = build([*jobs, *closed], [*early, *late, *changed])
    from_documents.remove_profile(early[0]["candidate_id"])
    sample_jobs = [j["job_id"] for j in rng.sample(jobs, 40)]
    sample_candidates = [p["candidate_id"] for p in rng.sample(profiles, 60)]
    assert watermarks == {"jobs": NOW}
    assert answers(cold, sample_jobs, sample_candidates) == answers(from_documents, sample_jobs, sample_candidates)
    assert sum(1 for _ in cold.profiles()) == sum(1 for _ in from_documents.profiles())


def test_an_older_version_after_the_snapshot_still_loses() -> None:
    synthetic = Synthetic(NOW, seed=29)
    jobs = list(synthetic.jobs(10))
    newer = {**jobs[0], "version": 3, "status": "closed"}
    loaded, _ = load(dump(build([*jobs, newer], []), {}))
    assert loaded.upsert_job({**jobs[0], "version": 2}) is False
    assert loaded.job(jobs[0]["job_id"]) is None


def test_a_snapshot_of_another_format_is_refused() -> None:
    import pickle
    import zlib

    with pytest.raises(ValueError, match="format"):
        load(zlib.compress(pickle.dumps({"format": -1, "watermarks": {}, "index": None})))
