"""The local stack, started once per test session when a test asks for it, and always stopped after."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.processes import port_is_free
from emulator.stack import Stack, StackConfig

ROOT = Path(__file__).resolve().parent.parent


def _free_port_base(span: int = 20) -> int:
    # Not the `make run` ports, so tests can run beside a developer's running stack.
    for _ in range(50):
        base = random.randrange(20000, 40000, 100)
        if all(port_is_free(base + offset) for offset in range(span)):
            return base
    raise RuntimeError("no free block of ports for the test stack")


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    base = _free_port_base()
    config = StackConfig(port_base=base, log_dir=ROOT / "test-output" / f"stack-logs-{base}")
    with Stack(config, progress=lambda line: print(f"[stack] {line}", flush=True)) as running:
        os.environ.update(running.config.env())
        yield running
