"""The candidates' profiles, indexed for "who fits this new job?"."""

import math
from collections.abc import Collection

import numpy as np

from job_recommendation.model import MAX_TITLES, JobDoc, ProfileDoc
from job_recommendation.packed_docs import profile_docs
from job_recommendation.places import MAX_OFFSETS
from job_recommendation.postings import Postings
from job_recommendation.ranking import retrieve
from job_recommendation.scoring import freshness
from job_recommendation.slots import SlotTable
from job_recommendation.titles import MAX_TITLE_TOKENS
from job_recommendation.vector import (
    count_in,
    jaccard,
    marked,
    partial_score,
    place_fit,
    salary_fit,
    seniority_fit,
)
from job_recommendation.weights import REMOTE

_COLUMNS = {
    "level": (np.int8, -1, ()),
    "remote": (np.int8, 0, ()),
    "anywhere": (np.bool_, False, ()),  # no locations given: every place is in place
    "salary_floor": (np.float64, math.nan, ()),
    "relocate": (np.bool_, False, ()),
    "offsets": (np.float64, math.nan, (MAX_OFFSETS,)),  # UTC offsets of the places known, NaN padded
    "titles": (np.int32, -1, (MAX_TITLES, MAX_TITLE_TOKENS)),  # token ids, -1 padded
    "title_sizes": (np.int16, 0, (MAX_TITLES,)),
}


class ProfileTable:
    def __init__(self, places: dict[str, int], tokens: dict[str, int]) -> None:
        self.slots = SlotTable(_COLUMNS)
        self.docs = profile_docs()
        self._places = places
        self._tokens = tokens
        self._skills = Postings()  # skill -> profiles
        self._in_place = Postings()  # place-part id -> profiles who named it as their most specific part
        self._areas = Postings()  # place-part id -> profiles with a place inside it (for remote limits)

    def put(self, profile: ProfileDoc) -> None:
        self.drop(profile.candidate_id)
        slot = self.slots.allocate(profile.candidate_id)
        row = self.slots.columns
        row["level"][slot], row["remote"][slot] = profile.level, profile.remote
        where = profile.where
        row["anywhere"][slot], row["salary_floor"][slot] = not where.keys, profile.salary_floor
        row["relocate"][slot] = where.relocate
        row["offsets"][slot, : len(where.offsets)] = where.offsets
        for i, title in enumerate(profile.title_tokens):
            tokens = [self._tokens.setdefault(t, len(self._tokens)) for t in title]
            row["titles"][slot, i, : len(tokens)] = tokens
            row["title_sizes"][slot, i] = len(tokens)
        for skill in profile.skills:
            self._skills.add(skill, slot)
        for place in self._ids(profile.where.keys):
            self._in_place.add(place, slot)
        for place in self._ids(profile.where.areas):
            self._areas.add(place, slot)
        self.docs[profile.candidate_id] = profile

    def drop(self, candidate_id: str) -> bool:
        profile = self.docs.pop(candidate_id, None)
        if profile is None:
            return False
        slot = self.slots.release(candidate_id)
        for skill in profile.skills:
            self._skills.remove(skill, slot)
        for place in self._ids(profile.where.keys):
            self._in_place.remove(place, slot)
        for place in self._ids(profile.where.areas):
            self._areas.remove(place, slot)
        return True

    def candidates(
        self, job: JobDoc, now_ts: float, top_n: int | None = None, threshold: float = 0.0,
        exclude: Collection[str] = (),
    ) -> tuple[np.ndarray, np.ndarray]:
        """Profiles sharing a skill with the job that may reach its top n, and their retrieval scores."""
        if job.expires_ts <= now_ts:
            return np.zeros(0, np.int64), np.zeros(0)
        weighted = [(s, w) for s, w in job.weighted_skills() if self._skills.size(s)]
        values, _, counts = self._skills.gather(s for s, _ in weighted)
        weights = np.repeat([w for _, w in weighted], counts)
        skill = np.bincount(values, weights, minlength=self.slots.high)
        slots = np.flatnonzero(skill > 0)  # a bool array: several times faster here
        partial = self._partial(job, slots, skill[slots], now_ts, self.slots.slots_for(exclude))
        return retrieve(slots, partial, lambda some: self._titles(job, some), top_n, threshold)

    def _partial(
        self, job: JobDoc, slots: np.ndarray, skill: np.ndarray, now_ts: float, excluded: np.ndarray,
    ) -> np.ndarray:
        column = self.slots.columns
        fits, in_place = self._place(job, slots)
        remote = column["remote"][slots]
        salary, rejected = salary_fit(column["salary_floor"][slots], job.salary_min, job.salary_max)
        scores = partial_score(
            skill, seniority_fit(column["level"][slots], job.level), place_fit(remote, job.remote, in_place),
            salary, freshness(job.posted_ts, now_ts),
        )
        scores[rejected | ~fits | marked(slots, excluded, self.slots.high)] = -np.inf
        return scores

    def _place(self, job: JobDoc, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(fits, in_place) per profile: places.place_fit over arrays."""
        column, where = self.slots.columns, job.where
        anywhere = column["anywhere"][slots]
        in_place = self._holding(self._in_place, where.parts, slots) | anywhere
        if job.remote != REMOTE:
            return in_place | column["relocate"][slots], in_place
        within = self._holding(self._areas, where.names, slots) if where.names else np.ones(len(slots), bool)
        if where.band is not None:
            offsets = column["offsets"][slots]
            within &= ((where.band[0] <= offsets) & (offsets <= where.band[1])).any(axis=1)
        return within | anywhere, in_place

    def _holding(self, postings: Postings, names: frozenset[str], slots: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.slots.high, bool)
        ids = [self._places[n] for n in names if n in self._places]
        if ids:
            mask[postings.gather(ids)[0]] = True
        return mask[slots]

    def _ids(self, names: frozenset[str]) -> list[int]:
        return [self._places.setdefault(name, len(self._places)) for name in names]

    def _titles(self, job: JobDoc, slots: np.ndarray) -> np.ndarray:
        ids = [self._tokens[t] for t in job.title_tokens if t in self._tokens]
        if not ids:
            return np.zeros(len(slots))
        inter = count_in(self.slots.columns["titles"][slots], ids, len(self._tokens))
        sizes = self.slots.columns["title_sizes"][slots]
        return jaccard(inter, sizes, len(job.title_tokens)).max(axis=1)
