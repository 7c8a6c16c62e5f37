"""Each critical-path consumer's own processing without the rest of the flow beside it, set against the pipeline
bench's in-flow figures (issue #16's 15 ms target per service).

In the pipeline bench every function shares the machine's two cores with both Java emulators and the other
functions, so its processing figures mix a handler's own cost with waiting for a core. Here one consumer at a
time runs in this process (jobfeed.consumer.consume, as functions-framework calls it, with the official clients
and tracing as the functions have it) on a fresh stack's emulators, under a project of its own that no function
of the stack consumes, and handles one event after another:
- Recommendation: a new candidate's ProfileCreated matched against JOBS open jobs (the flow's path: the jobs'
  catch-up query, the commit with nothing read, the OpenJobsFound publish);
- Notification: an instant OpenJobsFound with two jobs for a recipient whose CandidateRegistered the same
  instance handled (the flow's path: its copy of the recipient, the commit that claims the email, SendGrid, the
  sent mark beside the NotificationSent publish), and for one it holds no copy of (a read first).
Per event: wall time p50 and p95, and the process's CPU time p50 (every thread: the clients' own, the span
exporter's); and a calibration figure, since this machine's own speed moves by nearly 2x (_calibration). The
functions' JSON log lines go to test-output/bench-logs/consumers.log.
"""

from __future__ import annotations

import json
import logging
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_pipeline import percentiles

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 150  # measured per figure, after WARMUP unmeasured
WARMUP = 30
JOBS = 15  # three for each skill: a candidate matches three jobs, as in the pipeline bench
SKILLS = 5
PROJECT = "jobfeed-bench-consumers"
CALIBRATION: list[float] = []  # _calibration() after each measured event


