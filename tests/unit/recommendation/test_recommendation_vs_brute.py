"""The index returns exactly what scoring every pair returns (same ids, same scores, same order)."""

import random

import pytest

from job_recommendation import MatchIndex
from job_recommendation.brute import brute_force_jobs, brute_force_profiles
from job_recommendation.scoring import score_pair
from job_recommendation.synthetic import Synthetic
from tests.unit.recommendation.payloads import NOW

TS = NOW.timestamp()
SIZE = 5000


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    """5,000 jobs and profiles with skewed skills, then churn, so removals and updates are covered too."""
    synthetic = Synthetic(NOW, seed=11)
    index = MatchIndex(lambda: NOW)
    jobs, profiles = list(synthetic.jobs(SIZE)), list(synthetic.profiles(SIZE))
    for payload in jobs:
        index.upsert_job(payload)
    for payload in profiles:
        index.upsert_profile(payload)
    rng = random.Random(5)
    for payload in rng.sample(jobs, 300):
        index.remove_job(payload["job_id"])
    for old, new in zip(rng.sample(jobs, 300), synthetic.jobs(300), strict=True):
        index.upsert_job({**new, "job_id": old["job_id"], "version": 2})
    for payload in rng.sample(profiles, 200):
        index.remove_profile(payload["candidate_id"])
    for old, new in zip(rng.sample(profiles, 200), synthetic.profiles(200), strict=True):
        index.upsert_profile({**new, "candidate_id": old["candidate_id"], "profile_version": 2})
    for payload in synthetic.jobs(200, prefix="late"):
        index.upsert_job(payload)
    return index


def some(items, count: int, seed: int) -> list:
    return random.Random(seed).sample(sorted(items, key=str), count)


def as_pairs(matches) -> list[tuple[str, float]]:
    return [(m.job_id, m.score) for m in matches]


@pytest.mark.parametrize(("top_n", "threshold"), [(20, 0.0), (20, 0.5), (1, 0.0), (None, 0.6)])
def test_jobs_for_a_profile_equal_brute_force(index, top_n, threshold):
    for profile in some(index.profiles(), 40, seed=1):
        got = index.match_profile(profile.candidate_id, top_n=top_n, threshold=threshold)
        want = brute_force_jobs(profile, index.jobs(), TS, top_n=top_n, threshold=threshold)
        assert as_pairs(got) == as_pairs(want)
        assert [m.reasons for m in got] == [m.reasons for m in want]


def test_excluding_jobs_already_sent_equals_brute_force(index):
    for profile in some(index.profiles(), 25, seed=2):
        sent = {m.job_id for m in brute_force_jobs(profile, index.jobs(), TS, top_n=10)[::2]}
        got = index.match_profile(profile.candidate_id, top_n=20, exclude_job_ids=sent)
        assert as_pairs(got) == as_pairs(brute_force_jobs(profile, index.jobs(), TS, 20, 0.0, sent))


@pytest.mark.parametrize(("top_n", "threshold"), [(20, 0.0), (20, 0.45), (None, 0.55)])
def test_profiles_for_a_job_equal_brute_force(index, top_n, threshold):
    for job in some(index.jobs(), 40, seed=3):
        got = index.match_job(job.job_id, top_n=top_n, threshold=threshold)
        want = brute_force_profiles(job, index.profiles(), TS, top_n=top_n, threshold=threshold)
        assert [(c, m.score) for c, m in got] == [(c, m.score) for c, m in want]


def test_retrieval_scores_bound_the_exact_scores_and_miss_no_candidate(index):
    """The proof's premise, checked directly: every job that passes the filters is retrieved (with no pruning
    asked for), and its retrieval score is within EPS of its exact score."""
    jobs = index._jobs  # the table under the facade; its contract is what this test is about
    for profile in some(index.profiles(), 30, seed=4):
        slots, scores = jobs.candidates(profile, TS)
        retrieved = {jobs.slots.ids[s]: v for s, v in zip(slots.tolist(), scores.tolist(), strict=True)}
        for job in index.jobs():
            exact = score_pair(profile, job, TS)
            if exact is not None:
                assert retrieved[job.job_id] == pytest.approx(exact, abs=1e-12)
            elif job.job_id in retrieved:
                assert retrieved[job.job_id] == float("-inf")


@pytest.mark.parametrize("chunk", [1, 37, 500])
def test_a_fan_out_walk_reaches_every_fitting_candidate_once_in_id_order(index, chunk):
    for job in some(index.jobs(), 8, seed=6):
        walked, cursor = [], ""
        while found := index.match_job_after(job.job_id, cursor, chunk, 0.45):
            walked += [(cid, m.score, m.reasons) for cid, m in found]
            cursor = found[-1][0]
            if len(found) < chunk:
                break
        want = brute_force_profiles(job, index.profiles(), TS, top_n=None, threshold=0.45)
        assert walked == sorted((cid, m.score, m.reasons) for cid, m in want)
