"""The probe consumer (tests/fixtures/probe, behaviour chosen by the message) on a topic of its own, started on
a running stack: the platform tests and the fault suite drive the real consumer library through it."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from emulator import bootstrap
from emulator.processes import port_is_free
from emulator.stack import ROOT, Stack
from jobfeed.topology import Topology, schemas_dir


@dataclass(frozen=True)
class Probe:
    """The probe consumer (tests/fixtures/probe) on a topic of its own, and the topology ops must read to know it."""

    topic: str
    subscription: str
    dead_letter_subscription: str
    schemas_dir: Path


def start_probe(stack: Stack, schemas: Path, topic: str) -> Probe:
    """Starts the probe function (tests/fixtures/probe) on a topic of its own, wired like the topology's."""
    for avsc in schemas_dir().glob("*.avsc"):
        shutil.copy(avsc, schemas)
    wiring = yaml.safe_load((schemas_dir() / "topology.yaml").read_text())
    wiring["topics"].append({"name": topic, "event": "DigestDue", "schema": "digest_due.avsc"})
    wiring["functions"].append({"name": "probe", "source": "probe", "trigger": "event", "emits": []})
    wiring["subscriptions"] = [{"name": f"{topic}.probe", "topic": topic, "consumer": "probe",
                                "dead_letter_topic": f"{topic}.probe.dead-letter", "ordered": False}]
    (schemas / "topology.yaml").write_text(yaml.safe_dump(wiring))
    topology = Topology(wiring)
    base = stack.config.port_base
    port = next(p for p in range(base + 50, base + 99) if port_is_free(p))
    ff = str(Path(sys.executable).parent / "functions-framework")
    argv = [ff, "--source", str(ROOT / "tests" / "fixtures" / "probe" / "main.py"), "--target", "probe",
            "--signature-type", "cloudevent", "--host", "127.0.0.1", "--port", str(port)]
    env = {**stack.config.env(), "JOBFEED_SCHEMAS_DIR": str(schemas), "JOBFEED_FUNCTION": "probe"}
    stack.group.start("probe", argv, env, port)
    bootstrap.create_topics(stack.config.project, topology)
    bootstrap.create_subscriptions(stack.config.project, topology, {"probe": f"http://127.0.0.1:{port}"})
    [sub] = topology.subscriptions()
    return Probe(topic, sub.name, sub.dead_letter_subscription, schemas)
