"""Routes of the Portal's HTTP function. Every page has a JSON twin (Accept: application/json)."""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Request, Response, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from jobfeed.logs import bound

from . import pages
from .forms import parse_preferences, parse_registration
from .resume_check import MAX_RESUME_BYTES, ResumeInvalid, check_resume, safe_filename
from .store import DuplicateEmail, PortalStore

logger = logging.getLogger(__name__)
# Form fields are small; the resume is the only large part of a request.
MAX_BODY_BYTES = MAX_RESUME_BYTES + 64 * 1024
OPENAPI = Path(__file__).with_name("openapi.yaml")
CANDIDATE_PATH = re.compile(r"^/candidates/([0-9a-f]{32})(?:/(preferences|unsubscribe|subscribe|token|resume))?$")


def handle(request: Request, store: PortalStore) -> Response:
    request.max_content_length = MAX_BODY_BYTES
    try:
        return _route(request, store)
    except RequestEntityTooLarge:
        return _error(request, 413, "The upload is larger than the 5 MB limit.")
    except HTTPException as error:
        return _error(request, error.code or 400, error.description or "Bad request.")


def _route(request: Request, store: PortalStore) -> Response:
    path, method = request.path.rstrip("/") or "/", request.method
    if path == "/" and method == "GET":
        return _html(pages.render_form({}, {}))
    if path == "/healthz":
        return jsonify(status="ok")
    if path == "/openapi.yaml":
        return Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/yaml")
    if path == "/candidates" and method == "POST":
        return register(request, store)
    match = CANDIDATE_PATH.match(path)
    if match and method == "GET" and match.group(2) is None:
        return show_feed(request, store, match.group(1))
    if match and method == "POST" and match.group(2):
        return ACTIONS[match.group(2)](request, store, match.group(1))
    return _error(request, 404, "Not found.")


def wants_json(request: Request) -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def _fields(request: Request) -> dict[str, Any]:
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise _BadBody("The body must be a JSON object.")
        return body
    return {key: (values if len(values) > 1 else values[0]) for key, values in request.form.lists()}


class _BadBody(Exception):
    pass


def _resume(request: Request, fields: dict[str, Any]) -> tuple[bytes | None, str]:
    if request.is_json:
        encoded = fields.get("resume_base64")
        if not isinstance(encoded, str):
            return None, ""
        try:
            return base64.b64decode(encoded, validate=True), "resume.pdf"
        except (binascii.Error, ValueError) as error:
            raise _BadBody("resume_base64 is not valid base64.") from error
    upload = request.files.get("resume")
    if upload is None or not upload.filename:
        return None, ""
    return upload.read(MAX_RESUME_BYTES + 1), safe_filename(upload.filename)


def register(request: Request, store: PortalStore) -> Response:
    try:
        fields = _fields(request)
        resume, filename = _resume(request, fields)
    except _BadBody as error:
        return _error(request, 400, str(error))
    registration, errors = parse_registration(fields)
    if resume is None:
        errors = {**errors, "resume": "Please attach your resume as a PDF."}
    else:
        try:
            check_resume(resume, filename)
        except ResumeInvalid as invalid:
            if invalid.status == 413 or not errors:
                return _form_error(request, invalid.status, fields, {"resume": invalid.message})
            errors = {**errors, "resume": invalid.message}
    if errors or registration is None or resume is None:
        return _form_error(request, 400 if resume is None or errors else 422, fields, errors)
    try:
        candidate_id, url = store.register(registration, resume, filename)
    except DuplicateEmail:
        message = "This email is registered already. We have emailed the private link to that address."
        if wants_json(request):
            return _json({"message": message}, 409)
        return _html(pages.render_duplicate(), 409)
    with bound(correlation_id=candidate_id):
        logger.info("candidate registered")
    if wants_json(request):
        return _json({"candidate_id": candidate_id, "feed_url": url, "status": "registered"}, 202)
    return _html(pages.render_registered(url), 202)


