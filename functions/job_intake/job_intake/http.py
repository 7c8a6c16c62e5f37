"""Intake's HTTP API: authenticate, read the feed, validate each row, accept the valid ones, report the rest."""

from __future__ import annotations

import hmac
import logging

from flask import Request, Response, jsonify

from jobfeed.settings import settings

from .feeds import FeedError, Unreadable, rows
from .postings import Rejected, validate
from .store import IntakeStore

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 20 * 1024 * 1024


def handle(request: Request, store: IntakeStore) -> Response:
    if request.path.rstrip("/") == "/healthz":
        return jsonify(status="ok")
    if not _authenticated(request):
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
        numbered = rows(request.get_data(cache=False), request.content_type or "application/json")
    except FeedError as error:
        return _json({"message": str(error)}, 400)
    accepted, rejected = [], []
    for line, raw in numbered:
        result = Rejected(line, [raw.reason]) if isinstance(raw, Unreadable) else validate(raw, line)
        (rejected if isinstance(result, Rejected) else accepted).append(result)
    events = store.accept(accepted)  # type: ignore[arg-type]
    logger.info("feed received: %d accepted, %d rejected", len(accepted), len(rejected))
    status = 202 if accepted or not rejected else 422
    return _json({
        "accepted": len(accepted), "published": len(events),
        "job_ids": [p["job_id"] for p in accepted],  # type: ignore[index]
        "rejected": [{"line": r.line, "errors": r.errors} for r in rejected],
    }, status)


def _authenticated(request: Request) -> bool:
    expected = settings().intake_api_key
    given = request.headers.get("X-API-Key") or request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _json(body: dict[str, object], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response
