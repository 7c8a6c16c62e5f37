"""Platform test fixtures: a probe consumer under functions-framework on a topic of its own."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from emulator import bootstrap
from emulator.processes import port_is_free
from emulator.stack import ROOT, Stack
from jobfeed.topology import Topology, schemas_dir

PROBE_TOPIC = "platform-probe"


@dataclass(frozen=True)
class Probe:
    topic: str
    dead_letter_subscription: str


@pytest.fixture(scope="session")
def probe(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    schemas = tmp_path_factory.mktemp("probe-schemas")
    for avsc in schemas_dir().glob("*.avsc"):
        shutil.copy(avsc, schemas)
    wiring = yaml.safe_load((schemas_dir() / "topology.yaml").read_text())
    wiring["topics"].append({"name": PROBE_TOPIC, "event": "DigestDue", "schema": "digest_due.avsc"})
    wiring["functions"].append({"name": "probe", "source": "probe", "trigger": "event", "emits": []})
    sub = {"name": f"{PROBE_TOPIC}.probe", "topic": PROBE_TOPIC, "consumer": "probe",
           "dead_letter_topic": f"{PROBE_TOPIC}.probe.dead-letter", "ordered": False}
    wiring["subscriptions"] = [sub]
    (schemas / "topology.yaml").write_text(yaml.safe_dump(wiring))
    topology = Topology(wiring)
    port = next(p for p in range(stack.config.port_base + 50, stack.config.port_base + 99) if port_is_free(p))
    ff = str(Path(sys.executable).parent / "functions-framework")
    argv = [ff, "--source", str(ROOT / "tests" / "fixtures" / "probe" / "main.py"), "--target", "probe",
            "--signature-type", "cloudevent", "--host", "127.0.0.1", "--port", str(port)]
    env = {**stack.config.env(), "JOBFEED_SCHEMAS_DIR": str(schemas), "JOBFEED_FUNCTION": "probe"}
    stack.group.start("probe", argv, env, port)
    bootstrap.create_topics(stack.config.project, topology)
    bootstrap.create_subscriptions(stack.config.project, topology, {"probe": f"http://127.0.0.1:{port}"})
    yield Probe(PROBE_TOPIC, topology.subscriptions()[0].dead_letter_subscription)
    stack.group.stop("probe")