def show_feed(request: Request, store: PortalStore, candidate_id: str) -> Response:
    token = request.args.get("token")
    candidate = store.authorised(candidate_id, token)
    if candidate is None:
        return _error(request, 404, "Not found.")
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 1000))
    entries, has_next = store.feed_page(candidate_id, page)
    if wants_json(request):
        return _json({**_public(candidate), "jobs": entries, "page": page, "has_next": has_next}, 200)
    return _html(pages.render_feed(_public(candidate), entries, page, has_next, token or ""))


def _public(candidate: dict[str, Any]) -> dict[str, Any]:
    keys = ("candidate_id", "name", "status", "status_reason", "preferences", "subscribed")
    return {key: candidate.get(key) for key in keys}


def _authorised_action(action: Callable[[Request, PortalStore, str, str, dict[str, Any]], Response]):  # type: ignore[no-untyped-def]
    def run(request: Request, store: PortalStore, candidate_id: str) -> Response:
        token = request.args.get("token")
        candidate = store.authorised(candidate_id, token)
        if candidate is None or token is None:
            return _error(request, 404, "Not found.")
        return action(request, store, candidate_id, token, candidate)
    return run


@_authorised_action
def update_preferences(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    try:
        fields = _fields(request)
    except _BadBody as error:
        return _error(request, 400, str(error))
    preferences, errors = parse_preferences(fields)
    if errors or preferences is None:
        if wants_json(request):
            return _json({"errors": errors}, 400)
        return _error(request, 400, "; ".join(errors.values()))
    merged = {**cand["preferences"], **{k: v for k, v in vars(preferences).items()}}
    store.update(cid, token, "preferences", {"preferences": merged})
    return _done(request, store, cid, token, "Your preferences are saved.")


@_authorised_action
def unsubscribe(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    store.update(cid, token, "subscription", {"subscribed": False})
    return _done(request, store, cid, token, "You will get no more emails from us.")


@_authorised_action
def subscribe(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    store.update(cid, token, "subscription", {"subscribed": True})
    return _done(request, store, cid, token, "Emails are back on.")


@_authorised_action
def rotate(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    url = store.rotate_token(cid)
    if wants_json(request):
        return _json({"feed_url": url}, 200)
    return _html(pages.render_registered(url))


@_authorised_action
def new_resume(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    try:
        fields = _fields(request)
        resume, filename = _resume(request, fields)
    except _BadBody as error:
        return _error(request, 400, str(error))
    if resume is None:
        return _error(request, 400, "Please attach your resume as a PDF.")
    try:
        check_resume(resume, filename)
    except ResumeInvalid as invalid:
        return _error(request, invalid.status, invalid.message)
    store.replace_resume(cid, token, resume, filename)
    return _done(request, store, cid, token, "Thanks: we are reading your new resume.")


ACTIONS = {"preferences": update_preferences, "unsubscribe": unsubscribe, "subscribe": subscribe,
           "token": rotate, "resume": new_resume}


def _done(request: Request, store: PortalStore, cid: str, token: str, notice: str) -> Response:
    candidate = store.authorised(cid, token) or {}
    if wants_json(request):
        return _json({**_public(candidate), "message": notice}, 200)
    entries, has_next = store.feed_page(cid, 1)
    return _html(pages.render_feed(_public(candidate), entries, 1, has_next, token, notice=notice))


def _form_error(request: Request, status: int, fields: dict[str, Any], errors: dict[str, str]) -> Response:
    if wants_json(request):
        return _json({"errors": errors}, status)
    kept = {k: v for k, v in fields.items() if k != "resume_base64"}
    return _html(pages.render_form(kept, errors), status)


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return _json({"message": message}, status)
    return _html(pages.render_not_found() if status == 404 else pages.render_error(status, message), status)


def _json(body: dict[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


def _html(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
