"""Notification benchmark: one digest run for 10,000 candidates of one cadence, 3 pending jobs each.

Starts its own Firestore and Pub/Sub emulators and SendGrid sink (ports of its own, beside any running stack),
seeds the recipients with batch writes, and runs notification.digest.DigestRun in this process with a real
Firestore client, the real Mailer against the sink and the real outbox, as the function would on DigestDue.
Throughput is timed on an untraced run; peak memory is Python's own allocations (tracemalloc, not the
emulators') during a second run of another cadence.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.emulators import emulators

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = int(os.environ.get("JOBFEED_BENCH_DIGEST_RECIPIENTS", "10000"))
# tracemalloc about halves the throughput, so memory is measured on a second, smaller run: a run holds one
# chunk at a time, so its peak does not grow with the number of recipients.
TRACED_RECIPIENTS = min(RECIPIENTS, 2000)
CHUNK, WORKERS, JOBS_EACH = 200, 8, 3
PROJECT = "jobfeed-bench"
API_KEY = "SG.bench-key"


def run() -> dict[str, float | int | str]:
    with _backends() as sink_url:
        timed, seed_s = _digest(sink_url, "weekly", RECIPIENTS, traced=False)
        traced, _ = _digest(sink_url, "monthly", TRACED_RECIPIENTS, traced=True)
    return {
        "notification_digest_recipients": RECIPIENTS,
        "notification_digest_emails": timed.emails,
        "notification_digest_chunks": timed.chunks,
        "notification_digest_chunk_size": CHUNK,
        "notification_digest_workers": WORKERS,
        "notification_digest_total_s": round(timed.seconds, 1),
        "notification_digest_emails_per_s": round(timed.emails / timed.seconds, 1),
        "notification_digest_peak_mb": round(traced.peak_bytes / 2**20, 1),
        "notification_digest_traced_recipients": TRACED_RECIPIENTS,
        "notification_seed_s": round(seed_s, 1),
    }


@dataclass(frozen=True)
class Measured:
    emails: int
    chunks: int
    seconds: float
    peak_bytes: int


def _digest(sink_url: str, cadence: str, recipients: int, traced: bool) -> tuple[Measured, float]:
    from google.cloud import firestore

    from tests.e2e.notification.seeding import digest_run, seed_recipients

    db = firestore.Client(project=PROJECT)
    started = time.perf_counter()
    seed_recipients(db, cadence, recipients, uuid.uuid4().hex[:8], JOBS_EACH)
    seed_s = time.perf_counter() - started
    digest = digest_run(db, sink_url, API_KEY, chunk=CHUNK, workers=WORKERS)
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    summary = digest.run(cadence, "2026-W10" if cadence == "weekly" else "2026-03")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    return Measured(summary.emails, summary.chunks, seconds, peak), seed_s


@contextmanager
def _backends() -> Iterator[str]:
    """Firestore, Pub/Sub (for NotificationSent) and the sink on free ports; the environment points at them."""
    def environment(ports: dict[str, int]) -> dict[str, str]:
        return {"FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{ports['firestore']}",
                "PUBSUB_EMULATOR_HOST": f"127.0.0.1:{ports['pubsub']}", "GOOGLE_CLOUD_PROJECT": PROJECT}

    with emulators(("firestore", "pubsub", "sendgrid"), _commands, environment, 40000, 50000) as ports:
        _create_topics()
        yield f"http://127.0.0.1:{ports['sendgrid']}"


def _commands(ports: dict[str, int]) -> dict[str, list[str]]:
    return {
        "firestore": ["gcloud", "emulators", "firestore", "start", f"--host-port=127.0.0.1:{ports['firestore']}"],
        "pubsub": ["gcloud", "beta", "emulators", "pubsub", "start", f"--host-port=127.0.0.1:{ports['pubsub']}",
                   f"--project={PROJECT}"],
        "sendgrid": [sys.executable, "-m", "emulator.sendgrid_sink", "--host", "127.0.0.1", "--port",
                     str(ports["sendgrid"]), "--api-key", API_KEY],
    }


def _create_topics() -> None:
    from emulator import bootstrap
    from jobfeed.settings import settings
    from jobfeed.topology import topology

    # The publisher names topics in settings().project_id, which may have been read (and cached) before.
    bootstrap.create_topics(settings().project_id, topology())
