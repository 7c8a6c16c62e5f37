"""One client of each kind per process, shared by every Service and store the process builds.

A function's composition root (`<service>/bootstrap.py`) asks for them; the Portal's HTTP store and its event
consumer, which live in one bundle, then share one Firestore client, one Pub/Sub publisher and one outbox per
service (one thread marking relayed entries sent). They are built on first use, never at import: importing a
bundle (the packaging check, a test) needs no credentials.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from google.auth.credentials import AnonymousCredentials, Credentials
from google.cloud import firestore

from .collections import processed_collection
from .outbox import Outbox
from .publisher import Publisher
from .settings import Settings, settings


@dataclass(frozen=True)
class Clients:
    db: firestore.Client
    publisher: Publisher
    _outboxes: dict[str, Outbox] = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def outbox(self, service: str) -> Outbox:
        """The service's outbox, one per process (its relay marks entries sent on a thread of its own)."""
        with self._lock:
            if service not in self._outboxes:
                self._outboxes[service] = Outbox(self.db, service, self.publisher)
            return self._outboxes[service]

    def connect(self, timeout_s: float) -> None:
        """Opens both channels before the first request needs them (jobfeed.warmup): one Firestore read (of a
        marker that never exists) fetches credentials, and the Pub/Sub channel is opened without a request."""
        self.db.collection(processed_collection("warm-up")).document("warm-up").get(timeout=timeout_s)
        self.publisher.connect(timeout_s)


_shared: Clients | None = None
_shared_lock = threading.Lock()


def shared(config: Settings | None = None) -> Clients:
    """The process's clients, built on the first call."""
    global _shared
    with _shared_lock:
        if _shared is None:
            from . import opcount, tracing

            config = config or settings()
            opcount.install()  # counts operations for the bench when JOBFEED_OP_COUNTS_DIR is set; else nothing
            tracing.configure()  # before the publisher, whose client traces its publishes when tracing is on
            _shared = Clients(db=firestore.Client(project=config.project_id), publisher=Publisher())
        return _shared


def built() -> Clients | None:
    """The process's clients if something built them (jobfeed.warmup opens their connections)."""
    return _shared


def storage_credentials(config: Settings) -> Credentials | None:
    """The storage emulator takes anonymous requests; None lets the client find the real credentials."""
    return AnonymousCredentials() if config.storage_emulator_host else None  # type: ignore[no-untyped-call]
