"""The wiring file (schemas/topology.yaml), loaded once. Nothing else names a topic or a subscription."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml


def schemas_dir() -> Path:
    """schemas/ at the repo root locally; copied next to the package in a function bundle."""
    if override := os.environ.get("JOBFEED_SCHEMAS_DIR"):
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "schemas", here.parent.parent.parent / "schemas"):
        if (candidate / "topology.yaml").exists():
            return candidate
    raise FileNotFoundError("schemas/topology.yaml not found; set JOBFEED_SCHEMAS_DIR")


@dataclass(frozen=True)
class Subscription:
    name: str
    topic: str
    consumer: str
    dead_letter_topic: str
    ordered: bool
    min_backoff_s: int
    max_backoff_s: int
    max_delivery_attempts: int
    ack_deadline_s: int

    @property
    def dead_letter_subscription(self) -> str:
        """The pull subscription ops read dead letters from (dlq list/show/replay)."""
        return f"{self.dead_letter_topic}.ops"


@dataclass(frozen=True)
class Topology:
    raw: dict[str, Any]

    @property
    def topics(self) -> list[dict[str, Any]]:
        return list(self.raw["topics"])

    @property
    def functions(self) -> list[dict[str, Any]]:
        return list(self.raw["functions"])

    def topic_for_event(self, event_type: str) -> str:
        for topic in self.topics:
            if topic["event"] == event_type:
                return str(topic["name"])
        raise KeyError(f"no topic carries {event_type}")

    def event_for_topic(self, topic: str) -> str:
        for entry in self.topics:
            if entry["name"] == topic:
                return str(entry["event"])
        raise KeyError(f"unknown topic {topic}")

    def subscriptions(self) -> list[Subscription]:
        defaults = self.raw["defaults"]
        retry = defaults["retry"]
        return [
            Subscription(
                name=s["name"], topic=s["topic"], consumer=s["consumer"],
                dead_letter_topic=s["dead_letter_topic"], ordered=bool(s.get("ordered", False)),
                min_backoff_s=int(s.get("retry", retry)["min_backoff_s"]),
                max_backoff_s=int(s.get("retry", retry)["max_backoff_s"]),
                max_delivery_attempts=int(s.get("max_delivery_attempts", defaults["max_delivery_attempts"])),
                ack_deadline_s=int(s.get("ack_deadline_s", defaults["ack_deadline_s"])),
            )
            for s in self.raw["subscriptions"]
        ]

    @property
    def local_retry_policy(self) -> bool:
        """Whether the emulator's subscriptions get the retry policy (see topology.yaml's `local` block)."""
        return bool(self.raw.get("local", {}).get("retry_policy", True))

    def ordered(self, topic: str) -> bool:
        """Whether any subscription of the topic delivers in order (its messages then need an ordering key)."""
        return topic in self._ordered_topics

    @cached_property
    def _ordered_topics(self) -> frozenset[str]:
        return frozenset(sub.topic for sub in self.subscriptions() if sub.ordered)

    def subscription(self, topic: str, consumer: str) -> Subscription:
        for sub in self.subscriptions():
            if sub.topic == topic and sub.consumer == consumer:
                return sub
        raise KeyError(f"{consumer} has no subscription on {topic}")


@lru_cache(maxsize=1)
def topology() -> Topology:
    with open(schemas_dir() / "topology.yaml", encoding="utf-8") as handle:
        return Topology(yaml.safe_load(handle))
