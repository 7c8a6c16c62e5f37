"""Routes of the Portal's HTTP function. Every page has a JSON twin (Accept: application/json)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from flask import Request, Response, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from jobfeed.logs import bound

from . import pages, profile_view, rate_limits, recaptcha
from .consent_pages import ROUTES as CONSENT_ROUTES
from .corrections import ACTIONS as CORRECTIONS
from .feed_actions import ACTIONS, NOTICES, feed_body, public
from .forms import parse_registration
from .resume_check import MAX_RESUME_BYTES, ResumeInvalid, check_resume
from .store import DuplicateEmail, PortalStore
from .web import BadBody, error, field_errors, fields_of, html, json_response, resume_of, wants_json

logger = logging.getLogger(__name__)
# Form fields are small; the resume is the only large part of a request.
MAX_BODY_BYTES = MAX_RESUME_BYTES + 64 * 1024
OPENAPI = Path(__file__).with_name("openapi.yaml")
ROUTES = {**ACTIONS, **CORRECTIONS}
CANDIDATE_PATH = re.compile(r"^/candidates/([0-9a-f]{32})(?:/(" + "|".join([*ROUTES, *CONSENT_ROUTES]) + "))?$")
MAX_PAGE = 1000


def handle(request: Request, store: PortalStore) -> Response:
    request.max_content_length = MAX_BODY_BYTES
    try:
        return _route(request, store)
    except RequestEntityTooLarge:
        _let_framework_drain(request)
        return error(request, 413, "The upload is larger than the 5 MB limit.")
    except HTTPException as http_error:
        return error(request, http_error.code or 400, http_error.description or "Bad request.")


def _let_framework_drain(request: Request) -> None:
    """functions-framework reads the whole body after every response (so a client is not cut off mid-upload);
    with our limit still set that read raises again and the 413 becomes a 500. A declared length is bounded by
    the platform, so lift the limit and let it drain; an undeclared (chunked) body is marked as read."""
    request.max_content_length = None
    if request.content_length is None:
        request._cached_data = b""  # werkzeug's get_data() cache: the framework's read returns at once


def _route(request: Request, store: PortalStore) -> Response:
    path, method = request.path.rstrip("/") or "/", request.method
    if method == "POST" and (refused := rate_limits.check_write(request, store.limits, path == "/candidates")):
        return refused
    if path == "/" and method == "GET":
        return _form_page({}, {}, request, 200, store.recaptcha)
    if path == "/healthz":
        return jsonify(status="ok")
    if path == "/openapi.yaml":
        return Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/yaml")
    if path == "/candidates" and method == "POST":
        return register(request, store)
    match = CANDIDATE_PATH.match(path)
    if match and match.group(2) in CONSENT_ROUTES:
        return CONSENT_ROUTES[match.group(2)](request, store, match.group(1))
    if match and method == "GET" and match.group(2) is None:
        return show_feed(request, store, match.group(1))
    if match and method == "POST" and match.group(2):
        return ROUTES[match.group(2)](request, store, match.group(1))
    return error(request, 404, "Not found.")


def _form_error(request: Request, store: PortalStore, status: int, fields: dict[str, object],
                errors: dict[str, str]) -> Response:
    if wants_json(request):
        return field_errors(errors, status)
    kept = {k: v for k, v in fields.items() if k not in ("resume_base64", "recaptcha_token")}
    return _form_page(kept, errors, request, status, store.recaptcha)


def _form_page(values: dict[str, object], errors: dict[str, str], request: Request, status: int,
               check: recaptcha.Verifier | None) -> Response:
    script = recaptcha.form_context(check)  # None unless reCAPTCHA Enterprise is on
    body = pages.render_form(values, errors, base_path=request.script_root, recaptcha=script)
    return recaptcha.allow_script(html(body, status), script)


def register(request: Request, store: PortalStore) -> Response:
    try:
        fields = fields_of(request)
        resume, filename = resume_of(request, fields)
    except BadBody as bad:
        return error(request, 400, str(bad))
    registration, errors = parse_registration(fields)
    if resume is None:
        errors = {**errors, "resume": "Please attach your resume as a PDF."}
    else:
        try:
            check_resume(resume, filename)
        except ResumeInvalid as invalid:
            if invalid.status == 413 or not errors:
                return _form_error(request, store, invalid.status, fields, {"resume": invalid.message})
            errors = {**errors, "resume": invalid.message}
    if errors or registration is None or resume is None:
        return _form_error(request, store, 400, fields, errors)
    if refused := rate_limits.check_email(request, store.limits, registration.email):
        return refused
    client = store.limits.client(request)
    if bot := recaptcha.problem(fields, client, request.user_agent.string or "", store.recaptcha):
        return _form_error(request, store, 400, fields, {"recaptcha": bot})
    try:
        candidate_id, url = store.register(registration, resume, filename, _form_version(fields))
    except DuplicateEmail:
        message = ("This email is registered already. We email the private link (or, while the address is not "
                   "confirmed, a new confirmation link) to that address, at most once an hour.")
        if wants_json(request):
            return json_response({"message": message}, 409)
        return html(pages.render_duplicate(), 409)
    with bound(correlation_id=candidate_id):
        logger.info("candidate registered")
    confirmation = "required" if store.consent.required else "not_required"
    if wants_json(request):
        return json_response({"candidate_id": candidate_id, "feed_url": url, "status": "registered",
                              "confirmation": confirmation}, 202)
    return html(pages.render_registered(url, name=registration.name, confirm=confirmation == "required"), 202)


def _form_version(fields: dict[str, object]) -> str | None:
    """The form's hidden form_version (what the person saw), kept in the consent record; JSON clients may omit it."""
    value = fields.get("form_version")
    return value[:40] if isinstance(value, str) and value.strip() else None


def show_feed(request: Request, store: PortalStore, candidate_id: str) -> Response:
    token = request.args.get("token")
    candidate = store.authorised(candidate_id, token)
    if candidate is None or token is None:
        return error(request, 404, "Not found.")
    page = max(1, min(request.args.get("page", 1, type=int) or 1, MAX_PAGE))
    if wants_json(request):
        return json_response(feed_body(store, candidate, page), 200)
    entries, has_next = store.feed_page(candidate_id, page)
    notice = NOTICES.get(request.args.get("notice", ""))
    profile = profile_view.shown(store.profile(candidate_id), candidate)
    return html(pages.render_feed(public(candidate, store.consent), entries, page, has_next, token, notice=notice,
                                  base_path=request.script_root, profile=profile))
