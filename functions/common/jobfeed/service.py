"""What a consuming function is made of: its name, one Step per event type, and the ports consume uses.

A Service is immutable: its composition root (`<service>/bootstrap.py`, through `compose`) builds it with every
step at once, and nothing changes it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Any, Protocol

from .clients import Clients
from .events import Event
from .faults import FaultHook
from .outbox import Outbox
from .publisher import OutgoingMessage
from .transactions import FirestoreTransactions, Transactions


@dataclass(frozen=True)
class Applied:
    """What an apply may return instead of bare outgoing events: the events, and a handover that the step's
    after receives only if this commit succeeded. It lets after finish work without reading again what the
    transaction just decided (Notification sends the emails its transaction created already claimed)."""

    events: Iterable[Event]
    handover: Any = None


# A step's apply: (event, the commit's transaction handle, what prepare returned) -> outgoing events (or Applied).
Apply = Callable[[Event, Any, Any], Iterable[Event] | Applied]


class PermanentError(Exception):
    """The event can never be processed as it is (poison): dead-letter it at once instead of retrying."""


@dataclass(frozen=True)
class Step:
    """How one event type is handled.

    prepare runs outside the transaction (fetching a resume, parsing, anything slow or external) and its result
    is handed to apply; apply runs inside one transaction together with the processed marker and the outbox, so
    the effect, the marker and the outgoing events commit all-or-nothing. after runs once the transaction
    committed, and again on a redelivery, so work that must happen after commit is finished even if the first
    attempt died half-way: after(event, handover) gets the Applied handover of the commit this attempt made, and
    None on a redelivery (or when apply returned bare events), where it must find the unfinished work itself.
    A Step without apply has no state change (its prepare is idempotent).

    With apply, the consumer checks the processed marker before prepare, so a redelivery skips the prepare
    work; prepare_reads_only says prepare changes nothing (a parse, a catch-up of an in-memory index), so there
    is no check: the commit's create() of the marker finds a redelivery, one read less per event."""

    apply: Apply | None = None
    prepare: Callable[[Event], Any] | None = None
    after: Callable[[Event, Any], None] | None = None
    prepare_reads_only: bool = False


class DeadLetters(Protocol):
    def publish(self, message: OutgoingMessage, extra_attributes: dict[str, str] | None = None) -> str: ...


@dataclass(frozen=True)
class Service:
    name: str
    steps: Mapping[str, Step]
    transactions: Transactions
    dead_letters: DeadLetters
    fault: FaultHook | None = None  # the fault suite's injected failures (jobfeed.faults); None in production


@dataclass(frozen=True)
class Wiring:
    """What a service's steps are built from: the process's clients and the service's own outbox."""

    name: str
    clients: Clients
    outbox: Outbox

    @property
    def db(self) -> Any:
        return self.clients.db

    def sweep_outbox(self, event: Event) -> int:
        """The scheduled OutboxSweepDue: publish what the relay left behind."""
        return self.outbox.sweep(timedelta(seconds=event.payload["older_than_s"]))


def compose(name: str, clients: Clients, steps: Callable[[Wiring], Mapping[str, Step]],
            fault: FaultHook | None = None) -> Service:
    """Every consuming service answers the scheduled outbox sweep; `steps` may replace that step (Event Log logs
    the tick too) but sees the wiring's sweep_outbox to call."""
    wiring = Wiring(name, clients, clients.outbox(name))
    every = {"OutboxSweepDue": Step(prepare=wiring.sweep_outbox), **steps(wiring)}
    return Service(name=name, steps=MappingProxyType(every),
                   transactions=FirestoreTransactions(clients.db, name, wiring.outbox),
                   dead_letters=clients.publisher, fault=fault)
