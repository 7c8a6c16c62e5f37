"""consume itself, on the in-memory transactions port: dedup, the after step on redelivery, dead-letter
classification, all-or-nothing commits and outbox staging, without an emulator. (tests/integration/
test_consumer_runtime.py proves the same through real push delivery, Firestore and Pub/Sub.)"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest

from jobfeed.consumer import consume
from jobfeed.events import Event
from jobfeed.faults import InjectedFault
from jobfeed.service import Applied, PermanentError, Service, Step

from .memory import InMemoryTransactions, MemoryTransaction, RecordingDeadLetters, pushed

CONSUMER = "notification"  # a real subscription (digest-due.notification) names the dead-letter topic


def due(period: str = "2026-11") -> Event:
    return Event("DigestDue", {"cadence": "monthly", "period": period}, correlation_id="flow-1", producer="unit")


class Harness:
    def __init__(self, step: Step, fault: Callable[[str], None] | None = None) -> None:
        self.transactions = InMemoryTransactions()
        self.dead_letters = RecordingDeadLetters()
        self.service = Service(name="unit", steps=MappingProxyType({"DigestDue": step}),
                               transactions=self.transactions, dead_letters=self.dead_letters, fault=fault)

    def deliver(self, event: Event, data: bytes | None = None) -> str:
        return consume(pushed(event, data), self.service, CONSUMER)


def count(event: Event, tx: MemoryTransaction, _: Any) -> list[Event]:
    """Adds one to a counter and tells the next hop: run twice, the count shows it."""
    tx.set("count", (tx.get("count") or 0) + 1)
    return [event.caused("DigestDue", {"cadence": "weekly", "period": "next"}, "unit")]


def test_an_event_is_applied_with_its_marker_and_its_outgoing_events_in_one_commit() -> None:
    harness, event = Harness(Step(apply=count)), due()

    assert harness.deliver(event) == "processed"

    tx = harness.transactions
    assert tx.documents == {"count": 1}
    assert list(tx.markers) == [f"{CONSUMER}:{event.event_id}"]
    assert tx.markers[f"{CONSUMER}:{event.event_id}"]["correlation_id"] == "flow-1"
    [staged] = tx.outbox
    assert staged.topic == "digest-due" and staged.attributes["correlation_id"] == "flow-1"
    assert [e.causation_id for e in tx.relayed] == [event.event_id]  # relayed right after the commit


def test_a_redelivery_changes_nothing_and_relays_nothing_but_runs_after_again() -> None:
    afters: list[str] = []
    harness, event = Harness(Step(apply=count, after=lambda e, _: afters.append(e.event_id))), due()

    assert [harness.deliver(event), harness.deliver(event)] == ["processed", "duplicate"]

    assert harness.transactions.documents == {"count": 1}
    assert len(harness.transactions.outbox) == 1 and len(harness.transactions.relayed) == 1
    assert afters == [event.event_id, event.event_id]  # finishes what a first attempt may have left half-done


def test_after_gets_the_handover_of_the_commit_it_follows_and_none_on_a_redelivery() -> None:
    """The redelivery's apply runs too (and hands over again) before its commit finds the marker: what that
    attempt's apply decided was never written, so after must not act on it (Notification would send an email
    another attempt holds)."""
    handed: list[Any] = []

    def claim(event: Event, tx: MemoryTransaction, prepared: Any) -> Applied:
        return Applied(count(event, tx, prepared), handover=f"claimed by {event.event_id}")

    harness, event = Harness(Step(apply=claim, after=lambda e, handover: handed.append(handover))), due()

    assert [harness.deliver(event), harness.deliver(event)] == ["processed", "duplicate"]

    assert handed == [f"claimed by {event.event_id}", None]
    assert len(harness.transactions.outbox) == 1  # Applied's events are staged as bare ones are


def test_a_redelivery_skips_prepare_work_that_may_write() -> None:
    prepared: list[str] = []
    step = Step(prepare=lambda e: prepared.append(e.event_id) or "erased", apply=count)
    harness, event = Harness(step), due()

    harness.deliver(event)
    assert harness.deliver(event) == "duplicate"
    assert prepared == [event.event_id]


def test_a_redelivery_of_prepare_work_that_only_reads_is_found_by_the_commit_without_a_read() -> None:
    prepared: list[Any] = []
    step = Step(prepare=lambda e: prepared.append(e.event_id) or len(prepared), apply=count, prepare_reads_only=True)
    harness, event = Harness(step), due()
    checks: list[str] = []
    processed = harness.transactions.processed
    harness.transactions.processed = lambda c, e: checks.append(e) or processed(c, e)  # type: ignore[method-assign]

    assert [harness.deliver(event), harness.deliver(event)] == ["processed", "duplicate"]

    assert prepared == [event.event_id, event.event_id]  # nothing checked before prepare
    assert checks == []  # nor beside it: the marker's create() in the commit found the redelivery
    assert harness.transactions.documents == {"count": 1}
    assert harness.transactions.commits == 1
    assert len(harness.transactions.outbox) == 1 and len(harness.transactions.relayed) == 1


def test_a_reading_prepare_that_fails_on_a_redelivery_makes_it_a_duplicate_not_an_error() -> None:
    calls: list[str] = []

    def prepare(e: Event) -> str:
        calls.append(e.event_id)
        if len(calls) > 1:
            raise PermanentError("the resume was erased since")
        return "parsed"

    harness, event = Harness(Step(prepare=prepare, apply=count, prepare_reads_only=True)), due()

    assert [harness.deliver(event), harness.deliver(event)] == ["processed", "duplicate"]
    assert harness.dead_letters.published == []


def test_a_reading_prepare_that_fails_on_a_first_delivery_still_fails() -> None:
    def prepare(_: Event) -> str:
        raise RuntimeError("storage unavailable")

    harness, event = Harness(Step(prepare=prepare, apply=count, prepare_reads_only=True)), due()

    with pytest.raises(RuntimeError, match="storage unavailable"):
        harness.deliver(event)
    assert harness.transactions.markers == {}


def test_prepare_hands_its_result_to_apply() -> None:
    seen: list[Any] = []
    step = Step(prepare=lambda e: {"parsed": e.payload["period"]}, apply=lambda e, tx, p: seen.append(p) or [])
    Harness(step).deliver(due("2026-10"))
    assert seen == [{"parsed": "2026-10"}]


def test_a_transient_failure_raises_for_pubsub_to_retry_and_commits_nothing() -> None:
    attempts: list[int] = []

    def flaky(event: Event, tx: MemoryTransaction, _: Any) -> list[Event]:
        tx.set("half", "written")
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("Firestore unavailable")
        return count(event, tx, _)

    harness, event = Harness(Step(apply=flaky)), due()
    with pytest.raises(ConnectionError):
        harness.deliver(event)
    assert harness.transactions.documents == {} and harness.transactions.markers == {}
    assert harness.transactions.outbox == []

    assert harness.deliver(event) == "processed"  # Pub/Sub's retry
    assert harness.transactions.documents == {"half": "written", "count": 1}


@pytest.mark.parametrize("where", ["prepare", "apply"])
def test_a_permanent_error_dead_letters_the_message_at_once(where: str) -> None:
    def poison(*_: Any) -> Any:
        raise PermanentError("the resume is not a PDF")

    step = Step(prepare=poison, apply=count) if where == "prepare" else Step(apply=poison)
    harness, event = Harness(step), due()

    assert harness.deliver(event) == "dead-lettered"

    [(message, extra)] = harness.dead_letters.published
    assert message.topic == "digest-due.notification.dead-letter"
    assert message.attributes["event_id"] == event.event_id  # the original message, as it came
    assert extra["jobfeed_dead_letter_reason"] == "the resume is not a PDF"
    assert extra["jobfeed_source_subscription"] == "digest-due.notification"
    assert harness.transactions.documents == {} and harness.transactions.markers == {}


def test_a_message_that_is_not_its_topics_event_is_dead_lettered_unread() -> None:
    harness = Harness(Step(apply=count))
    assert harness.deliver(due(), data=b"\x00 not avro") == "dead-lettered"
    [(_, extra)] = harness.dead_letters.published
    assert "jobfeed_dead_letter_reason" in extra
    assert harness.transactions.commits == 0


def test_an_event_type_without_a_step_is_dead_lettered() -> None:
    harness = Harness(Step(apply=count))
    harness.service = Service(name="unit", steps=MappingProxyType({}), transactions=harness.transactions,
                              dead_letters=harness.dead_letters)
    assert harness.deliver(due()) == "dead-lettered"
    assert "no handler for DigestDue" in harness.dead_letters.published[0][1]["jobfeed_dead_letter_reason"]


def test_a_step_without_apply_runs_every_time_and_leaves_no_marker() -> None:
    runs: list[str] = []
    harness, event = Harness(Step(prepare=lambda e: runs.append(e.event_id))), due()
    assert [harness.deliver(event), harness.deliver(event)] == ["processed", "processed"]
    assert runs == [event.event_id] * 2 and harness.transactions.markers == {}


def test_an_outgoing_event_that_breaks_its_contract_fails_the_whole_commit() -> None:
    def bad(event: Event, tx: MemoryTransaction, _: Any) -> list[Event]:
        tx.set("count", 1)
        return [event.caused("DigestDue", {"cadence": "monthly"}, "unit")]  # no period: not a DigestDue

    harness = Harness(Step(apply=bad))
    with pytest.raises(Exception):  # noqa: B017 - the codec's own error type
        harness.deliver(due())
    assert harness.transactions.documents == {} and harness.transactions.outbox == []


def fails_at(stage: str) -> Callable[[str], None]:
    def hook(at: str) -> None:
        if at == stage:
            raise InjectedFault(f"injected transient fault {at}")
    return hook


def test_a_fault_after_the_effect_leaves_it_committed_and_the_redelivery_is_a_duplicate() -> None:
    afters: list[str] = []
    harness, event = Harness(Step(apply=count, after=lambda e, _: afters.append("after")),
                             fault=fails_at("after the effect")), due()
    with pytest.raises(InjectedFault):
        harness.deliver(event)
    assert harness.transactions.documents == {"count": 1}

    harness.service = Service(name="unit", steps=harness.service.steps, transactions=harness.transactions,
                              dead_letters=harness.dead_letters)  # the next delivery meets no fault
    assert harness.deliver(event) == "duplicate"
    assert harness.transactions.documents == {"count": 1} and afters == ["after", "after"]


def test_a_fault_before_the_effect_commits_nothing() -> None:
    harness = Harness(Step(apply=count), fault=fails_at("before the effect"))
    with pytest.raises(InjectedFault):
        harness.deliver(due())
    assert harness.transactions.commits == 0


def test_the_service_is_immutable() -> None:
    harness = Harness(Step(apply=count))
    with pytest.raises(TypeError):
        harness.service.steps["OpenJobsFound"] = Step()  # type: ignore[index]
    with pytest.raises(AttributeError):
        harness.service.fault = None  # type: ignore[misc]
