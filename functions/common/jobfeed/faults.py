"""Fault injection for the fault suite: a hook the composition root passes to the Service when
JOBFEED_FAULT_RATE is set (never set in production), so consume holds no test code.

The hook fails at random before a consumer's effect (Pub/Sub redelivers) or after it (the effect committed but
the delivery looks failed, so Pub/Sub redelivers a message that was already applied): the two ways a real
instance dies mid-stream."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping

from .knobs import read

FaultHook = Callable[[str], None]  # called with the stage ("before the effect", "after the effect")


class InjectedFault(RuntimeError):
    """A transient failure the fault suite asked for."""


def from_env(env: Mapping[str, str] = os.environ) -> FaultHook | None:
    rate = float(read(env, "JOBFEED_FAULT_RATE") or 0)
    return random_faults(rate) if rate else None


def random_faults(rate: float, chance: Callable[[], float] = random.random) -> FaultHook:
    def maybe_fail(stage: str) -> None:
        if chance() < rate:
            raise InjectedFault(f"injected transient fault {stage}")
    return maybe_fail
