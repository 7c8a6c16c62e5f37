"""Job Recommendation's settings, parsed once by its composition root (defaults: jobfeed.knobs,
docs/settings.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobfeed.knobs import read


@dataclass(frozen=True)
class RecommendationSettings:
    threshold: float = 0.35  # the lowest score a job needs to be recommended
    top_n: int = 20  # jobs recommended at most per profile
    snapshots_bucket: str = ""  # unset: IndexSnapshotDue is a permanent error, cold starts read Firestore

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RecommendationSettings:
        return cls(threshold=float(read(env, "JOBFEED_MATCH_THRESHOLD")), top_n=int(read(env, "JOBFEED_MATCH_TOP_N")),
                   snapshots_bucket=read(env, "JOBFEED_SNAPSHOTS_BUCKET"))
