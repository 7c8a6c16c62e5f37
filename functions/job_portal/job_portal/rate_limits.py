"""The Portal's rate limits (jobfeed.rate_limit): per client address on every write endpoint, and per e-mail
address on registration. Sized so a real person never meets them (docs/design-notes.md, "Rate limits"); the
edge (Cloud Armor, terraform/edge.tf) throttles floods before they reach the function at all."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from flask import Request, Response
from google.cloud import firestore

from jobfeed.rate_limit import (
    Decision,
    Limit,
    RateLimiter,
    client_address,
    hops_from_env,
    limit_from_env,
    limits_enabled,
)

from .collections import RATE_LIMITS as COLLECTION
from .consent_pages import render_rate_limited
from .web import html, json_response, wants_json

# Each is JOBFEED_RATE_<NAME> in the environment: JOBFEED_RATE_REGISTER_PER_CLIENT, JOBFEED_RATE_REGISTER_PER_EMAIL,
# JOBFEED_RATE_WRITE_PER_CLIENT (docs/settings.md).
DEFAULTS = {
    "register_per_client": "20/3600",  # registrations from one address (an office or a campus shares one)
    "register_per_email": "5/3600",  # attempts for one e-mail address, whoever posts them
    "write_per_client": "120/600",  # feed page actions and confirmations from one address
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


def from_env(db: firestore.Client, env: Mapping[str, str] = os.environ) -> PortalLimits:
    limits = {name: limit_from_env(name, default, env) for name, default in DEFAULTS.items()}
    limiter = RateLimiter(db, COLLECTION) if limits_enabled(env) else None
    return PortalLimits(limiter, limits, hops_from_env(env))


@lru_cache(maxsize=4)
def portal_limits(db: firestore.Client) -> PortalLimits:
    return from_env(db)


def check_write(request: Request, db: firestore.Client, registering: bool) -> Response | None:
    """Every POST: one count per client address."""
    limits = portal_limits(db)
    refused = limits.hit("register_per_client" if registering else "write_per_client", limits.client(request))
    return too_many(request, refused) if refused else None


def check_email(request: Request, db: firestore.Client, email: str) -> Response | None:
    refused = portal_limits(db).hit("register_per_email", email)
    return too_many(request, refused) if refused else None


def too_many(request: Request, decision: Decision) -> Response:
    minutes = max(1, -(-decision.retry_after_s // 60))
    message = (f"You have sent us many requests in a short time. Please try again in {minutes} minute"
               f"{'' if minutes == 1 else 's'}.")
    if wants_json(request):
        response = json_response({"message": message, "retry_after_s": decision.retry_after_s}, 429)
    else:
        response = html(render_rate_limited(minutes), 429)
    response.headers["Retry-After"] = str(decision.retry_after_s)
    return response
