"""The Portal's rate limits as parsed from the environment (jobfeed.rate_limit does the counting): which limits,
and how the client's address is found behind the trusted proxies. rate_limits.py answers refused requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from google.cloud import firestore

from jobfeed.knobs import read
from jobfeed.rate_limit import Decision, Limit, RateLimiter, client_address, hops_from_env, limits_enabled

from .collections import RATE_LIMITS as COLLECTION

if TYPE_CHECKING:
    from flask import Request

# Each limit by name, with its knob (default in jobfeed.knobs, docs/settings.md):
KNOBS = {
    "register_per_client": "JOBFEED_RATE_REGISTER_PER_CLIENT",  # registrations from one address (an office or a
    # campus shares one): 20 an hour
    "register_per_email": "JOBFEED_RATE_REGISTER_PER_EMAIL",  # attempts for one e-mail address, whoever posts
    # them: 5 an hour
    "write_per_client": "JOBFEED_RATE_WRITE_PER_CLIENT",  # feed page actions and confirmations: 120 in 10 minutes
}


@dataclass(frozen=True)
class PortalLimits:
    limiter: RateLimiter | None  # None: limits off
    limits: dict[str, Limit]
    hops: int

    def client(self, request: Request) -> str:
        return client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"), self.hops)

    def hit(self, name: str, key: str) -> Decision | None:
        """None when allowed (or limits are off); the refusal otherwise."""
        if self.limiter is None:
            return None
        decision = self.limiter.hit(self.limits[name], key)
        return None if decision.allowed else decision


def from_env(db: firestore.Client, env: Mapping[str, str]) -> PortalLimits:
    limits = {name: Limit.parse(name, read(env, knob)) for name, knob in KNOBS.items()}
    limiter = RateLimiter(db, COLLECTION) if limits_enabled(env) else None
    return PortalLimits(limiter, limits, hops_from_env(env))


OFF = PortalLimits(None, {}, 0)  # what a store built without limits has (unit tests, tools)
