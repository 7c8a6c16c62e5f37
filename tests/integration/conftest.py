"""Platform test fixtures: the probe consumer under functions-framework on a topic of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.stack import Stack
from tests.support.probe import Probe, start_probe


@pytest.fixture(scope="session")
def probe(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    yield start_probe(stack, tmp_path_factory.mktemp("probe-schemas"), "platform-probe")
    stack.group.stop("probe")
