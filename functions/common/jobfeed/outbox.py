"""Transactional outbox: outgoing events are written in the same Firestore transaction as the state change
that causes them, then published right after commit by the relay (or beside the commit, for an event that
reports a fact established before it: commit_and_relay); the sweep publishes what is left (the broker was down,
or the process died between commit and publish). Consumers are idempotent by event_id, so the rare double
publish (relay and sweep racing) is harmless."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from . import tracing
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
        self._marker = SentMarker(db)

    def stage(self, transaction: firestore.WriteBatch, events: Iterable[Event]) -> list[Event]:
        """Write the events inside the caller's transaction (or batch); they exist only if it commits."""
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
        """Publish just-committed events now; what the broker does not take stays for the sweep. Marking them
        sent is off the critical path (SentMarker): the next hop's message is already on its way."""
        batch = self._entries(events)
        return self._relayed(len(batch), self._publish_all(batch))

    def commit_and_relay(self, writes: firestore.WriteBatch, events: Iterable[Event]) -> None:
        """Commit the batch that staged `events` while they are being published, for events that report what
        happened outside Firestore before this commit (an email SendGrid accepted): one published without its
        commit is still true, so it need not wait for it, and the publish's round trip runs beside the commit's.
        If the commit fails, what was published stays published and the error goes on; what the broker does not
        take is left to the sweep, as with relay."""
        batch = self._entries(events)
        publishing = self._submit_all(batch)
        writes.commit()
        self._relayed(len(batch), self._wait_all(publishing))  # marked sent only now: the entries exist

    def _entries(self, events: Iterable[Event]) -> list[tuple[firestore.DocumentReference, OutgoingMessage]]:
        return [(self._collection.document(e.event_id), OutgoingMessage.of(e)) for e in events]

    def _relayed(self, staged: int, done: list[Sent]) -> int:
        self._marker.add(done)
        if len(done) < staged:
            log(logger, logging.WARNING, "outbox relay deferred to sweep", unsent=staged - len(done))
        return len(done)

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
        """Publish concurrently, then mark what was taken as sent (the sweep: no one waits on it)."""
        done = self._publish_all(batch)
        mark_sent(self._db, done)
        return len(done)

    def _publish_all(self, batch: list[tuple[firestore.DocumentReference, OutgoingMessage]]) -> list[Sent]:
        """Publish concurrently; returns what the broker took."""
        return self._wait_all(self._submit_all(batch))

    def _submit_all(self, batch: list[tuple[firestore.DocumentReference, OutgoingMessage]]) -> list[Publishing]:
        """Start every publish. Each message joins its flow's trace (the current span's, else the one its
        correlation id seeds: a Portal request or the sweep has no span of its own)."""
        futures = []
        for ref, message in batch:
            with tracing.flow(message.attributes.get("correlation_id")):
                futures.append((ref, message, self._publisher.submit(message)))
        return futures

    def _wait_all(self, publishing: list[Publishing]) -> list[Sent]:
        done: list[Sent] = []
        for ref, message, future in publishing:
            try:
                done.append((ref, self._publisher.wait(message, future)))
            except PublishFailed:
                continue
        return done


Sent = tuple[firestore.DocumentReference, str]  # an outbox entry and the message id the broker gave it
Publishing = tuple[firestore.DocumentReference, OutgoingMessage, Future]  # an entry whose publish is under way


def mark_sent(db: firestore.Client, done: list[Sent]) -> None:
    """Up to 500 writes per Firestore batch."""
    now = datetime.now(UTC)
    for start in range(0, len(done), 500):
        writes = db.batch()
        for ref, message_id in done[start:start + 500]:
            writes.update(ref, {"sent": True, "sent_at": now, "message_id": message_id, **expiry("outbox", now)})
        writes.commit()


class SentMarker:
    """Marks relayed entries sent on a thread of its own, so the write does not delay the answer to Pub/Sub (the
    push slot, the next message of an ordering key) or to the person registering. What queues up meanwhile is
    marked in one batch. If the process dies first (or the write fails), the entry stays unsent and the sweep
    publishes it again: consumers drop that duplicate by event id, as for any relay/sweep race."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db
        self._queue: queue.SimpleQueue[list[Sent]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def add(self, done: list[Sent]) -> None:
        if not done:
            return
        self._queue.put(done)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="outbox-sent-marker", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            pending = list(self._queue.get())
            while True:
                try:
                    pending.extend(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                mark_sent(self._db, pending)
            except Exception as error:  # noqa: BLE001 - the sweep publishes these again; keep marking later ones
                log(logger, logging.WARNING, "marking relayed outbox entries sent failed; the sweep will republish",
                    count=len(pending), error=repr(error))
