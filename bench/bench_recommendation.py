"""Job Recommendation benchmark: the match index next to a vectorised scan (scipy.sparse, bench/vector_scan.py)
and a pure-Python scan, 100,000 jobs x 100,000 profiles.

Skills: 2,000-skill vocabulary, 6-16 per job or profile, power-law popularity with the commonest skill in
about 15% of jobs. A query is what one event costs: upsert the new profile (or job), then match it against
everything, top 20 with reasons. The vectorised scan answers every query too (the baseline the index must beat by
2x at p95 to be worth keeping); brute force scores every pair with the same exact scorer, on a sample.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from job_recommendation import MatchIndex
from job_recommendation.brute import brute_force_jobs, brute_force_profiles
from job_recommendation.model import job_from_payload, profile_from_payload
from job_recommendation.synthetic import Synthetic

from .vector_scan import VectorScan

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SIZE = 100_000
QUERIES = 200  # timed with the index
BRUTE_QUERIES = 30  # the first of them also timed with brute force, and compared with it
TOP_N = 20

Pairs = list[tuple[str, float]]
Query = Callable[[dict[str, Any]], Pairs]


def run() -> dict[str, float | int | str]:
    synthetic = Synthetic(NOW, seed=2026)
    index, build_s, memory_mb = _build(synthetic)
    results: dict[str, float | int | str] = {
        "recommendation_jobs": SIZE, "recommendation_profiles": SIZE,
        "recommendation_top_skill_job_share": round(_top_skill_share(index), 3),
        "recommendation_build_s": round(build_s, 1), "recommendation_memory_mb": round(memory_mb),
    }
    now_ts = NOW.timestamp()

    def profile_query(payload: dict[str, Any]) -> Pairs:
        index.upsert_profile(payload)
        return [(m.job_id, m.score) for m in index.match_profile(payload["candidate_id"], TOP_N)]

    def profile_brute(payload: dict[str, Any]) -> Pairs:
        found = brute_force_jobs(profile_from_payload(payload), index.jobs(), now_ts, TOP_N)
        return [(m.job_id, m.score) for m in found]

    def job_query(payload: dict[str, Any]) -> Pairs:
        index.upsert_job(payload)
        return [(cid, m.score) for cid, m in index.match_job(payload["job_id"], TOP_N)]

    def job_brute(payload: dict[str, Any]) -> Pairs:
        found = brute_force_profiles(job_from_payload(payload), index.profiles(), now_ts, TOP_N)
        return [(cid, m.score) for cid, m in found]

    def profile_scan(payload: dict[str, Any]) -> Pairs:
        return scan.match_profile(profile_from_payload(payload), TOP_N, 0.0, now_ts)

    def job_scan(payload: dict[str, Any]) -> Pairs:
        return scan.match_job(job_from_payload(payload), TOP_N, 0.0, now_ts)

    scan = VectorScan(list(index.profiles()), list(index.jobs()))  # as the profile queries find the index
    results |= _compare("profile", synthetic.profiles(QUERIES, prefix="new"), profile_query, profile_brute,
                        profile_scan)
    scan = VectorScan(list(index.profiles()), list(index.jobs()))  # with the 200 new profiles
    results |= _compare("job", synthetic.jobs(QUERIES, prefix="new"), job_query, job_brute, job_scan)
    return results


def _build(synthetic: Synthetic) -> tuple[MatchIndex, float, float]:
    """The index over SIZE jobs and SIZE profiles; seconds spent in upserts only (not in making the data up),
    and the resident memory it added (payloads are made one at a time and dropped)."""
    gc.collect()
    rss = _rss_mb()
    index = MatchIndex(lambda: NOW)
    elapsed = 0.0
    sources = ((index.upsert_job, synthetic.jobs(SIZE)), (index.upsert_profile, synthetic.profiles(SIZE)))
    for upsert, payloads in sources:
        for payload in payloads:
            started = time.perf_counter()
            upsert(payload)
            elapsed += time.perf_counter() - started
    gc.collect()
    return index, elapsed, _rss_mb() - rss


def _compare(direction: str, payloads: Iterator[dict[str, Any]], query: Query, brute: Query, scan: Query,
             ) -> dict[str, float]:
    fast, slow, same, vector, same_vector = [], [], 0, [], 0
    for i, payload in enumerate(payloads):
        started = time.perf_counter()
        want_scan = scan(payload)
        vector.append(time.perf_counter() - started)
        started = time.perf_counter()
        got = query(payload)
        fast.append(time.perf_counter() - started)
        same_vector += _same(got, want_scan)
        if i < BRUTE_QUERIES:
            started = time.perf_counter()
            want = brute(payload)
            slow.append(time.perf_counter() - started)
            same += got == want
    key = f"recommendation_{direction}"
    return {
        f"{key}_p50_ms": _ms(_percentile(fast, 0.5)), f"{key}_p95_ms": _ms(_percentile(fast, 0.95)),
        f"{key}_brute_p50_ms": _ms(_percentile(slow, 0.5)), f"{key}_brute_p95_ms": _ms(_percentile(slow, 0.95)),
        f"{key}_speedup_p50": round(statistics.median(slow) / statistics.median(fast), 1),
        f"{key}_speedup_p95": round(_percentile(slow, 0.95) / _percentile(fast, 0.95), 1),
        f"{key}_top20_same_share": same / len(slow),
        f"{key}_vector_p50_ms": _ms(_percentile(vector, 0.5)), f"{key}_vector_p95_ms": _ms(_percentile(vector, 0.95)),
        f"{key}_index_vs_vector_p95": round(_percentile(vector, 0.95) / _percentile(fast, 0.95), 1),
        f"{key}_vector_top20_same_share": same_vector / len(vector),
    }


def _same(got: Pairs, want: Pairs) -> bool:
    """Same ids in the same order, scores equal up to float rounding (the scan sums in another order)."""
    return [k for k, _ in got] == [k for k, _ in want] and all(
        abs(a - b) < 1e-9 for (_, a), (_, b) in zip(got, want, strict=True))


def _top_skill_share(index: MatchIndex) -> float:
    counts = Counter(skill for job in index.jobs() for skill in job.required + job.nice)
    return counts.most_common(1)[0][1] / sum(1 for _ in index.jobs())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
