"""Score everything, the slow obvious way: the reference the index is tested and benchmarked against."""

import heapq
from collections.abc import Collection, Iterable

from job_recommendation.model import JobDoc, Match, ProfileDoc
from job_recommendation.reasons import explain
from job_recommendation.scoring import score_pair


def brute_force_jobs(
    profile: ProfileDoc, jobs: Iterable[JobDoc], now_ts: float, top_n: int | None = 20, threshold: float = 0.0,
    exclude_job_ids: Collection[str] = frozenset(),
) -> list[Match]:
    scored = []
    for job in jobs:
        score = score_pair(profile, job, now_ts)
        if score is not None and score >= threshold and job.job_id not in exclude_job_ids:
            scored.append((-score, job.job_id, job))
    best = sorted(scored) if top_n is None else heapq.nsmallest(top_n, scored)
    return [Match(job.job_id, -neg, explain(profile, job, now_ts)) for neg, _, job in best]


def brute_force_profiles(
    job: JobDoc, profiles: Iterable[ProfileDoc], now_ts: float, top_n: int | None = None, threshold: float = 0.0,
) -> list[tuple[str, Match]]:
    scored = []
    for profile in profiles:
        score = score_pair(profile, job, now_ts)
        if score is not None and score >= threshold:
            scored.append((-score, profile.candidate_id, profile))
    best = sorted(scored) if top_n is None else heapq.nsmallest(top_n, scored)
    return [(cid, Match(job.job_id, -neg, explain(p, job, now_ts))) for neg, cid, p in best]
