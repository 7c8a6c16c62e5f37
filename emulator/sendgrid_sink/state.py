"""The sink's memory: delivered messages, injected faults, rejected recipients, request counters, a per-request
delay and a log of the API requests with their arrival times."""

import secrets
import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime
from typing import Any

REQUEST_LOG_SIZE = 100_000  # the oldest requests fall off: the log is for tests and ops, not an archive
MAX_DELAY_S = 30.0


def _join(items: Any, key: str) -> list[str]:
    return [e[key] for e in items or [] if isinstance(e, dict) and key in e]


def summarise(body: dict[str, Any], message_id: str) -> dict[str, Any]:
    """What the inbox shows for one accepted send; personalization values override the message's."""
    people = body["personalizations"]
    contents = {block["type"]: block["value"] for block in body["content"]}
    headers = dict(body.get("headers") or {})
    custom_args = dict(body.get("custom_args") or {})
    for p in people:
        headers.update(p.get("headers") or {})
        custom_args.update(p.get("custom_args") or {})
    return {
        "id": message_id,
        "received_at": datetime.now(UTC).isoformat(),
        "to": [e for p in people for e in _join(p.get("to"), "email")],
        "cc": [e for p in people for e in _join(p.get("cc"), "email")],
        "from": body["from"]["email"],
        "from_name": body["from"].get("name"),
        "subject": people[0].get("subject") or body.get("subject"),
        "headers": headers,
        "categories": list(body.get("categories") or []),
        "custom_args": custom_args,
        "text": contents.get("text/plain"),
        "html": contents.get("text/html"),
    }


def new_message_id() -> str:
    # SendGrid's ids are 22 url-safe characters.
    return secrets.token_urlsafe(16)[:22]


class SinkState:
    """Thread-safe: the dev server handles requests on several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[dict[str, Any]] = []
        self._requests: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._fail: dict[str, Any] | None = None
            self._rejected: dict[str, int] = {}
            self._stats: Counter[str] = Counter()
            self._by_recipient: dict[str, Counter[str]] = {}
            self._delay_s = 0.0
            self._requests.clear()

    def set_delay(self, seconds: float) -> None:
        with self._lock:
            self._delay_s = seconds

    def delay(self) -> float:
        """How long each API request waits before it is handled (a slow provider)."""
        with self._lock:
            return self._delay_s

    def log_request(self, path: str, arrived_at: datetime, recipients: tuple[str, ...], status: int) -> None:
        with self._lock:
            self._requests.append({"path": path, "arrived_at": arrived_at.isoformat(), "status": status,
                                   "to": [r.lower() for r in recipients]})

    def requests(self, email: str | None = None) -> list[dict[str, Any]]:
        """Every API request in arrival order, or only those naming the (case-insensitive) address."""
        with self._lock:
            logged = list(self._requests)
        return logged if email is None else [r for r in logged if email.lower() in r["to"]]

    def add(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._messages.append(message)

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """Every message, or those with `to` among their recipients (case-insensitive)."""
        with self._lock:
            if to is None:
                return list(self._messages)
            return [m for m in self._messages if to.lower() in (a.lower() for a in m["to"])]

    def message(self, message_id: str) -> dict[str, Any] | None:
        return next((m for m in self.messages() if m["id"] == message_id), None)

    def erase(self, addresses: set[str]) -> int:
        """Drop every message sent to one of the (lower-cased) addresses; returns how many went."""
        def names(message: dict[str, Any]) -> bool:
            return any(a.lower() in addresses for a in message["to"] + message["cc"])

        with self._lock:
            kept = [m for m in self._messages if not names(m)]
            erased = len(self._messages) - len(kept)
            self._messages[:] = kept
        return erased

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def set_fault(self, status: int, count: int | None, seconds: float | None, retry_after: int) -> None:
        until = time.monotonic() + seconds if seconds is not None else None
        with self._lock:
            self._fail = {"status": status, "count": count, "until": until, "retry_after": retry_after}

    def take_fault(self) -> dict[str, Any] | None:
        """The fault this request must answer with, if any; consumes one of a counted fault."""
        with self._lock:
            fault = self._fail
            if fault is None:
                return None
            if fault["until"] is not None and time.monotonic() >= fault["until"]:
                self._fail = None
                return None
            if fault["count"] is not None:
                fault["count"] -= 1
                if fault["count"] <= 0:
                    self._fail = None
            return dict(fault)

    def reject(self, email: str, status: int) -> None:
        with self._lock:
            self._rejected[email.lower()] = status

    def rejection(self, email: str) -> int | None:
        with self._lock:
            return self._rejected.get(email.lower())

    def count(self, status: int, recipients: tuple[str, ...] = ()) -> None:
        with self._lock:
            for counter in [self._stats, *(self._by_recipient.setdefault(r.lower(), Counter()) for r in recipients)]:
                counter["requests"] += 1
                counter[str(status)] += 1

    def stats(self, email: str | None = None) -> dict[str, Any]:
        """All requests, or (email given) only the requests addressed to that recipient, whatever the answer."""
        with self._lock:
            counter = self._stats if email is None else self._by_recipient.get(email.lower(), Counter())
            by_status = {k: v for k, v in counter.items() if k != "requests"}
            return {"requests": counter["requests"], "by_status": by_status}
