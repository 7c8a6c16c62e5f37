"""Intake's HTTP API: authenticate, read the feed, validate each row, accept the valid ones, report the rest."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Request, Response, jsonify

from jobfeed.rate_limit import RateLimiter, client_address

from .collections import RATE_LIMITS
from .feeds import FeedError, Unreadable, rows
from .postings import Rejected, validate
from .readers.draft import RowError
from .store import IntakeStore
from .understanding import complete, draft_of

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 20 * 1024 * 1024


def handle(request: Request, store: IntakeStore) -> Response:
    if request.path.rstrip("/") == "/healthz":
        return jsonify(status="ok")
    if (refused := _rate_limited(request, store)) is not None:
        return refused
    if not _authenticated(request, store.config.api_key):
        return _json({"message": "A valid API key is required (header X-API-Key)."}, 401)
    if request.path.rstrip("/") != "/jobs":
        return _json({"message": "Not found. POST postings to /jobs."}, 404)
    if request.method != "POST":
        response = _json({"message": f"{request.method} is not supported here. POST postings to /jobs."}, 405)
        response.headers["Allow"] = "POST"
        return response
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _json({"message": "The feed is larger than 20 MB; split it."}, 413)
    try:
        numbered = rows(request.get_data(cache=False), request.content_type or "application/json",
                        request.args.get("format"))
    except FeedError as error:
        return _json({"message": str(error)}, 400)
    accepted, understood, rejected = [], [], []
    for line, raw in numbered:
        result, summary = _read_row(line, raw, request)
        if isinstance(result, Rejected):
            rejected.append(result)
        else:
            accepted.append(result)
            understood.append({"line": line, "job_id": result["job_id"], **summary})
    events = store.accept(accepted)
    logger.info("feed received: %d accepted, %d rejected", len(accepted), len(rejected))
    status = 202 if accepted or not rejected else 422
    return _json({
        "accepted": len(accepted), "published": len(events), "job_ids": [p["job_id"] for p in accepted],
        "postings": understood, "rejected": [{"line": r.line, "errors": r.errors} for r in rejected],
    }, status)


def _read_row(line: int, raw: object, request: Request) -> tuple[dict[str, Any] | Rejected, dict[str, Any]]:
    """One row in any format: read, completed from its text, validated; or the reasons it was refused."""
    if isinstance(raw, Unreadable):
        return Rejected(line, [raw.reason]), {}
    if not isinstance(raw, dict):
        return Rejected(line, ["a posting must be an object"]), {}
    try:
        draft = draft_of(raw, request.args.get("format"), request.args.get("company", ""),
                         request.args.get("page_url", ""))
    except RowError as error:
        return Rejected(line, [str(error)]), {}
    fields, summary = complete(draft)
    return validate(fields, line), summary


def _rate_limited(request: Request, store: IntakeStore) -> Response | None:
    """A feed uploader sends a few files a minute; docs/design-notes.md ("Rate limits")."""
    limit = store.config.per_client
    if limit is None:
        return None
    client = client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"),
                            store.config.address_hops)
    decision = RateLimiter(store.db, RATE_LIMITS).hit(limit, client)
    if decision.allowed:
        return None
    response = _json({"message": f"Too many requests from this address; retry in {decision.retry_after_s} s.",
                      "retry_after_s": decision.retry_after_s}, 429)
    response.headers["Retry-After"] = str(decision.retry_after_s)
    return response


def _authenticated(request: Request, expected: str) -> bool:
    given = request.headers.get("X-API-Key") or request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _json(body: dict[str, object], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response
