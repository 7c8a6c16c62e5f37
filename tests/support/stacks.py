"""Starting a test stack: a free block of ports of its own, logs in test-output/, stopped after the session."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import contextmanager

from emulator.processes import port_is_free
from emulator.stack import ROOT, Stack, StackConfig


def free_port_base(low: int, high: int, span: int = 100) -> int:
    """A block of `span` free ports: the stack's own, and above base + 50 the probe's."""
    for _ in range(50):
        base = random.randrange(low, high, 100)
        if all(port_is_free(base + offset) for offset in range(span)):
            return base
    raise RuntimeError(f"no free block of {span} ports between {low} and {high}")


# Product defaults are double opt-in and rate limits on; tests that are not about them run without.
SHARED_STACK_ENV = {"JOBFEED_DOUBLE_OPT_IN": "off", "JOBFEED_RATE_LIMITS": "off"}


@contextmanager
def running_stack(label: str, low: int, high: int, extra_env: dict[str, str] | None = None,
                  quick_jit: bool = False) -> Iterator[Stack]:
    """quick_jit: the Java emulators with C1 only, for a short-lived stack of few documents (the pipeline bench);
    a test session's shared stack grows to thousands of documents that C2 scans faster (emulator/stack.py)."""
    base = free_port_base(low, high)
    # Instant emails go at once unless a test sets a window (tests/e2e/notification/test_instant_window.py):
    # the test stacks run no scheduler to send what a window gathered. The shared stacks register thousands of
    # candidates from one address and count every email: double opt-in and rate limits are off here and on in
    # the Portal the consent tests restart (tests/e2e/consent/conftest.py, CONSENT_ENV).
    config = StackConfig(port_base=base, log_dir=ROOT / "test-output" / f"{label}-logs-{base}",
                         extra_env={"JOBFEED_INSTANT_WINDOW_S": "0", **SHARED_STACK_ENV, **(extra_env or {})},
                         quick_jit=quick_jit)
    with Stack(config, progress=lambda line: print(f"[{label}] {line}", flush=True)) as stack:
        os.environ.update(stack.config.env())
        yield stack
