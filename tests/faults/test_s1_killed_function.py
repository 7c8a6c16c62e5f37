"""Scenario 1: the Profile function is SIGKILLed while registrations flow (no shutdown: its in-flight pushes are
cut) and started again. Every registration still completes: Pub/Sub redelivers what the dead process held, the
sweep publishes what it committed but did not publish, and processed markers keep redeliveries from doubling."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from google.cloud import firestore

from emulator.stack import Stack
from tests.faults.operations import Operator
from tests.faults.support import PROFILES, docs, feed_job_ids, post_indexed_jobs, register_many
from tests.polling import wait_for

CANDIDATES = 30
PROFILE = "candidate_profile"
# What the dead process held comes back once its ack deadline (120 s, schemas/topology.yaml) has passed.
COMPLETION_TIMEOUT_S = 420


def built(stack: Stack) -> int:
    log = stack.group.processes[PROFILE].log_path.read_text(errors="replace")
    return sum(1 for line in log.splitlines() if '"event processed"' in line and '"CandidateRegistered"' in line)


def kill_when_busy(stack: Stack) -> tuple[int, float]:
    """Once Profile has built one profile of the stream, SIGKILL it and start it again.
    Returns the profiles it had built and the seconds it was away."""
    before = built(stack)
    wait_for(lambda: built(stack) > before, timeout=180, what="Profile at work")
    done = built(stack) - before
    stack.kill(PROFILE)
    return done, stack.restart(PROFILE)


def test_a_function_killed_mid_stream_loses_no_registration(fault_stack: Stack, fault_db: firestore.Client) -> None:
    [job_id] = post_indexed_jobs(fault_stack, fault_db, 1)
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        registering = pool.submit(register_many, fault_stack, CANDIDATES, 4)
        done, away = kill_when_busy(fault_stack)
        people = registering.result(timeout=300)
    ids = {p.candidate_id for p in people}

    operator = Operator(replay=True)
    operator.wait_for(lambda: all(job_id in feed_job_ids(fault_db, cid) for cid in ids), timeout=COMPLETION_TIMEOUT_S,
                      what="every registration's job in its feed")
    versions = [snap.get("profile_version") for snap in docs(fault_db, PROFILES, ids)]
    print(f"\n[s1] registrations={len(people)}; SIGKILLed {PROFILE} after {done} profiles, back in {away:.1f}s; "
          f"all {len(ids)} in their feed after {time.monotonic() - started:.0f}s; sweeps={operator.sweeps}, "
          f"dead letters replayed={operator.replayed}")
    assert done < CANDIDATES, "the kill came after the stream had passed"
    assert versions == [1] * CANDIDATES  # redelivered registrations built no second profile
