"""Rate limits for the HTTP functions: fixed-window counters in Firestore, so every instance counts together.

A limit is "N requests per W seconds" per key (a client address, an e-mail address). Each (limit, key, window)
is one counter document in the calling service's own collection (`<service>_rate_limits`), incremented with a
server-side transform in one write; the write returns the new count, so one round trip decides. The document id
is a hash: no address or e-mail address is stored. Counters carry `expire_at` (their window's end plus a
minute), which Firestore TTL deletes (terraform/retention.tf); locally `ops purge` does.

Limits are read from the environment (`JOBFEED_RATE_<NAME>=N/W`, e.g. `20/3600`); `JOBFEED_RATE_LIMITS=off`
switches every limit off (the shared test stacks, whose thousands of registrations come from one address).
docs/design-notes.md ("Rate limits") lists the defaults and why a real person never meets them.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from google.cloud import firestore

from .retention import EXPIRE_AT

SWITCH_ENV = "JOBFEED_RATE_LIMITS"
# How many proxies in front append to X-Forwarded-For: 0 locally (the peer is the client); Google's external
# HTTPS load balancer appends "<client>, <load balancer>", so production sets 2 (terraform/functions.tf).
HOPS_ENV = "JOBFEED_CLIENT_ADDRESS_HOPS"
KEEP_AFTER_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Limit:
    name: str  # e.g. "register_per_client": part of the counter's id and of the env variable's name
    count: int  # requests allowed per window
    window_s: int

    @classmethod
    def parse(cls, name: str, text: str) -> Limit:
        """'20/3600' -> 20 requests per 3600 seconds; a clear error for anything else."""
        try:
            count, window = (int(part) for part in text.strip().split("/"))
        except ValueError:
            raise ValueError(f"rate limit {name}: expected COUNT/SECONDS like 20/3600, got {text!r}") from None
        if count < 1 or window < 1:
            raise ValueError(f"rate limit {name}: count and seconds must be positive, got {text!r}")
        return cls(name, count, window)


def limits_enabled(env: Mapping[str, str] = os.environ) -> bool:
    return env.get(SWITCH_ENV, "on").strip().lower() not in {"off", "0", "false", "no"}


def client_address(peer: str | None, forwarded_for: list[str], hops: int) -> str:
    """The client's address: the X-Forwarded-For entry the trusted proxies appended (counted from the right),
    never one the client wrote itself; the peer when no proxy is trusted."""
    if hops <= 0:
        return peer or "unknown"
    entries = [part.strip() for header in forwarded_for for part in header.split(",") if part.strip()]
    return entries[-hops] if len(entries) >= hops else (peer or "unknown")


def hops_from_env(env: Mapping[str, str] = os.environ) -> int:
    return int(env.get(HOPS_ENV, "0").strip() or 0)


@dataclass(frozen=True)
class Window:
    index: int  # windows since the epoch
    start: datetime
    end: datetime


def window_at(limit: Limit, now: datetime) -> Window:
    index = math.floor(now.timestamp() / limit.window_s)
    start = datetime.fromtimestamp(index * limit.window_s, UTC)
    return Window(index, start, start + timedelta(seconds=limit.window_s))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: int  # 0 when allowed; else whole seconds until the window ends (at least 1)
    count: int


def decide(limit: Limit, count: int, window: Window, now: datetime) -> Decision:
    """The count includes this request: the limit's Nth request in a window passes, the N+1th does not."""
    if count <= limit.count:
        return Decision(True, 0, count)
    return Decision(False, max(1, math.ceil((window.end - now).total_seconds())), count)


def counter_id(limit: Limit, key: str, window: Window) -> str:
    return hashlib.sha256(f"{limit.name}\0{key.strip().lower()}\0{window.index}".encode()).hexdigest()


@dataclass
class RateLimiter:
    db: firestore.Client
    collection: str  # the calling service's own, e.g. job_portal_rate_limits

    def hit(self, limit: Limit, key: str, now: datetime | None = None) -> Decision:
        """Counts one request for `key` under `limit` and says whether it may go on."""
        now = now or datetime.now(UTC)
        window = window_at(limit, now)
        ref = self.db.collection(self.collection).document(counter_id(limit, key, window))
        result = ref.set({"count": firestore.Increment(1), "limit": limit.name, "window_end": window.end,
                          EXPIRE_AT: window.end + KEEP_AFTER_WINDOW}, merge=True)
        return decide(limit, _count_after(result, ref), window, now)


def _count_after(result: object, ref: firestore.DocumentReference) -> int:
    """The transform's result is in the write result (one round trip); read the document if a client hides it."""
    transforms = getattr(result, "transform_results", None)
    if transforms:
        value = transforms[0]
        return int(getattr(value, "integer_value", 0) or 0)
    return int((ref.get().to_dict() or {}).get("count", 0))
