"""The exact scorer's formula over NumPy arrays, for one profile against many jobs or one job against many profiles.

Retrieval ranks by these scores; they equal score_pair's up to float rounding, and the index adds a margin
(EPS) before using them as an upper bound.
"""

import numpy as np

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
)

EPS = 1e-9  # far above float rounding (about 1e-16 here), far below any score difference that matters
_SENIORITY = np.array(SENIORITY_FIT)
_PLACE = np.array(PLACE_FIT)

ArrayOrScalar = np.ndarray | float


def partial_score(
    skill: np.ndarray, seniority: np.ndarray, place: np.ndarray, salary: ArrayOrScalar, fresh: ArrayOrScalar,
) -> np.ndarray:
    """Everything but the title, which retrieval adds last and only for candidates that may still rank."""
    return skill + W_SENIORITY * seniority + W_PLACE * place + W_SALARY * salary + W_FRESH * fresh


def seniority_fit(profile_level: np.ndarray | int, job_level: np.ndarray | int) -> np.ndarray:
    return _SENIORITY[np.asarray(profile_level) + 1, np.asarray(job_level) + 1]


def place_fit(preference: np.ndarray | int, policy: np.ndarray | int, in_place: np.ndarray) -> np.ndarray:
    return _PLACE[preference, policy, in_place.astype(np.intp)]


def salary_fit(floor: ArrayOrScalar, low: ArrayOrScalar, high: ArrayOrScalar) -> tuple[np.ndarray, np.ndarray]:
    """(fit, rejected) with the same rules as scoring.salary_fit; NaN means "not stated"."""
    top = np.where(np.isnan(high), low, high)
    no_floor = np.isnan(floor)
    unknown = np.isnan(top)
    rejected = ~no_floor & ~unknown & (top < floor)
    fit = np.where(low >= floor, 1.0, SALARY_PARTLY)
    fit = np.where(unknown, SALARY_UNKNOWN, fit)
    return np.where(no_floor, 1.0, fit), rejected


def freshness(posted: np.ndarray, now_ts: float) -> np.ndarray:
    return np.power(0.5, np.maximum(0.0, now_ts - posted) / FRESH_HALF_LIFE_S)


def jaccard(inter: np.ndarray, size_a: ArrayOrScalar, size_b: ArrayOrScalar) -> np.ndarray:
    """Jaccard from intersection sizes; 0 where nothing is shared (the max() keeps 0/0 away)."""
    return inter / np.maximum(size_a + size_b - inter, 1)
