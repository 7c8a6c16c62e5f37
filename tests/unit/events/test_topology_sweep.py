"""Every outbox is swept on schedule: a service whose functions emit events stages them in its outbox, so one
of its functions must hear OutboxSweepDue, or a broker outage leaves its events unpublished until someone
runs `ops outbox sweep` by hand."""

from __future__ import annotations

import ast
import copy
from pathlib import Path
from typing import Any

import pytest

from jobfeed.topology import Topology, topology

ROOT = Path(__file__).resolve().parents[3]
SWEEP_TOPIC = "outbox-sweep-due"


def unswept_sources(raw: dict[str, Any]) -> set[str]:
    """Sources (services, one outbox each) that emit events but have no function subscribed to the sweep."""
    plan = Topology(raw)
    source_of = {f["name"]: f["source"] for f in plan.functions}
    emitting = {f["source"] for f in plan.functions if f.get("emits")}
    swept = {source_of[s.consumer] for s in plan.subscriptions() if s.topic == SWEEP_TOPIC}
    return emitting - swept


def test_every_service_that_stages_events_is_subscribed_to_the_sweep() -> None:
    assert unswept_sources(topology().raw) == set()


def test_a_service_left_out_of_the_sweep_is_caught() -> None:
    raw = copy.deepcopy(topology().raw)
    raw["subscriptions"] = [s for s in raw["subscriptions"]
                            if not (s["topic"] == SWEEP_TOPIC and s["consumer"] == "job_intake_events")]
    assert unswept_sources(raw) == {"job_intake"}


def test_sweep_subscribers_are_event_functions() -> None:
    kinds = {f["name"]: f["trigger"] for f in topology().functions}
    assert {kinds[s.consumer] for s in topology().subscriptions() if s.topic == SWEEP_TOPIC} == {"event"}


@pytest.mark.parametrize("function", [f["name"] for f in topology().functions])
def test_every_topology_function_is_an_entry_point_of_its_source(function: str) -> None:
    source = next(f["source"] for f in topology().functions if f["name"] == function)
    tree = ast.parse((ROOT / "functions" / source / "main.py").read_text(encoding="utf-8"))
    assert function in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
