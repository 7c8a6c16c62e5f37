"""Request reading and response writing shared by the Portal's routes: HTML for browsers, JSON for the rest."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Request, Response, jsonify

from . import pages
from .resume_check import MAX_RESUME_BYTES, safe_filename


class BadBody(Exception):
    """The body cannot be read as the operation's form or JSON object; the message says why."""


def wants_json(request: Request) -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def fields_of(request: Request) -> dict[str, Any]:
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # silent=True covers malformed JSON, not JSON nested deeper than Python recurses
            body = None
        if not isinstance(body, dict):
            raise BadBody("The body must be a JSON object.")
        return body
    return {key: (values if len(values) > 1 else values[0]) for key, values in request.form.lists()}


def resume_of(request: Request, fields: dict[str, Any]) -> tuple[bytes | None, str]:
    """The uploaded resume and its safe file name, or (None, "") when none was sent."""
    if request.is_json:
        encoded = fields.get("resume_base64")
        if not isinstance(encoded, str):
            return None, ""
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise BadBody("resume_base64 is not valid base64.") from error
        return data, safe_filename(str(fields.get("resume_filename") or "resume.pdf"))
    upload = request.files.get("resume")
    if upload is None or not upload.filename:
        return None, ""
    return upload.read(MAX_RESUME_BYTES + 1), safe_filename(upload.filename)


def error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return json_response({"message": message}, status)
    return html(pages.render_not_found() if status == 404 else pages.render_error(status, message), status)


def field_errors(errors: dict[str, str], status: int) -> Response:
    return json_response({"errors": errors}, status)


def json_response(body: dict[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


def html(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"  # feed pages are private; no shared cache may keep one
    return response


def see_other(location: str) -> Response:
    """Post/redirect/get: the browser loads the feed page again, so a reload does not repeat the action."""
    response = Response(status=303)
    response.headers["Location"] = location
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
