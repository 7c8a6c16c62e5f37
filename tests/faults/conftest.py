"""The fault suite's own stack: started once for tests/faults, apart from the `stack` fixture of the other
suites, so kills, duplicate subscriptions and injected faults never reach another suite's stack."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest
from google.cloud import firestore

from emulator.processes import port_is_free
from emulator.stack import ROOT, Stack, StackConfig
from tests.faults.probe import FaultProbe, start_probe


def _free_port_base(span: int = 100) -> int:
    # The probe takes a port above the functions' (base + 50..99): the whole block must be free.
    for _ in range(50):
        base = random.randrange(10000, 20000, 100)
        if all(port_is_free(base + offset) for offset in range(span)):
            return base
    raise RuntimeError("no free block of ports for the fault stack")


@pytest.fixture(scope="session")
def fault_stack() -> Iterator[Stack]:
    base = _free_port_base()
    config = StackConfig(port_base=base, log_dir=ROOT / "test-output" / f"fault-stack-logs-{base}")
    with Stack(config, progress=lambda line: print(f"[fault stack] {line}", flush=True)) as running:
        os.environ.update(running.config.env())
        yield running


@pytest.fixture(scope="session")
def fault_db(fault_stack: Stack) -> firestore.Client:
    return firestore.Client(project=fault_stack.config.project)


@pytest.fixture(scope="session")
def fault_probe(fault_stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultProbe]:
    yield start_probe(fault_stack, tmp_path_factory.mktemp("fault-probe-schemas"))
    fault_stack.group.stop("probe")
