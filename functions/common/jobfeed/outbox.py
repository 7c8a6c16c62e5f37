"""Transactional outbox: outgoing events are written in the same Firestore transaction as the state change
that causes them, then published right after commit by the relay; the sweep publishes what is left (the
broker was down, or the process died between commit and publish). Consumers are idempotent by event_id, so
the rare double publish (relay and sweep racing) is harmless."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .collections import outbox_collection
from .events import Event
from .logs import log
from .publisher import OutgoingMessage, Publisher, PublishFailed
from .retention import expiry

logger = logging.getLogger(__name__)

# An entry still unsent after one sweep interval (topology: the outbox-sweep schedule, every 5 minutes) means the
# relay and at least one sweep failed: the sweep logs it as "outbox entries overdue", which the Terraform
# log-based metric counts and `ops alerts` evaluates the same way (ops/alerts.py).
OVERDUE_AFTER = timedelta(minutes=5)
OVERDUE_MESSAGE = "outbox entries overdue"


class Outbox:
    def __init__(self, db: firestore.Client, service: str, publisher: Publisher):
        self._db = db
        self._collection = db.collection(outbox_collection(service))
        self._publisher = publisher

    def stage(self, transaction: firestore.Transaction, events: Iterable[Event]) -> list[Event]:
        """Write the events inside the caller's transaction; they exist only if it commits."""
        staged = list(events)
        for event in staged:
            message = OutgoingMessage.of(event)  # validates now, so a bad event fails the transaction
            transaction.create(self._collection.document(event.event_id), {
                "topic": message.topic, "data": message.data, "attributes": message.attributes,
                "ordering_key": message.ordering_key, "created_at": datetime.now(UTC),
                "sent": False, "correlation_id": event.correlation_id,
            })
        return staged

    def relay(self, events: Iterable[Event]) -> int:
        """Publish just-committed events now; what the broker does not take stays for the sweep."""
        batch = [(self._collection.document(e.event_id), OutgoingMessage.of(e)) for e in events]
        sent = self._send_all(batch)
        if sent < len(batch):
            log(logger, logging.WARNING, "outbox relay deferred to sweep", unsent=len(batch) - sent)
        return sent

    def pending(self, older_than: timedelta = timedelta(0), limit: int = 200) -> list[firestore.DocumentSnapshot]:
        """Oldest first (composite index sent + created_at, terraform/firestore.tf)."""
        cutoff = datetime.now(UTC) - older_than
        query = (self._collection.where(filter=FieldFilter("sent", "==", False))
                 .where(filter=FieldFilter("created_at", "<=", cutoff)).order_by("created_at").limit(limit))
        return list(query.stream())

    def sweep(self, older_than: timedelta = timedelta(seconds=30), batch: int = 200) -> int:
        """Publish every unsent entry older than `older_than`; raises PublishFailed if the broker is still down."""
        sent, first = 0, True
        while docs := self.pending(older_than, batch):
            if first:
                self._report_overdue(docs)
                first = False
            messages = [(doc.reference, OutgoingMessage(
                topic=doc.get("topic"), data=doc.get("data"), attributes=dict(doc.get("attributes")),
                ordering_key=doc.get("ordering_key"))) for doc in docs]
            done = self._send_all(messages)
            sent += done
            if done < len(messages):
                raise PublishFailed(f"{len(messages) - done} outbox entries still unpublished")
            if len(docs) < batch:
                break
        if sent:
            log(logger, logging.INFO, "outbox sweep published leftovers", count=sent)
        return sent

    def overdue(self, after: timedelta = OVERDUE_AFTER, limit: int = 200) -> list[firestore.DocumentSnapshot]:
        return self.pending(after, limit)

    def _report_overdue(self, oldest_first: list[firestore.DocumentSnapshot]) -> None:
        now = datetime.now(UTC)
        late = [doc for doc in oldest_first if now - doc.get("created_at") > OVERDUE_AFTER]
        if late:
            log(logger, logging.WARNING, OVERDUE_MESSAGE, outbox=self._collection.id, count=len(late),
                oldest_age_s=round((now - late[0].get("created_at")).total_seconds()))

    def _send_all(self, batch: list[tuple[firestore.DocumentReference, OutgoingMessage]]) -> int:
        """Publish concurrently, then mark what was taken as sent (up to 500 writes per Firestore batch)."""
        futures = [(ref, message, self._publisher.submit(message)) for ref, message in batch]
        done: list[tuple[firestore.DocumentReference, str]] = []
        for ref, message, future in futures:
            try:
                done.append((ref, self._publisher.wait(message, future)))
            except PublishFailed:
                continue
        now = datetime.now(UTC)
        for start in range(0, len(done), 500):
            writes = self._db.batch()
            for ref, message_id in done[start:start + 500]:
                writes.update(ref, {"sent": True, "sent_at": now, "message_id": message_id, **expiry("outbox", now)})
            writes.commit()
        return len(done)
