"""The exact, explainable scorer: one candidate against one job. The index and brute force both rank by it."""

import math

from job_recommendation.model import JobDoc, ProfileDoc
from job_recommendation.places import place_fit
from job_recommendation.titles import title_similarity
from job_recommendation.weights import (
    FRESH_HALF_LIFE_S,
    PLACE_FIT,
    SALARY_PARTLY,
    SALARY_UNKNOWN,
    SENIORITY_FIT,
    W_FRESH,
    W_PLACE,
    W_SALARY,
    W_SENIORITY,
    W_TITLE,
)


def score_pair(profile: ProfileDoc, job: JobDoc, now_ts: float) -> float | None:
    """Score in 0..1, or None when a hard filter rules the job out for this candidate.

    Hard filters: the job has expired; it shares no skill with the candidate; its place or work mode does not
    fit them (places.place_fit); the best pay the job states is below the candidate's floor.
    """
    if job.expires_ts <= now_ts:
        return None
    skills = profile.skills
    required = nice = 0
    for name in job.required:
        if name in skills:
            required += 1
    for name in job.nice:
        if name in skills:
            nice += 1
    if not (required or nice):
        return None
    skill = required * job.required_weight + nice * job.nice_weight
    place = place_fit(profile.where, job.where, job.remote)
    if not place.fits:
        return None
    salary = salary_fit(profile.salary_floor, job.salary_min, job.salary_max)
    if salary is None:
        return None
    return (
        skill
        + W_TITLE * title_similarity(profile.title_tokens, job.title_tokens)
        + W_SENIORITY * SENIORITY_FIT[profile.level + 1][job.level + 1]
        + W_PLACE * PLACE_FIT[profile.remote][job.remote][place.in_place]
        + W_SALARY * salary
        + W_FRESH * freshness(job.posted_ts, now_ts)
    )


def salary_fit(floor: float, low: float, high: float) -> float | None:
    """1 when the whole range meets the floor (or there is no floor), None when even its top is below it."""
    if math.isnan(floor):
        return 1.0
    top = low if math.isnan(high) else high
    if math.isnan(top):
        return SALARY_UNKNOWN
    if top < floor:
        return None
    return 1.0 if low >= floor else SALARY_PARTLY


def freshness(posted_ts: float, now_ts: float) -> float:
    return 0.5 ** (max(0.0, now_ts - posted_ts) / FRESH_HALF_LIFE_S)
