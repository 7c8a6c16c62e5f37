"""Emulators a benchmark starts for itself (not the whole stack): on a free block of ports, the environment
pointed at them while the benchmark runs and put back after, every process stopped."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from emulator.processes import ProcessGroup
from tests.support.stacks import free_port_base

ROOT = Path(__file__).resolve().parent.parent
Ports = dict[str, int]


@contextmanager
def emulators(names: tuple[str, ...], commands: Callable[[Ports], dict[str, list[str]]],
              environment: Callable[[Ports], dict[str, str]], low: int, high: int) -> Iterator[Ports]:
    """Starts one process per name (ports in that order from a free block), waits until each answers, then sets
    the environment `environment(ports)` names until the block ends."""
    base = free_port_base(low, high, span=len(names))
    ports = {name: base + offset for offset, name in enumerate(names)}
    env = environment(ports)
    saved = {key: os.environ.get(key) for key in env}
    group = ProcessGroup(ROOT / "test-output" / "bench-logs")
    try:
        for name, argv in commands(ports).items():
            group.launch(name, argv, {**os.environ, "PYTHONPATH": str(ROOT)}, ports[name])
        for name, managed in group.processes.items():
            group.wait_ready(managed, ports[name], None, 90)
        os.environ.update(env)
        yield ports
    finally:
        group.stop_all()
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
