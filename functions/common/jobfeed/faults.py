"""Fault injection for the fault suite: off unless JOBFEED_FAULT_RATE is set (never set in production).

A consumer fails at random before its effect (Pub/Sub redelivers) or after it (the effect committed but the
delivery looks failed, so Pub/Sub redelivers a message that was already applied): the two ways a real
instance dies mid-stream."""

from __future__ import annotations

import os
import random


class InjectedFault(RuntimeError):
    """A transient failure the fault suite asked for."""


def maybe_fail(stage: str) -> None:
    rate = float(os.environ.get("JOBFEED_FAULT_RATE", "0") or 0)
    if rate and random.random() < rate:
        raise InjectedFault(f"injected transient fault {stage}")
