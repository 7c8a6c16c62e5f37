"""Helpers for the ops end-to-end tests: run the ops command line, reach Firestore and the dead letters."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import requests
from google.cloud import firestore, pubsub_v1

from emulator.stack import ROOT, Stack
from job_portal.collections import CANDIDATES, FEED
from jobfeed.events import Event
from jobfeed.topology import topology
from tests.e2e.pipeline import publish_event


def run_ops(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ops", *args], capture_output=True, text=True,
                          env=stack.config.env(), cwd=ROOT, timeout=120)


def feed_doc(stack: Stack, candidate_id: str, job_id: str) -> firestore.DocumentReference:
    return firestore.Client(project=stack.config.project).collection(CANDIDATES) \
        .document(candidate_id).collection(FEED).document(job_id)


def publish(stack: Stack, topic: str, event: Event, **attributes: str) -> str:
    """Straight onto a topic with the attributes a relay sets, overridden by `attributes`."""
    return publish_event(stack, event, topic, **attributes)


def dead_letters_of(subscription: str) -> str:
    return next(s.dead_letter_subscription for s in topology().subscriptions() if s.name == subscription)


def held(stack: Stack, subscription: str, correlation_id: str, acknowledge: bool = False) -> list[Any]:
    """The flow's dead letters of a subscription (read from its dead-letter pull subscription, never from the
    push subscription itself); acknowledge=True removes them (cleanup)."""
    subscriber = pubsub_v1.SubscriberClient()
    path = subscriber.subscription_path(stack.config.project, dead_letters_of(subscription))
    received = subscriber.pull(request={"subscription": path, "max_messages": 100, "return_immediately": True},
                               timeout=10).received_messages
    ours = [m for m in received if m.message.attributes.get("correlation_id") == correlation_id]
    others = [m.ack_id for m in received if m not in ours]
    if others:
        subscriber.modify_ack_deadline(request={"subscription": path, "ack_ids": others, "ack_deadline_seconds": 0})
    if ours:
        request = {"subscription": path, "ack_ids": [m.ack_id for m in ours]}
        if acknowledge:
            subscriber.acknowledge(request=request)
        else:
            subscriber.modify_ack_deadline(request={**request, "ack_deadline_seconds": 0})
    return [m.message for m in ours]


def page(url: str) -> str:
    """A console page, with the console's security headers checked on the way."""
    response = requests.get(url, timeout=60)
    assert response.status_code == 200, response.text
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    return response.text
