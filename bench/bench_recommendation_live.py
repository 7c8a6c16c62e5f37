"""Job Recommendation on real emulators: cold start at 100k jobs x 100k profiles from Firestore and from a
snapshot, a fan-out to 10,000 candidates, and a warm instance under a burst.

Starts its own Firestore, Pub/Sub and Cloud Storage emulators (ports of its own, beside any running stack) and
runs the function's own code in this process: jobfeed.consumer.consume with real clients, the way
functions-framework calls it, one fresh composition root per "instance".
- Cold start: a new instance handles one ProfileCreated; time to its first match and the documents its index
  read. From Firestore: every job and profile (today's path). From the snapshot: the newest snapshot, written
  by the scheduled IndexSnapshotDue, and the documents changed since. Both must give the same matches.
- Fan-out: a JobPosted that fits FAN_OUT candidates, then every JobFanOutDue it causes (pulled from the topic),
  until the last chunk: candidates reached per second.
- Burst: BURST ProfileCreated events published at once, then delivered on 8 threads (functions-framework's
  threads on 2 cores) to a warm instance as fast as it takes them: events per second. Each delivery carries the
  time its event was published (before the burst began), as Pub/Sub's publishTime does for a backlog. Measured
  with the strict catch-up rule (JOBFEED_INDEX_REUSE_S=0: one catch-up per arrival, shared only by events that
  asked before it started) and with the default (freshness.py: a catch-up serves the events published before it
  started), in the same minutes: after a warm-up burst (the first one unpacks the snapshot's job records), eight
  bursts of BURST/4 in the order ABBA BAAB, so drift weighs on both alike. Throughput varies a lot from burst to
  burst on a shared machine (the same code in both modes has differed by 1.7x); the catch-up time per event and
  the query count are the steadier figures. When the population is larger than LOCAL (10k), the same bursts run
  again on LOCAL documents on fresh emulators (`recommendation_burst_10k_*`): at 100k each catch-up query makes
  the Firestore emulator scan the collection for seconds, so the first bursts measure the emulator's scans.
JOBFEED_BENCH_REC_SIZE shrinks the population for a quick look; JOBFEED_BENCH_REC_COLD_ONLY=1 runs the cold starts
only.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.emulators import emulators
from jobfeed.collections import outbox_collection

ROOT = Path(__file__).resolve().parent.parent
SIZE = int(os.environ.get("JOBFEED_BENCH_REC_SIZE", "100000"))
FAN_OUT = min(10_000, SIZE // 2)
LOCAL = 10_000  # when SIZE is larger, the bursts run again on this many documents (run() says why)
BURST, THREADS = 400, 8
ORDER = (True, False, False, True, False, True, True, False)  # strict or shared, BURST / 4 each: ABBA BAAB
COLD_ONLY = os.environ.get("JOBFEED_BENCH_REC_COLD_ONLY") == "1"  # skip the fan-out and the burst
PROJECT, BUCKET = "jobfeed-bench-rec", "jobfeed-bench-rec-snapshots"
FAN_OUT_SKILL = "Lighthouse Optics"
LOADED: dict[str, float] = {}  # how long the snapshot instance's loader took (list, download, decompress, unpickle)
NOW = datetime.now(UTC)


def run() -> dict[str, float | int | str]:
    with _backends():
        results = _market()
    if SIZE > LOCAL and not COLD_ONLY:
        # At 100k every catch-up query makes the Firestore emulator scan the collection for seconds (Firestore
        # reads an index), longer than a catch-up may be shared: the burst above measures the emulator. The same
        # bursts on LOCAL documents, on fresh emulators, measure the code.
        with _backends():
            _seed(LOCAL)
            service, cache = _instance(from_snapshot=False)
            _consume(service, _new_profile())  # the cold start: its first catch-up reads every job
            results |= {name.replace("recommendation_burst", f"recommendation_burst_{LOCAL // 1000}k"): value
                        for name, value in _bursts(service, cache).items()}
    return results


def _market() -> dict[str, float | int | str]:
    """SIZE x SIZE: the cold starts, the snapshot, the fan-out and the bursts."""
    seed_s = _seed()
    results: dict[str, float | int | str] = {"recommendation_live_size": SIZE,
                                             "recommendation_live_seed_s": round(seed_s, 1)}
    cold_firestore = _cold_start(from_snapshot=False)
    results |= _figures("firestore", cold_firestore)
    results["recommendation_snapshot_write_s"], results["recommendation_snapshot_mb"] = _snapshot(
        cold_firestore["service"])
    sample = cold_firestore.pop("sample")
    del cold_firestore
    gc.collect()
    cold_snapshot = _cold_start(from_snapshot=True)
    results |= _figures("snapshot", cold_snapshot)
    results["recommendation_cold_snapshot_load_s"] = round(LOADED.get("seconds", -1.0), 2)
    results["recommendation_snapshot_same_matches"] = int(cold_snapshot.pop("sample") == sample)
    results["recommendation_cold_snapshot_read_share"] = round(
        results["recommendation_cold_snapshot_reads"] / results["recommendation_cold_firestore_reads"], 5)
    service = cold_snapshot["service"]
    if not COLD_ONLY:
        results |= _fan_out(service)
        results |= _bursts(service, cold_snapshot["cache"])
    return results


def _figures(path: str, measured: dict[str, Any]) -> dict[str, float | int]:
    return {f"recommendation_cold_{path}_first_match_s": round(measured["seconds"], 2),
            f"recommendation_cold_{path}_reads": measured["reads"],
            f"recommendation_cold_{path}_matches": measured["matches"]}


# --- the scenarios ---------------------------------------------------------------------------------------------

def _seed(size: int = SIZE) -> float:
    """size jobs and size profiles as Recommendation stores them (the first FAN_OUT profiles share a skill)."""
    from google.cloud import firestore

    from job_recommendation.collections import JOBS, PROFILES
    from job_recommendation.synthetic import Synthetic

    db = firestore.Client(project=PROJECT)
    synthetic = Synthetic(NOW, seed=2026)
    started = time.perf_counter()
    jobs = ((p["job_id"], p) for p in synthetic.jobs(size))
    profiles = ((p["candidate_id"], _with_fan_out_skill(p, i)) for i, p in enumerate(synthetic.profiles(size)))
    with ThreadPoolExecutor(THREADS) as pool:
        for collection, docs in ((JOBS, jobs), (PROFILES, profiles)):
            list(pool.map(lambda chunk, c=collection: _write(db, c, chunk), _chunks(docs, 400)))
    _progress(f"seeded {size} jobs and {size} profiles in {time.perf_counter() - started:.1f}s")
    return time.perf_counter() - started


def _with_fan_out_skill(profile: dict[str, Any], i: int) -> dict[str, Any]:
    if i < FAN_OUT:
        profile = {**profile, "skills": [*profile["skills"], FAN_OUT_SKILL], "remote": "remote"}
    return {**profile, "candidate_revision": 1, "open_to_relocation": False}


def _cold_start(from_snapshot: bool) -> dict[str, Any]:
    """Time to the first match of a new instance, and what its index read to get there.

    The sample of matches is taken where both instances hold the same documents: the Firestore instance after
    its two events, the snapshot instance (whose snapshot holds those) before its own."""
    from jobfeed.events import Event

    service, cache = _instance(from_snapshot)
    event = _new_profile()
    started = time.perf_counter()
    cache.refresh()  # what the first event does first; timed apart so the sample can sit between
    loading = time.perf_counter() - started
    sample = _sample_matches(cache) if from_snapshot else None
    started = time.perf_counter()
    _consume(service, event)
    seconds = loading + time.perf_counter() - started
    reads = cache.documents_read  # the load and the catch-ups up to the first match
    matches = _outbox_jobs(cache.db, event)
    if not from_snapshot:
        job = _job()  # ordinary traffic after the cold start, so the watermarks move past the bulk seed
        _consume(service, Event("JobPosted", job, f"job-{job['job_id']}", "bench"))
        sample = _sample_matches(cache)
    _progress(f"cold start from {'snapshot' if from_snapshot else 'Firestore'}: {seconds:.2f}s, {reads} reads")
    return {"service": service, "cache": cache, "seconds": seconds, "reads": reads, "matches": matches,
            "sample": sample}


def _snapshot(service: Any) -> tuple[float, float]:
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    from jobfeed.events import Event

    started = time.perf_counter()
    _consume(service, Event("IndexSnapshotDue", {"keep_last": 2}, "bench-snapshot", "bench"))
    seconds = time.perf_counter() - started
    bucket = storage.Client(project=PROJECT, credentials=AnonymousCredentials()).bucket(BUCKET)
    size = max(blob.size or 0 for blob in bucket.list_blobs())
    return round(seconds, 2), round(size / 2**20, 1)


def _fan_out(service: Any) -> dict[str, float | int]:
    from google.cloud import firestore, pubsub_v1
    from google.cloud.firestore_v1.base_query import FieldFilter

    from job_recommendation.collections import SENT
    from jobfeed.events import Event, decode

    subscriber = pubsub_v1.SubscriberClient()
    subscription = subscriber.subscription_path(PROJECT, "bench-fan-out")
    job = _job(required_skills=[FAN_OUT_SKILL], nice_skills=[], salary_min=None, salary_max=None)
    started = time.perf_counter()
    _consume(service, Event("JobPosted", job, f"job-{job['job_id']}", "bench"))
    chunks = 1
    while received := _pull(subscriber, subscription):
        for message in received:
            _consume(service, decode(message.message.data, "JobFanOutDue"))
            chunks += 1
        subscriber.acknowledge(subscription=subscription, ack_ids=[m.ack_id for m in received])
    seconds = time.perf_counter() - started
    _progress(f"fan-out: {chunks} chunks in {seconds:.1f}s")
    query = firestore.Client(project=PROJECT).collection(SENT).where(filter=FieldFilter("job_id", "==", job["job_id"]))
    reached = int(query.count().get()[0][0].value)
    return {"recommendation_fan_out_candidates": reached, "recommendation_fan_out_chunks": chunks,
            "recommendation_fan_out_s": round(seconds, 1),
            "recommendation_fan_out_candidates_per_s": round(reached / seconds)}


def _pull(subscriber: Any, subscription: str) -> list[Any]:
    from google.api_core.exceptions import DeadlineExceeded

    try:
        return list(subscriber.pull(subscription=subscription, max_messages=10, timeout=10).received_messages)
    except DeadlineExceeded:
        return []


def _bursts(service: Any, cache: Any) -> dict[str, float | int]:
    """Registration bursts as Recommendation sees them: ProfileCreated events, each matched and told at once.
    (A JobPosted costs its fan-out's first chunk: the fan-out figures above.) Strict: catch-ups shared only by
    events that asked before they started (JOBFEED_INDEX_REUSE_S=0)."""
    waits: list[float] = []  # seconds each event spent in its catch-up (the Step's prepare)
    refresh = cache.refresh

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return refresh(*args, **kwargs)
        finally:
            waits.append(time.perf_counter() - started)

    cache.refresh = timed  # the handlers call it through the instance
    try:
        _burst(service, cache, BURST // 2, strict=False)  # warm-up, not counted
        totals = {True: [0, 0.0, 0, 0.0], False: [0, 0.0, 0, 0.0]}  # strict -> events, seconds, queries, wait
        for strict in ORDER:
            waits.clear()
            events, seconds, queries = _burst(service, cache, BURST // 4, strict)
            measured = (events, seconds, queries, sum(waits))
            totals[strict] = [t + m for t, m in zip(totals[strict], measured, strict=True)]
            _progress(f"  {'strict' if strict else 'shared'}: {events / seconds:.1f} events/s, {queries} queries, "
                      f"catch-up {1000 * sum(waits) / len(waits):.0f} ms per event")
    finally:
        cache.refresh = refresh
    results: dict[str, float | int] = {}
    for strict, (events, seconds, queries, wait) in totals.items():
        name = "recommendation_burst_strict" if strict else "recommendation_burst"
        _progress(f"burst{' (strict catch-up)' if strict else ''}: {events / seconds:.1f} events/s, "
                  f"{queries} catch-up queries for {events} events, {1000 * wait / events:.0f} ms catch-up each")
        results |= {f"{name}_events": events, f"{name}_s": round(seconds, 1),
                    f"{name}_events_per_s": round(events / seconds, 1), f"{name}_catch_up_queries": queries,
                    f"{name}_catch_up_ms": round(1000 * wait / events, 1)}
    return results


def _burst(service: Any, cache: Any, size: int, strict: bool) -> tuple[int, float, int]:
    """size events published at once, then delivered on THREADS threads: (events, seconds, catch-up queries)."""
    published = [(_new_profile(), datetime.now(UTC)) for _ in range(size)]
    queries, reuse = cache.queries, cache.reuse
    cache.reuse = 0.0 if strict else reuse
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(lambda sent: _consume(service, *sent), published))
    finally:
        cache.reuse = reuse
    return size, time.perf_counter() - started, cache.queries - queries


# --- helpers ---------------------------------------------------------------------------------------------------

def _instance(from_snapshot: bool) -> tuple[Any, Any]:
    """A new instance: its own composition root, as bootstrap.service() builds it."""
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import firestore, storage

    from job_recommendation.bootstrap import bootstrap
    from job_recommendation.snapshots import Snapshots
    from job_recommendation.store import IndexCache
    from jobfeed.clients import Clients
    from jobfeed.publisher import Publisher

    clients = Clients(db=firestore.Client(project=PROJECT), publisher=Publisher())  # a new instance's own
    snapshots = Snapshots(storage.Client(project=PROJECT, credentials=AnonymousCredentials()).bucket(BUCKET))

    def timed_load(index: Any) -> Any:
        started = time.perf_counter()
        try:
            return snapshots.load_newest(index)
        finally:
            LOADED["seconds"] = time.perf_counter() - started

    cache = IndexCache(clients.db, loader=timed_load if from_snapshot else None)
    return bootstrap(clients=clients, snapshots=snapshots, cache=cache), cache


def _consume(service: Any, event: Any, published: datetime | None = None) -> str:
    """Deliver one event the way a push subscription does; published: its publishTime (default: now)."""
    from tests.support.push import push

    return push(service, "job_recommendation", PROJECT, event, published)


def _new_profile() -> Any:
    from job_recommendation.synthetic import Synthetic
    from jobfeed.events import Event

    payload = next(Synthetic(NOW, seed=random.randrange(10**6)).profiles(1, prefix=f"new-{uuid.uuid4().hex[:8]}"))
    payload |= {"candidate_revision": 1, "open_to_relocation": False}
    return Event("ProfileCreated", payload, payload["candidate_id"], "bench")


def _job(**overrides: Any) -> dict[str, Any]:
    from job_recommendation.synthetic import Synthetic

    job = next(Synthetic(NOW, seed=random.randrange(10**6)).jobs(1, prefix=f"new-{uuid.uuid4().hex[:8]}"))
    return {**job, "remote": "remote", "location": "Remote", "expires_at": None, **overrides}


def _outbox_jobs(db: Any, cause: Any) -> int:
    from google.cloud.firestore_v1.base_query import FieldFilter

    from jobfeed.events import decode

    query = db.collection(outbox_collection("job_recommendation")).where(
        filter=FieldFilter("correlation_id", "==", cause.correlation_id))
    return sum(len(decode(s.get("data"), "OpenJobsFound").payload["jobs"]) for s in query.stream())


def _sample_matches(cache: Any) -> list[Any]:
    """What the instance's index answers for fixed candidates and jobs, on a fixed clock (freshness moves
    scores): equal across cold-start paths."""
    index = cache.index
    with cache.lock:
        clock, index._now = index._now, lambda: NOW
        profiles = [f"cand-{i}" for i in range(0, SIZE, max(1, SIZE // 50))]
        jobs = [f"job-{i}" for i in range(0, SIZE, max(1, SIZE // 20))]
        found = [[(m.job_id, round(m.score, 9)) for m in index.match_profile(c, 20, 0.35)] for c in profiles]
        found += [[(c, round(m.score, 9)) for c, m in index.match_job(j, 200, 0.35)] for j in jobs]
        index._now = clock
    return found


def _progress(line: str) -> None:
    print(f"  {line}", flush=True)


def _write(db: Any, collection: str, chunk: list[tuple[str, dict[str, Any]]]) -> None:
    from google.cloud import firestore

    batch = db.batch()
    for doc_id, doc in chunk:
        batch.set(db.collection(collection).document(doc_id), {**doc, "updated_at": firestore.SERVER_TIMESTAMP})
    batch.commit()


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _backends() -> Iterator[None]:
    """Firestore, Pub/Sub and Cloud Storage emulators on free ports; the environment points at them."""
    def environment(ports: dict[str, int]) -> dict[str, str]:
        return {"FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{ports['firestore']}",
                "PUBSUB_EMULATOR_HOST": f"127.0.0.1:{ports['pubsub']}",
                "STORAGE_EMULATOR_HOST": f"http://127.0.0.1:{ports['storage']}",
                "GOOGLE_CLOUD_PROJECT": PROJECT, "JOBFEED_SNAPSHOTS_BUCKET": BUCKET}

    with emulators(("firestore", "pubsub", "storage"), _commands, environment, 50000, 60000):
        _prepare()
        yield


def _prepare() -> None:
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import pubsub_v1, storage

    from emulator import bootstrap
    from jobfeed.settings import settings
    from jobfeed.topology import topology

    settings.cache_clear()  # the project and emulator hosts were just set
    bootstrap.create_topics(PROJECT, topology())
    subscriber = pubsub_v1.SubscriberClient()
    subscriber.create_subscription(name=subscriber.subscription_path(PROJECT, "bench-fan-out"),
                                   topic=subscriber.topic_path(PROJECT, "job-fan-out-due"))
    storage.Client(project=PROJECT, credentials=AnonymousCredentials()).create_bucket(BUCKET)


def _commands(ports: dict[str, int]) -> dict[str, list[str]]:
    return {
        "firestore": ["gcloud", "emulators", "firestore", "start", f"--host-port=127.0.0.1:{ports['firestore']}"],
        "pubsub": ["gcloud", "beta", "emulators", "pubsub", "start", f"--host-port=127.0.0.1:{ports['pubsub']}",
                   f"--project={PROJECT}"],
        "storage": [str(Path(sys.executable).parent / "gcp-storage-emulator"), "start", "--host", "127.0.0.1",
                    "--port", str(ports["storage"]), "--in-memory", "--quiet"],
    }
