"""Scenario 2: every event delivered twice. A second push subscription next to every subscription of the
topology, to the same endpoint, makes each consumer receive every message twice (sometimes at the same moment);
registrations still make one profile, one feed entry per job and one email per job."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from google.cloud import firestore, pubsub_v1

from emulator.bootstrap import push_request
from emulator.stack import Stack
from jobfeed.topology import topology
from tests.faults.support import (
    PROFILES,
    consumer_outcomes,
    consumers_of,
    docs,
    feed_and_emails,
    log_entries,
    post_indexed_jobs,
    register_many,
    sink_messages,
)
from tests.polling import wait_for

CANDIDATES = 3
FLOW = ("CandidateRegistered", "ProfileCreated", "OpenJobsFound", "NotificationSent")


@contextmanager
def every_subscription_twice(stack: Stack) -> Iterator[None]:
    project, publisher, subscriber = stack.config.project, pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    created = []
    try:
        for sub in topology().subscriptions():
            twin = replace(sub, name=f"{sub.name}.twice")
            request = push_request(project, twin, stack.config.url(sub.consumer), publisher, subscriber,
                                   retry_policy=topology().local_retry_policy)
            subscriber.create_subscription(request=request)
            created.append(str(request["name"]))
        yield
    finally:
        for name in created:
            subscriber.delete_subscription(request={"subscription": name})


def deliveries(stack: Stack, events: list[dict[str, object]]) -> Counter[tuple[str, str, str]]:
    """(consumer, event_id, outcome) -> times, for the flow's events and every consumer of each."""
    wanted = {(c, str(e["event_id"])) for e in events for c in consumers_of(str(e["event_type"]))}
    seen: Counter[tuple[str, str, str]] = Counter()
    for function in {c for c, _ in wanted}:
        seen.update({k: n for k, n in consumer_outcomes(stack, function).items() if k[:2] in wanted})
    return seen


def copies(seen: Counter[tuple[str, str, str]], pair: tuple[str, str]) -> int:
    return sum(n for key, n in seen.items() if key[:2] == pair)


def test_every_event_delivered_twice_has_one_effect(fault_stack: Stack, fault_db: firestore.Client) -> None:
    with every_subscription_twice(fault_stack):
        post_indexed_jobs(fault_stack, fault_db, 2)
        people = register_many(fault_stack, CANDIDATES, workers=CANDIDATES)
        ids = {p.candidate_id for p in people}

        def flow_logged() -> list[dict[str, object]] | None:
            events = log_entries(fault_db, ids, FLOW)
            return events if Counter(e["event_type"] for e in events) == {t: CANDIDATES for t in FLOW} else None

        events = wait_for(flow_logged, timeout=180, what="every candidate's flow in the event log")
        pairs = {(c, str(e["event_id"])) for e in events for c in consumers_of(str(e["event_type"]))}
        # Both copies handled: one processed and one duplicate per consumer (the event log appends idempotently).
        wait_for(lambda: all(copies(deliveries(fault_stack, events), pair) >= 2 for pair in pairs), timeout=180,
                 what="the second copy of every event at every consumer")
        seen = deliveries(fault_stack, events)

    messages = sink_messages(fault_stack)
    outcomes = [feed_and_emails(fault_db, messages, person) for person in people]
    versions = [snap.get("profile_version") for snap in docs(fault_db, PROFILES, ids)]
    duplicates = sum(n for (_, _, outcome), n in seen.items() if outcome == "event duplicate")
    print(f"\n[s2] candidates={CANDIDATES} events={len(events)} consumer deliveries={sum(seen.values())} "
          f"(duplicates absorbed={duplicates}) profiles={versions} "
          f"feed entries={sum(len(feed) for feed, _ in outcomes)} "
          f"emailed jobs={sum(sum(mailed.values()) for _, mailed in outcomes)} "
          f"emails={sum(1 for m in messages for p in people if p.email in m['to'])}")
    assert versions == [1] * CANDIDATES
    for consumer, event_id in pairs - {p for p in pairs if p[0] == "event_log"}:
        assert seen[(consumer, event_id, "event processed")] == 1, (consumer, event_id)
        assert seen[(consumer, event_id, "event duplicate")] >= 1, (consumer, event_id)
    assert [sum(1 for m in messages if p.email in m["to"]) for p in people] == [1] * CANDIDATES
    for feed, mailed in outcomes:
        assert len(feed) >= 2 and mailed == Counter(dict.fromkeys(feed, 1))  # each feed job emailed exactly once
    assert Counter(e["event_type"] for e in log_entries(fault_db, ids, FLOW)) == {t: CANDIDATES for t in FLOW}
