"""The Firestore RPCs one client makes, counted by name (its generated API client's methods, wrapped), and the
documents of each batched read made inside a transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from google.cloud import firestore

METHODS = ("begin_transaction", "batch_get_documents", "run_query", "commit", "rollback")


class FirestoreCalls:
    def __init__(self, db: firestore.Client) -> None:
        self.seen: Counter[str] = Counter()
        self.transactional_reads: list[list[str]] = []  # document paths ("collection/id"), one list per read
        self._prefix = f"{db._database_string}/documents/"
        api = db._firestore_api
        for name in METHODS:
            setattr(api, name, self._counting(name, getattr(api, name)))

    def clear(self) -> None:
        self.seen.clear()
        self.transactional_reads.clear()

    def _counting(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.seen[name] += 1
            request = kwargs.get("request") or {}
            if name == "batch_get_documents" and (request.get("transaction") or
                                                  request.get("new_transaction") is not None):
                self.transactional_reads.append([path.removeprefix(self._prefix) for path in request["documents"]])
            return method(*args, **kwargs)
        return counted
