"""What a consuming function is made of: its data owner name, clients, and one Step per event type."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from google.cloud import firestore

from .collections import processed_collection
from .events import Event
from .outbox import Outbox
from .publisher import Publisher

Apply = Callable[[Event, firestore.Transaction, Any], Iterable[Event]]


class PermanentError(Exception):
    """The event can never be processed as it is (poison): dead-letter it at once instead of retrying."""


@dataclass(frozen=True)
class Step:
    """How one event type is handled.

    prepare runs outside the transaction (fetching a resume, parsing, anything slow or external) and its result
    is handed to apply; apply runs inside one Firestore transaction together with the processed marker and the
    outbox, so the effect, the marker and the outgoing events commit all-or-nothing. after runs once the
    transaction committed, and again on a redelivery, so work that must happen after commit is finished even if
    the first attempt died half-way. A Step without apply has no state change (its prepare is idempotent)."""

    apply: Apply | None = None
    prepare: Callable[[Event], Any] | None = None
    after: Callable[[Event], None] | None = None


@dataclass
class Service:
    name: str
    db: firestore.Client
    publisher: Publisher
    outbox: Outbox
    steps: dict[str, Step] = field(default_factory=dict)

    def processed_ref(self, consumer: str, event_id: str) -> firestore.DocumentReference:
        return self.db.collection(processed_collection(self.name)).document(f"{consumer}:{event_id}")


_built: list[Service] = []


def built_services() -> list[Service]:
    """Every service this process built (jobfeed.warmup opens their connections)."""
    return list(_built)


def build_service(name: str, steps: dict[str, Step], db: firestore.Client | None = None,
                  publisher: Publisher | None = None) -> Service:
    """Real clients by default; every consuming service also answers the scheduled outbox sweep."""
    from . import opcount, tracing
    from .settings import settings

    opcount.install()  # counts operations for the bench when JOBFEED_OP_COUNTS_DIR is set; else nothing
    tracing.configure()  # before the publisher, whose Pub/Sub client traces its publishes when tracing is on

    db = db or firestore.Client(project=settings().project_id)
    publisher = publisher or Publisher()
    outbox = Outbox(db, name, publisher)
    sweep = Step(prepare=lambda event: outbox.sweep(timedelta(seconds=event.payload["older_than_s"])))
    service = Service(name=name, db=db, publisher=publisher, outbox=outbox, steps={"OutboxSweepDue": sweep, **steps})
    _built.append(service)
    return service
