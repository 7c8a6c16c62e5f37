"""Scenario 5: a poison message (schema-valid, but the consumer can never process it as things are) goes to
the dead-letter topic at once, without retries; after the fix, `ops dlq replay` completes it exactly once and
leaves the dead-letter subscription empty."""

from __future__ import annotations

import subprocess
import sys
import uuid

from google.cloud import firestore, pubsub_v1

from emulator.stack import ROOT, Stack
from jobfeed.events import Event, encode
from tests.polling import wait_for
from tests.support.probe import Probe


def ops(stack: Stack, probe: Probe, *args: str) -> str:
    """The ops command line, as an operator runs it, reading the topology that knows the probe's subscription."""
    env = {**stack.config.env(), "JOBFEED_SCHEMAS_DIR": str(probe.schemas_dir)}
    result = subprocess.run([sys.executable, "-m", "ops", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def count(db: firestore.Client, collection: str, key: str) -> int:
    snapshot = db.collection(collection).document(key).get()
    return int(snapshot.get("count")) if snapshot.exists else 0


def dead_letters_listed(stack: Stack, probe: Probe) -> tuple[int, str]:
    [line] = ops(stack, probe, "dlq", "list", "--subscription", probe.subscription).splitlines()
    _, letters, reason = line.split("\t")
    return int(letters), reason


def test_a_poison_message_is_dead_lettered_at_once_and_replayed_after_the_fix(
        fault_stack: Stack, fault_db: firestore.Client, fault_probe: Probe) -> None:
    key = uuid.uuid4().hex
    config = fault_db.collection("probe_config").document(key)
    config.set({"broken": True})
    event = Event("DigestDue", {"cadence": "weekly", "period": f"poison_until_fixed:{key}"}, f"corr-{key}", "test")
    publisher = pubsub_v1.PublisherClient()
    publisher.publish(publisher.topic_path(fault_stack.config.project, fault_probe.topic), encode(event),
                      event_type="DigestDue", event_id=event.event_id).result(timeout=30)

    letters, reason = wait_for(lambda: (listed := dead_letters_listed(fault_stack, fault_probe))[0] and listed,
                               timeout=60, what="the poison message in the dead-letter subscription")
    assert (letters, count(fault_db, "probe_attempts", key), count(fault_db, "probe_effects", key)) == (1, 1, 0)
    assert "poison" in reason

    config.set({"broken": False})  # the fix
    replayed = ops(fault_stack, fault_probe, "dlq", "replay", "--subscription", fault_probe.subscription)
    assert replayed.splitlines()[-1] == "1 replayed"
    wait_for(lambda: count(fault_db, "probe_effects", key) == 1, timeout=60, what="the replayed message's effect")
    left, _ = dead_letters_listed(fault_stack, fault_probe)
    print(f"\n[s5] dead-lettered after 1 attempt ({reason!r}); replayed 1; dead letters left={left}; "
          f"effects={count(fault_db, 'probe_effects', key)} attempts={count(fault_db, 'probe_attempts', key)}")
    assert left == 0
    assert (count(fault_db, "probe_attempts", key), count(fault_db, "probe_effects", key)) == (2, 1)
