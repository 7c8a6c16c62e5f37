"""MatchIndex: open jobs and candidate profiles, kept current one event at a time and matched both ways.

Retrieval reads inverted lists (skill -> jobs, skill -> profiles) as NumPy arrays: one bincount gives every
skill score at once (a sparse matrix-vector product over the postings of the query's skills only), the rest
of the score is computed over those candidates as arrays, candidates that cannot reach the top n are pruned
(ranking.retrieve), and the exact scorer re-ranks the best and writes the reasons. ranking.top_exact says
why the result is the same as scoring every pair.
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from job_recommendation.job_table import JobTable
from job_recommendation.model import JobDoc, Match, ProfileDoc, job_from_payload, profile_from_payload
from job_recommendation.profile_table import ProfileTable
from job_recommendation.ranking import rank
from job_recommendation.reasons import explain
from job_recommendation.scoring import score_pair
from job_recommendation.vector import EPS


class MatchIndex:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        places: dict[str, int] = {}
        tokens: dict[str, int] = {}
        self._jobs = JobTable(places, tokens)
        self._profiles = ProfileTable(places, tokens)
        # Versions outlive removals, so a late, older event cannot bring a closed job or erased profile back.
        self._job_versions: dict[str, int] = {}
        self._profile_versions: dict[str, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        """For a snapshot (snapshots.py): everything but the clock, which the loading instance brings."""
        return {k: v for k, v in self.__dict__.items() if k != "_now"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._now = lambda: datetime.now(UTC)

    def adopt(self, other: "MatchIndex") -> None:
        """Take a loaded snapshot's contents, keeping this index's clock (and identity, which callers hold)."""
        now = self._now
        self.__dict__.update(other.__dict__)
        self._now = now

    def upsert_job(self, job: Mapping[str, Any]) -> bool:
        """Apply a JobPosted payload. False when it is older than the version held (nothing changes).

        A closed job, or one whose expires_at has passed, is removed and stops being recommended.
        """
        doc = job_from_payload(job)
        if doc.version < self._job_versions.get(doc.job_id, doc.version):
            return False
        self._job_versions[doc.job_id] = doc.version
        if job["status"] == "closed" or doc.expires_ts <= self._now_ts():
            self._jobs.drop(doc.job_id)
        else:
            self._jobs.put(doc)
        return True

    def remove_job(self, job_id: str) -> bool:
        return self._jobs.drop(job_id)

    def purge_expired(self) -> list[str]:
        """Drop jobs whose expires_at has passed since they were indexed (queries skip them anyway)."""
        expired = self._jobs.expired(self._now_ts())
        for job_id in expired:
            self._jobs.drop(job_id)
        return expired

    def upsert_profile(self, profile: Mapping[str, Any]) -> bool:
        """Apply a ProfileCreated payload. False when its profile_version is older than the one held.

        The same version again is applied again (harmless), so a redelivered event can still be matched.
        """
        return self.upsert_profile_doc(profile_from_payload(profile))

    def upsert_profile_doc(self, doc: ProfileDoc) -> bool:
        """upsert_profile for a payload already read into a ProfileDoc."""
        if doc.version < self._profile_versions.get(doc.candidate_id, doc.version):
            return False
        self._profile_versions[doc.candidate_id] = doc.version
        self._profiles.put(doc)
        return True

    def remove_profile(self, candidate_id: str) -> bool:
        return self._profiles.drop(candidate_id)

    def job(self, job_id: str) -> JobDoc | None:
        return self._jobs.docs.get(job_id)

    def profile(self, candidate_id: str) -> ProfileDoc | None:
        return self._profiles.docs.get(candidate_id)

    def jobs(self) -> Iterable[JobDoc]:
        return self._jobs.docs.values()

    def profiles(self) -> Iterable[ProfileDoc]:
        return self._profiles.docs.values()

    def match_profile(
        self, candidate_id: str, top_n: int | None = 20, threshold: float = 0.0,
        exclude_job_ids: Collection[str] = frozenset(), profile: ProfileDoc | None = None,
    ) -> list[Match]:
        """The candidate's best open jobs scoring at least threshold, best first; [] for an unknown candidate.
        With `profile`, that profile is matched (the index need not hold it yet)."""
        profile = profile or self._profiles.docs.get(candidate_id)
        if profile is None:
            return []
        now, docs, ids = self._now_ts(), self._jobs.docs, self._jobs.slots.ids
        slots, scores = self._jobs.candidates(profile, now, top_n, threshold, exclude_job_ids)
        best = rank(
            slots, scores, ids, lambda slot: score_pair(profile, docs[ids[slot]], now), top_n, threshold,
        )
        return [Match(job_id, score, explain(profile, docs[job_id], now)) for job_id, score in best]

    def match_job(
        self, job_id: str, top_n: int | None = None, threshold: float = 0.0,
        exclude_candidate_ids: Collection[str] = frozenset(),
    ) -> list[tuple[str, Match]]:
        """(candidate_id, match) for every candidate the open job fits at threshold or more, best first,
        at most top_n of them; [] for an unknown, closed or expired job."""
        job = self._jobs.docs.get(job_id)
        if job is None:
            return []
        now, docs, ids = self._now_ts(), self._profiles.docs, self._profiles.slots.ids
        slots, scores = self._profiles.candidates(job, now, top_n, threshold, exclude_candidate_ids)
        best = rank(
            slots, scores, ids, lambda slot: score_pair(docs[ids[slot]], job, now), top_n, threshold,
        )
        return [(cid, Match(job_id, score, explain(docs[cid], job, now))) for cid, score in best]

    def match_job_after(
        self, job_id: str, after: str, limit: int, threshold: float,
    ) -> list[tuple[str, Match]]:
        """One chunk of a fan-out: candidates the job fits at threshold or more whose id sorts after `after`,
        in id order, at most limit. Id order (not score order) keeps the walk stable while scores drift with
        time and profiles come and go between chunks; every fitting candidate is reached either way."""
        job = self._jobs.docs.get(job_id)
        if job is None:
            return []
        now, docs, ids = self._now_ts(), self._profiles.docs, self._profiles.slots.ids
        slots, scores = self._profiles.candidates(job, now, None, threshold)
        later = sorted(cid for cid in (ids[s] for s in slots[scores + 2 * EPS >= threshold]) if cid and cid > after)
        found: list[tuple[str, Match]] = []
        for candidate_id in later:
            profile = docs[candidate_id]
            score = score_pair(profile, job, now)
            if score is not None and score >= threshold:
                found.append((candidate_id, Match(job_id, score, explain(profile, job, now))))
                if len(found) == limit:
                    break
        return found

    def _now_ts(self) -> float:
        now = self._now()
        return (now if now.tzinfo else now.replace(tzinfo=UTC)).timestamp()
