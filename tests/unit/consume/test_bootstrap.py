"""Each function's composition root: one immutable Service with a step for every event its subscriptions
deliver, settings parsed from the env it is given, the fault hook only when asked for. Building one does no I/O
(the Google clients connect on first use), so this runs without emulators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from google.cloud import firestore

import candidate_profile.bootstrap
import event_log.bootstrap
import job_intake.bootstrap
import job_portal.bootstrap
import job_recommendation.bootstrap
import notification.bootstrap
from jobfeed.clients import Clients
from jobfeed.faults import InjectedFault
from jobfeed.publisher import Publisher
from jobfeed.service import Service
from jobfeed.topology import topology

ENV = {"GOOGLE_CLOUD_PROJECT": "unit"}


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> Clients:
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", "127.0.0.1:9")  # never reached: nothing is read here
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", "127.0.0.1:9")
    return Clients(db=firestore.Client(project="unit"), publisher=Publisher())


ROOTS: dict[str, Callable[..., Service]] = {
    "candidate_profile": lambda env, c, **kw: candidate_profile.bootstrap.bootstrap(env, clients=c, resumes=object(),
                                                                                    **kw),
    "job_recommendation": lambda env, c, **kw: job_recommendation.bootstrap.bootstrap(env, clients=c, **kw),
    "notification": lambda env, c, **kw: notification.bootstrap.bootstrap(env, clients=c, **kw),
    "job_portal_events": lambda env, c, **kw: job_portal.bootstrap.bootstrap(
        env, clients=c, store=job_portal.bootstrap.bootstrap_store(env, clients=c, bucket=object()), **kw),
    "event_log": lambda env, c, **kw: event_log.bootstrap.bootstrap(env, clients=c, **kw),
    "job_intake_events": lambda env, c, **kw: job_intake.bootstrap.bootstrap(env, clients=c, **kw),
}


@pytest.mark.parametrize("consumer", sorted(ROOTS))
def test_every_event_the_subscriptions_deliver_has_a_step(consumer: str, clients: Clients) -> None:
    service = ROOTS[consumer](ENV, clients)
    delivered = {topology().event_for_topic(s.topic) for s in topology().subscriptions() if s.consumer == consumer}
    assert delivered and delivered <= set(service.steps), delivered - set(service.steps)
    assert "OutboxSweepDue" in service.steps
    with pytest.raises(TypeError):
        service.steps["Other"] = service.steps["OutboxSweepDue"]  # type: ignore[index]
    assert service.fault is None


@pytest.mark.parametrize("consumer", sorted(ROOTS))
def test_the_fault_hook_is_wired_only_when_the_env_asks_for_it(consumer: str, clients: Clients) -> None:
    service = ROOTS[consumer]({**ENV, "JOBFEED_FAULT_RATE": "1"}, clients)
    assert service.fault is not None
    with pytest.raises(InjectedFault):
        service.fault("before the effect")


def test_settings_come_from_the_env_given_to_the_root(clients: Clients) -> None:
    service = ROOTS["job_recommendation"]({**ENV, "JOBFEED_MATCH_THRESHOLD": "0.6", "JOBFEED_MATCH_TOP_N": "3"},
                                          clients)
    handlers: Any = service.steps["ProfileCreated"].apply.__self__  # type: ignore[union-attr]
    assert (handlers.threshold, handlers.top_n) == (0.6, 3)


def test_the_portals_two_functions_share_one_outbox(clients: Clients) -> None:
    store = job_portal.bootstrap.bootstrap_store(ENV, clients=clients, bucket=object())
    service = job_portal.bootstrap.bootstrap(ENV, clients=clients, store=store)
    assert store.outbox is clients.outbox("job_portal")
    assert service.transactions._outbox is store.outbox  # type: ignore[attr-defined]
