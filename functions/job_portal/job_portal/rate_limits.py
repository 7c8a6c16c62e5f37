"""The Portal's rate limits (jobfeed.rate_limit; which ones: limits.py): per client address on every write
endpoint, and per e-mail address on registration. Sized so a real person never meets them (docs/design-notes.md,
"Rate limits"); the edge (Cloud Armor, terraform/edge.tf) throttles floods before they reach the function at all."""

from __future__ import annotations

from flask import Request, Response

from jobfeed.rate_limit import Decision

from .consent_pages import render_rate_limited
from .limits import PortalLimits
from .web import html, json_response, wants_json


def check_write(request: Request, limits: PortalLimits, registering: bool) -> Response | None:
    """Every POST: one count per client address."""
    refused = limits.hit("register_per_client" if registering else "write_per_client", limits.client(request))
    return too_many(request, refused) if refused else None


def check_email(request: Request, limits: PortalLimits, email: str) -> Response | None:
    refused = limits.hit("register_per_email", email)
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