def run() -> dict[str, float | int | str]:
    """In a process of its own: the tracer provider and the log handler it installs, as a function's are, are
    process-wide and would stay on for the benches after it."""
    done = subprocess.run([sys.executable, "-m", "bench.bench_consumers"], stdout=subprocess.PIPE, text=True)
    *progress, last = done.stdout.strip().splitlines() or [""]
    print("\n".join(progress), flush=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench_consumers exited with {done.returncode}: {last}")
    return dict(json.loads(last))


def _measure() -> dict[str, float | int | str]:
    from jobfeed import tracing
    from tests.support.projects import own_project
    from tests.support.stacks import running_stack

    with running_stack("bench", 10000, 20000, quick_jit=True) as stack:
        tracing.configure()  # as in a function (jobfeed.clients.shared): spans exported as log lines
        results: dict[str, float | int | str] = {"consumers_events": EVENTS}
        with own_project(PROJECT):
            results |= _recommendation()
            results |= _notification(stack)
    results["consumers_calibration_p50_ms"] = round(statistics.median(CALIBRATION), 2)
    return results


def _figures(name: str, setup: Callable[[], Any], measure: Callable[[Any], None]
             ) -> dict[str, float | int | str]:
    """measure(setup()) handles one event, only it timed; WARMUP unmeasured first. Each is followed by the
    calibration workload, timed too."""
    for _ in range(WARMUP):
        measure(setup())
    walls, cpus = [], []
    for _ in range(EVENTS):
        given = setup()
        cpu, wall = time.process_time(), time.perf_counter()
        measure(given)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        CALIBRATION.append(_calibration())
    return {**percentiles(f"consumers_{name}", walls),
            f"consumers_{name}_cpu_p50_ms": round(statistics.median(cpus), 1)}


def _calibration() -> float:
    """CPU milliseconds of a fixed pure-Python workload (the standard library's JSON, none of our code) on this
    thread: how fast the machine was beside each event. Its own thread's CPU time, not the wall: the consumer's
    background threads (the outbox's sent mark, the span exporter) still hold the GIL now and then. Measured on
    2026-11-27 with nothing else running, it flips between about 3.3 and 6.3 ms within seconds (the host's doing,
    on either vCPU), so a figure here is read against this one."""
    started = time.thread_time()
    for _ in range(20):
        json.loads(json.dumps(_CALIBRATION_DOC))
    return (time.thread_time() - started) * 1000


_CALIBRATION_DOC = {f"k{i}": [i, str(i), {"x": i}] for i in range(200)}


def _quiet_logs() -> None:
    """The composition roots log to stdout, as a function does; here to a file, out of the bench's table."""
    if not _LOG:
        path = ROOT / "test-output" / "bench-logs" / "consumers.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        _LOG.append(path.open("a"))
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(_LOG[0])


_LOG: list[Any] = []  # the log file, opened once


def _deliver(service: Any, consumer: str, event: Any) -> None:
    from tests.support.push import push

    outcome = push(service, consumer, PROJECT, event)
    if outcome != "processed":
        raise RuntimeError(f"bench: {consumer} answered {outcome} to {event.event_type}")


def _recommendation() -> dict[str, float | int | str]:
    from google.cloud import firestore

    from job_recommendation.bootstrap import SERVICE, bootstrap
    from jobfeed.clients import Clients
    from jobfeed.publisher import Publisher
    from tests.e2e.recommendation.support import a_job, a_profile

    service = bootstrap(clients=Clients(db=firestore.Client(project=PROJECT), publisher=Publisher()))
    _quiet_logs()
    skills = [f"Skill {uuid.uuid4().hex[:10]}" for _ in range(SKILLS)]
    for n in range(JOBS):
        _deliver(service, SERVICE, a_job(skills[n % SKILLS]))
    pick = random.Random(16)
    return _figures("recommendation_profile", lambda: a_profile(pick.choice(skills)),
                    lambda event: _deliver(service, SERVICE, event))


def _notification(stack: Any) -> dict[str, float | int | str]:
    from google.cloud import firestore

    from jobfeed.clients import Clients
    from jobfeed.events import Event
    from jobfeed.publisher import Publisher
    from notification.bootstrap import SERVICE, bootstrap
    from notification.collections import RECIPIENTS
    from notification.mailer import Mailer, MailerSettings
    from tests.e2e.notification.seeding import recipient_doc
    from tests.e2e.notification.support import matched_job, open_jobs_found

    db = firestore.Client(project=PROJECT)
    mailer = Mailer(MailerSettings(api_key=stack.config.sendgrid_api_key, from_email="jobs@jobfeed.example",
                                   host=stack.config.url("sendgrid")))
    service = bootstrap(clients=Clients(db=db, publisher=Publisher()), mailer=mailer)
    _quiet_logs()

    def registered() -> Event:
        """A candidate whose CandidateRegistered this instance handled (the flow's earlier event, not timed)."""
        candidate_id = f"bench-{uuid.uuid4().hex[:12]}"
        payload = {"candidate_id": candidate_id, "revision": 1,
                   "contact": {"name": "Bench Candidate", "email": f"{candidate_id}@example.com", "subscribed": True,
                               "feed_url": f"http://127.0.0.1/candidates/{candidate_id}?token=t"},
                   "preferences": {"titles": ["Backend Engineer"], "locations": ["Leeds"], "remote": "remote",
                                   "salary_min": None, "cadence": "instant", "skills": [], "years_experience": None},
                   "resume": {"bucket": "unused", "object_name": "unused", "generation": "1"}}
        _deliver(service, SERVICE, Event("CandidateRegistered", payload, candidate_id, "bench"))
        return open_jobs_found(candidate_id, [matched_job(), matched_job()])

    def stored() -> Event:
        """A recipient written by another instance: this one holds no copy and reads it."""
        candidate_id = f"bench-{uuid.uuid4().hex[:12]}"
        db.collection(RECIPIENTS).document(candidate_id).set(
            recipient_doc(candidate_id, f"{candidate_id}@example.com", "instant", []) | {"has_pending": False})
        return open_jobs_found(candidate_id, [matched_job(), matched_job()])

    def deliver(event: Event) -> None:
        _deliver(service, SERVICE, event)

    return _figures("notification_instant", registered, deliver) | \
        _figures("notification_instant_read", stored, deliver)


if __name__ == "__main__":
    print(json.dumps(_measure()), flush=True)
