"""A cold start from a snapshot gives the same matches as an index built from every document."""

import dataclasses
import math
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

    import zstandard

    with pytest.raises(ValueError, match="format"):
        load(zstandard.ZstdCompressor().compress(pickle.dumps({"format": -1, "watermarks": {}, "index": None})))


def fields_of(doc: object) -> dict:
    """A document's fields, nested records too, with NaN (an unstated salary, which equals nothing) as None."""
    if not dataclasses.is_dataclass(doc):
        return None if isinstance(doc, float) and math.isnan(doc) else doc
    return {f.name: fields_of(getattr(doc, f.name)) for f in dataclasses.fields(doc)}


def test_documents_come_back_equal_from_their_packed_records() -> None:
    synthetic = Synthetic(NOW, seed=31)
    jobs, profiles = list(synthetic.jobs(300)), list(synthetic.profiles(300))
    original = build(jobs, profiles)
    loaded, _ = load(dump(original, {}))
    for payload in jobs[:50]:
        assert fields_of(loaded.job(payload["job_id"])) == fields_of(original.job(payload["job_id"]))
    for candidate_id in (p["candidate_id"] for p in profiles[:50]):
        assert fields_of(loaded.profile(candidate_id)) == fields_of(original.profile(candidate_id))
    assert sorted(j.job_id for j in loaded.jobs()) == sorted(j.job_id for j in original.jobs())
    again, _ = load(dump(loaded, {}))  # half unpacked, half still packed: both kinds are written back
    assert sorted(p.candidate_id for p in again.profiles()) == sorted(p.candidate_id for p in original.profiles())


def test_a_loaded_index_grows_past_the_size_it_was_saved_at() -> None:
    synthetic = Synthetic(NOW, seed=37)
    profiles = list(synthetic.profiles(1500))
    loaded, _ = load(dump(build([], profiles[:1024]), {}))  # the slot table saved exactly full
    for payload in profiles[1024:]:
        loaded.upsert_profile(payload)
    loaded.remove_profile(profiles[0]["candidate_id"])
    assert sum(1 for _ in loaded.profiles()) == 1499
    assert loaded.profile(profiles[-1]["candidate_id"]) is not None
