"""What the scheduler and ops do while a fault scenario waits for the pipeline: publish the outbox sweep (Cloud
Scheduler does it every 5 minutes; the local stack runs no scheduler) and the instant-window tick, and, where the
scenario says so, replay dead letters (`ops dlq replay --all`), the runbook answer to a message that ran out of
delivery attempts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from emulator.scheduler import publish_now
from jobfeed.publisher import Publisher
from ops import deadletters
from tests.polling import wait_for

T = TypeVar("T")


def replay_dead_letters() -> int:
    publisher, count = Publisher(), 0
    for sub in deadletters.subscriptions():
        for letter in list(deadletters.peek(sub)):
            deadletters.replay(letter, publisher)
            count += 1
    return count


def dead_letter_count() -> int:
    total = 0
    for sub in deadletters.subscriptions():
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        total += len(letters)
    return total


class Operator:
    def __init__(self, every_s: float = 10, replay: bool = False) -> None:
        self.every_s, self.replay = every_s, replay
        self.last = time.monotonic()
        self.sweeps = self.replayed = 0

    def tick(self) -> None:
        if time.monotonic() - self.last < self.every_s:
            return
        self.last = time.monotonic()
        publish_now("outbox-sweep")
        publish_now("instant-window")  # sends what an ended instant window gathered
        self.sweeps += 1
        if self.replay:
            self.replayed += replay_dead_letters()

    def wait_for(self, probe: Callable[[], T | None], timeout: float, what: str) -> T:
        """tests.polling.wait_for, doing the operator's rounds between looks."""
        def look() -> T | None:
            self.tick()
            return probe()

        return wait_for(look, timeout=timeout, what=what)
