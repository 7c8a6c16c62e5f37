"""The port through which `consume` applies an event exactly once, and its Firestore adapter.

consume knows three things about storage: whether an event was processed already (the cheap early exit before
slow prepare work), how to commit an event's effect together with its processed marker and its outgoing events
all-or-nothing, and how to relay what was committed. `Transactions` is that port; `FirestoreTransactions` is the
production adapter, and the unit tests use an in-memory one (tests/unit/consume/memory.py), so dedup, the after
step on redelivery, dead-letter classification and outbox staging are tested without an emulator.

The handle a commit passes to a step's apply is the adapter's own (a firestore.Transaction here, begun by its
first read: the steps read through it, `tx.get(ref)` and `tx.get_all(refs)`): the steps are written for the
adapter they run on, consume never looks inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from google.cloud import firestore

from . import lazy_transaction
from .collections import processed_collection
from .events import Event
from .outbox import Outbox
from .retention import expiry

Work = Callable[[Any], Iterable[Event]]  # a step's apply, bound to its event: transaction handle -> events


@dataclass(frozen=True)
class Marker:
    """The processed marker of one event at one consumer: written in the same commit as the effect."""

    consumer: str
    event: Event
    started_at: datetime  # when handling began: `ops trace` splits a hop into broker and processing time

    @property
    def key(self) -> str:
        return f"{self.consumer}:{self.event.event_id}"

    def fields(self) -> dict[str, Any]:
        return {"at": datetime.now(UTC), "event_type": self.event.event_type,
                "correlation_id": self.event.correlation_id, "started_at": self.started_at, **expiry("processed")}


class Transactions(Protocol):
    def processed(self, consumer: str, event_id: str) -> bool:
        """Whether the event's marker exists (it was applied before)."""
        ...

    def commit(self, marker: Marker, work: Work) -> list[Event] | None:
        """Run work, create the marker and stage work's events in one transaction; the staged events, or None
        when the marker existed (a redelivery: nothing of this attempt is written). Other failures raise."""
        ...

    def relay(self, events: list[Event]) -> None:
        """Publish just-committed events now; what the broker does not take waits for the outbox sweep."""
        ...


class FirestoreTransactions:
    def __init__(self, db: firestore.Client, service: str, outbox: Outbox) -> None:
        self._db = db
        self._markers = db.collection(processed_collection(service))
        self._outbox = outbox

    def processed(self, consumer: str, event_id: str) -> bool:
        return bool(self._markers.document(f"{consumer}:{event_id}").get().exists)

    def commit(self, marker: Marker, work: Work) -> list[Event] | None:
        ref = self._markers.document(marker.key)

        def run(transaction: firestore.Transaction) -> list[Event]:
            outgoing = list(work(transaction))
            # The marker is created, not read first: create() commits only if it does not exist yet, so a
            # duplicate fails the whole commit (nothing of its effect is written) for one read and one round trip
            # less.
            transaction.create(ref, marker.fields())
            return self._outbox.stage(transaction, outgoing)

        try:
            # Begun by the work's first read, not by a call of its own (lazy_transaction.py): a round trip less.
            return lazy_transaction.run(self._db, run)
        except Exception:
            # A redelivery fails here: at the marker's create, or earlier in work, which now sees the state its
            # first delivery left (a create of its own conflicting, a rule refusing to go back). The marker tells
            # which: if it exists the event was applied before; otherwise the failure is real and goes on.
            if ref.get().exists:
                return None
            raise

    def relay(self, events: list[Event]) -> None:
        self._outbox.relay(events)
