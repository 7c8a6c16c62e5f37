"""The local stack, started once per test session when a test asks for it, and always stopped after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.stack import Stack
from tests.support.stacks import running_stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    # Ports 20000-40000: not the `make run` ports, so tests can run beside a developer's running stack.
    with running_stack("stack", 20000, 40000) as running:
        yield running
