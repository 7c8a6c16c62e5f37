"""The baseline an engineer would ship instead of an index: a scipy.sparse candidate-by-skill matrix times the
query's skill vector (every skill score in one product), then the exact scorer on the survivors, best skill
score first, stopping once no remaining candidate can reach the top n (skills are at most W_REQUIRED + W_NICE
of a score, so a skill score plus the rest, 1 - that, bounds it). Same answers as scoring every pair."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from job_recommendation.model import JobDoc, ProfileDoc
from job_recommendation.scoring import score_pair
from job_recommendation.weights import W_NICE, W_REQUIRED

REST = 1.0 - (W_REQUIRED + W_NICE)  # the most the title, seniority, place, salary and freshness add
EPS = 1e-9


class VectorScan:
    def __init__(self, profiles: Sequence[ProfileDoc], jobs: Sequence[JobDoc]) -> None:
        self.profiles, self.jobs = list(profiles), list(jobs)
        names = {s for p in self.profiles for s in p.skills} | {s for j in self.jobs for s, _ in j.weighted_skills()}
        self.skill_ids = {name: i for i, name in enumerate(sorted(names))}
        self.by_profile = self._matrix([[(s, 1.0) for s in p.skills] for p in self.profiles])
        self.by_job = self._matrix([j.weighted_skills() for j in self.jobs])

    def match_job(self, job: JobDoc, top_n: int, threshold: float, now_ts: float) -> list[tuple[str, float]]:
        vector = self._vector(job.weighted_skills())
        skill = self.by_profile @ vector
        return _survivors(skill, top_n, threshold, lambda i: score_pair(self.profiles[i], job, now_ts),
                          lambda i: self.profiles[i].candidate_id)

    def match_profile(self, profile: ProfileDoc, top_n: int, threshold: float, now_ts: float,
                      ) -> list[tuple[str, float]]:
        skill = self.by_job @ self._vector([(s, 1.0) for s in profile.skills])
        return _survivors(skill, top_n, threshold, lambda i: score_pair(profile, self.jobs[i], now_ts),
                          lambda i: self.jobs[i].job_id)

    def _matrix(self, rows: list[list[tuple[str, float]]]) -> sparse.csr_matrix:
        indptr, indices, data = [0], [], []
        for row in rows:
            indices += [self.skill_ids[s] for s, _ in row]
            data += [w for _, w in row]
            indptr.append(len(indices))
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.skill_ids)))

    def _vector(self, weighted: list[tuple[str, float]]) -> np.ndarray:
        vector = np.zeros(len(self.skill_ids))
        for name, weight in weighted:
            if name in self.skill_ids:
                vector[self.skill_ids[name]] = weight
        return vector


def _survivors(skill: np.ndarray, top_n: int, threshold: float, exact: Callable[[int], float | None],
               key: Callable[[int], str]) -> list[tuple[str, float]]:
    rows = np.flatnonzero(skill > 0)
    rows = rows[np.argsort(-skill[rows], kind="stable")]
    kth: list[float] = []
    found: list[tuple[float, str]] = []
    for i in rows.tolist():
        if len(kth) == top_n and skill[i] + REST + EPS < kth[0]:
            break
        score = exact(i)
        if score is None or score < threshold:
            continue
        found.append((-score, key(i)))
        (heapq.heappush if len(kth) < top_n else heapq.heappushpop)(kth, score)
    return [(k, -neg) for neg, k in sorted(found)[:top_n]]
