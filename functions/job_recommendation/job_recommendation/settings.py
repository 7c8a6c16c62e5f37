"""Job Recommendation's settings, parsed once by its composition root (defaults: jobfeed.knobs,
docs/settings.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from jobfeed.knobs import read


@dataclass(frozen=True)
class RecommendationSettings:
    threshold: float = 0.35  # the lowest score a job needs to be recommended
    top_n: int = 20  # jobs recommended at most per profile
    snapshots_bucket: str = ""  # unset: IndexSnapshotDue is a permanent error, cold starts read Firestore
    # Two writes per candidate (the pair record, the outbox entry) must fit one transaction (Firestore allows 500).
    fan_out_chunk: int = 200
    sent_retention: timedelta = timedelta(days=30)  # a sent record outlives its job's closing by this much
    # The index's catch-up (store.py, freshness.py): re-read before the watermark, how old a shared catch-up may
    # be, and the broker-to-instance clock skew allowed for.
    index_overlap: timedelta = timedelta(seconds=1)
    index_reuse_s: float = 0.5
    index_clock_margin: timedelta = timedelta(seconds=0.25)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RecommendationSettings:
        chunk = int(read(env, "JOBFEED_FAN_OUT_CHUNK"))
        if not 1 <= chunk <= 240:
            raise ValueError(f"JOBFEED_FAN_OUT_CHUNK must be 1 to 240 (two writes per candidate, 500 per "
                             f"transaction), got {chunk}")
        return cls(threshold=float(read(env, "JOBFEED_MATCH_THRESHOLD")), top_n=int(read(env, "JOBFEED_MATCH_TOP_N")),
                   snapshots_bucket=read(env, "JOBFEED_SNAPSHOTS_BUCKET"), fan_out_chunk=chunk,
                   sent_retention=timedelta(days=int(read(env, "JOBFEED_SENT_RETENTION_DAYS"))),
                   index_overlap=timedelta(seconds=float(read(env, "JOBFEED_INDEX_OVERLAP_S"))),
                   index_reuse_s=float(read(env, "JOBFEED_INDEX_REUSE_S")),
                   index_clock_margin=timedelta(seconds=float(read(env, "JOBFEED_INDEX_CLOCK_MARGIN_S"))))
