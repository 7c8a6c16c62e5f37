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


def count_in(values: np.ndarray, ids: list[int], vocabulary: int) -> np.ndarray:
    """How many of ids each row of values holds (ids in 0..vocabulary-1, rows distinct, -1 pads).

    A lookup table and column-wise adds: several times faster than np.isin(...).sum(axis=-1) on short rows.
    """
    table = np.zeros(vocabulary + 1, np.int8)  # the extra last cell is what the -1 padding reads
    table[ids] = 1
    hits = table[values]
    counts = hits[..., 0].astype(np.int64)
    for column in range(1, hits.shape[-1]):
        counts += hits[..., column]
    return counts


def is_in(values: np.ndarray, ids: list[int]) -> np.ndarray:
    found = np.zeros(values.shape, bool)
    for i in ids:
        found |= values == i
    return found


def marked(slots: np.ndarray, marks: np.ndarray, size: int) -> np.ndarray:
    """Which slots are among marks, through a dense mask (marks can be many: every job sent already)."""
    if not len(marks):
        return np.zeros(len(slots), bool)
    mask = np.zeros(size, bool)
    mask[marks] = True
    return mask[slots]
