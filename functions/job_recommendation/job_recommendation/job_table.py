"""The open jobs, indexed for "which jobs fit this profile?"."""

import math
from collections.abc import Collection

import numpy as np

from job_recommendation.model import JobDoc, ProfileDoc
from job_recommendation.packed_docs import job_docs
from job_recommendation.places import MAX_JOB_PARTS, MAX_PARTS
from job_recommendation.postings import Postings
from job_recommendation.ranking import retrieve
from job_recommendation.slots import SlotTable
from job_recommendation.titles import MAX_TITLE_TOKENS
from job_recommendation.vector import (
    count_in,
    freshness,
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
    "parts": (np.int32, -1, (MAX_JOB_PARTS,)),  # place-part ids of where the job is, -1 padded
    "names": (np.int32, -1, (MAX_PARTS,)),  # a remote job's country/region limit
    "band_lo": (np.float64, math.nan, ()),  # a remote job's UTC offset limit; NaN when none
    "band_hi": (np.float64, math.nan, ()),
    "salary_min": (np.float64, math.nan, ()),
    "salary_max": (np.float64, math.nan, ()),
    "posted": (np.float64, 0.0, ()),
    "expires": (np.float64, math.inf, ()),
    "title": (np.int32, -1, (MAX_TITLE_TOKENS,)),  # token ids, -1 padded
    "title_size": (np.int16, 0, ()),
}


class JobTable:
    def __init__(self, places: dict[str, int], tokens: dict[str, int]) -> None:
        self.slots = SlotTable(_COLUMNS)
        self.docs = job_docs()
        self._places = places  # place name -> id, shared with the profile table
        self._tokens = tokens  # title token -> id, shared too
        self._skills = Postings(weighted=True)  # skill -> jobs, weighted by the skill's weight in that job

    def put(self, job: JobDoc) -> None:
        self.drop(job.job_id)
        slot = self.slots.allocate(job.job_id)
        row = self.slots.columns
        row["level"][slot], row["remote"][slot] = job.level, job.remote
        self._put_ids(row["parts"][slot], job.where.parts)
        self._put_ids(row["names"][slot], job.where.names)
        row["band_lo"][slot], row["band_hi"][slot] = job.where.band or (math.nan, math.nan)
        row["salary_min"][slot], row["salary_max"][slot] = job.salary_min, job.salary_max
        row["posted"][slot], row["expires"][slot] = job.posted_ts, job.expires_ts
        tokens = [self._tokens.setdefault(t, len(self._tokens)) for t in job.title_tokens]
        row["title"][slot, : len(tokens)] = tokens
        row["title_size"][slot] = len(tokens)
        for skill, weight in job.weighted_skills():
            self._skills.add(skill, slot, weight)
        self.docs[job.job_id] = job

    def drop(self, job_id: str) -> bool:
        job = self.docs.pop(job_id, None)
        if job is None:
            return False
        slot = self.slots.release(job_id)
        for skill in job.required + job.nice:
            self._skills.remove(skill, slot)
        return True

    def expired(self, now_ts: float) -> list[str]:
        slots = np.flatnonzero(self.slots.alive & (self.slots.columns["expires"] <= now_ts))
        return [self.slots.ids[s] for s in slots]

    def candidates(
        self, profile: ProfileDoc, now_ts: float, top_n: int | None = None, threshold: float = 0.0,
        exclude: Collection[str] = (),
    ) -> tuple[np.ndarray, np.ndarray]:
        """Jobs sharing a skill with the profile that may reach its top n, and their retrieval scores."""
        values, weights, _ = self._skills.gather(profile.skills)
        skill = np.bincount(values, weights, minlength=self.slots.high)
        slots = np.flatnonzero(skill > 0)  # a bool array: several times faster here
        partial = self._partial(profile, slots, skill[slots], now_ts, self.slots.slots_for(exclude))
        return retrieve(slots, partial, lambda some: self._titles(profile, some), top_n, threshold)

    def _partial(
        self, profile: ProfileDoc, slots: np.ndarray, skill: np.ndarray, now_ts: float, excluded: np.ndarray,
    ) -> np.ndarray:
        column = self.slots.columns
        fits, in_place = self._place(profile, slots)
        remote = column["remote"][slots]
        salary, rejected = salary_fit(profile.salary_floor, column["salary_min"][slots], column["salary_max"][slots])
        scores = partial_score(
            skill, seniority_fit(profile.level, column["level"][slots]), place_fit(profile.remote, remote, in_place),
            salary, freshness(column["posted"][slots], now_ts),
        )
        rejected |= (column["expires"][slots] <= now_ts) | marked(slots, excluded, self.slots.high) | ~fits
        scores[rejected] = -np.inf
        return scores

    def _place(self, profile: ProfileDoc, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(fits, in_place) per job: places.place_fit over arrays."""
        where, column = profile.where, self.slots.columns
        if not where.keys:
            everywhere = np.ones(len(slots), bool)
            return everywhere, everywhere
        in_place = self._holds(column["parts"][slots], where.keys)
        names = column["names"][slots]
        within = (names[:, 0] < 0) | self._holds(names, where.areas)
        low, high = column["band_lo"][slots], column["band_hi"][slots]
        in_band = np.isnan(low)
        for offset in where.offsets:
            in_band |= (low <= offset) & (offset <= high)
        remote = column["remote"][slots] == REMOTE
        return np.where(remote, within & in_band, in_place | where.relocate), in_place

    def _holds(self, rows: np.ndarray, names: frozenset[str]) -> np.ndarray:
        """Which rows of place-part ids hold one of names."""
        ids = [self._places[n] for n in names if n in self._places]
        return count_in(rows, ids, len(self._places)) > 0 if ids else np.zeros(len(rows), bool)

    def _put_ids(self, row: np.ndarray, names: frozenset[str]) -> None:
        ids = [self._places.setdefault(n, len(self._places)) for n in sorted(names)]
        row[: len(ids)] = ids

    def _titles(self, profile: ProfileDoc, slots: np.ndarray) -> np.ndarray:
        best = np.zeros(len(slots))
        tokens, sizes = self.slots.columns["title"][slots], self.slots.columns["title_size"][slots]
        for title in profile.title_tokens:
            ids = [self._tokens[t] for t in title if t in self._tokens]
            if ids:
                inter = count_in(tokens, ids, len(self._tokens))
                np.maximum(best, jaccard(inter, len(title), sizes), out=best)
        return best
