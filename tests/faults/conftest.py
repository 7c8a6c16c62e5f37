"""The fault suite's own stack: started once for tests/faults, apart from the `stack` fixture of the other
suites, so kills, duplicate subscriptions and injected faults never reach another suite's stack."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from google.cloud import firestore

from emulator.stack import Stack
from tests.support.probe import Probe, start_probe
from tests.support.stacks import running_stack


@pytest.fixture(scope="session")
def fault_stack() -> Iterator[Stack]:
    # Ports 10000-20000: apart from the other suites' stack.
    with running_stack("fault-stack", 10000, 20000) as running:
        yield running


@pytest.fixture(scope="session")
def fault_db(fault_stack: Stack) -> firestore.Client:
    return firestore.Client(project=fault_stack.config.project)


@pytest.fixture(scope="session")
def fault_probe(fault_stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    yield start_probe(fault_stack, tmp_path_factory.mktemp("fault-probe-schemas"), "faults-probe")
    fault_stack.group.stop("probe")
