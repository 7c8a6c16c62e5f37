"""A published message carries an ordering key only where a subscription of its topic delivers in order: the key
sends it through the Pub/Sub client's ordered sequencer (one batch in flight per key, sent from its commit
timer's thread), which an unordered subscription has no use for."""

from __future__ import annotations

import copy

import pytest

from jobfeed import publisher
from jobfeed.events import Event
from jobfeed.publisher import OutgoingMessage
from jobfeed.topology import Topology, topology

OFFER = Event("OpenJobsFound", {"candidate_id": "c-1", "profile_version": 1, "jobs": []}, "c-1", "test")


def test_no_subscription_is_ordered_today_so_no_message_carries_a_key() -> None:
    assert not any(sub.ordered for sub in topology().subscriptions())
    message = OutgoingMessage.of(OFFER)
    assert message.topic == "open-jobs-found" and message.ordering_key == ""


def test_a_topic_with_an_ordered_subscription_gets_the_candidates_key(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = copy.deepcopy(topology().raw)
    for sub in raw["subscriptions"]:
        if sub["name"] == "open-jobs-found.notification":
            sub["ordered"] = True
    plan = Topology(raw)
    assert plan.ordered("open-jobs-found") and not plan.ordered("profile-created")
    monkeypatch.setattr(publisher, "topology", lambda: plan)

    assert OutgoingMessage.of(OFFER).ordering_key == "c-1"
