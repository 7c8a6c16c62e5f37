"""Flask app: SendGrid's POST /v3/mail/send, an inbox to read what was sent, and a control API for tests."""

import hmac
import time
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
)

from emulator.sendgrid_sink.state import MAX_DELAY_S, SinkState, new_message_id, summarise
from emulator.sendgrid_sink.validation import MSG_BAD_ADDRESS, error, validate_mail

MSG_NO_AUTH = "authorization required"
MSG_BAD_KEY = "The provided authorization grant is invalid, expired, or revoked"
MSG_FAULT = {429: "too many requests", 503: "service unavailable"}
# The inbox shows untrusted HTML: nothing may run, only inline styles and images may load.
INBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'"

mail = Blueprint("mail", __name__)
inbox = Blueprint("inbox", __name__)
control = Blueprint("control", __name__, url_prefix="/_control")


def _state() -> SinkState:
    return current_app.extensions["sendgrid_sink"]


def errors_response(status: int, errors: list[dict[str, Any]], **headers: str) -> Response:
    response = jsonify({"errors": errors})
    response.status_code = status
    response.headers.update(headers)
    return response


def auth_problem(api_key: str) -> Response | None:
    """SendGrid's 401 for a missing or wrong `Authorization: Bearer` key; None when the key is right."""
    auth = request.headers.get("Authorization", "")
    if not auth:
        return errors_response(401, [error(MSG_NO_AUTH, None)])
    if not hmac.compare_digest(auth.encode(), f"Bearer {api_key}".encode()):
        return errors_response(401, [error(MSG_BAD_KEY, None)])
    return None


def _accept_or_refuse(state: SinkState, api_key: str) -> Response:
    fault = state.take_fault()
    if fault is not None:
        extra = {"Retry-After": str(fault["retry_after"])} if fault["status"] == 429 else {}
        return errors_response(fault["status"], [error(MSG_FAULT.get(fault["status"], "error"), None)], **extra)
    refused_key = auth_problem(api_key)
    if refused_key is not None:
        return refused_key
    body = request.get_json(silent=True)
    problems = validate_mail(body)
    if problems:
        return errors_response(400, problems)
    refused = _refused_recipient(state, body["personalizations"])
    if refused is not None:
        return errors_response(refused[0], [error(MSG_BAD_ADDRESS, refused[1], "message.personalizations.to")])
    message_id = new_message_id()
    state.add(summarise(body, message_id))
    return Response(status=202, headers={"X-Message-Id": message_id})


def _refused_recipient(state: SinkState, people: list[dict[str, Any]]) -> tuple[int, str] | None:
    for i, person in enumerate(people):
        for j, to in enumerate(person["to"]):
            status = state.rejection(to["email"])
            if status is not None:
                return status, f"personalizations.{i}.to.{j}.email"
    return None


def _addressed_to(body: Any) -> tuple[str, ...]:
    """Best effort, for the per-recipient counters: every `to` address of a body, valid or not."""
    people = body.get("personalizations") if isinstance(body, dict) else None
    found = [to.get("email") for p in people if isinstance(p, dict) for to in p.get("to") or []
             if isinstance(to, dict)] if isinstance(people, list) else []
    return tuple(sorted({e for e in found if isinstance(e, str)}))


def arrived() -> datetime:
    """The request's arrival time (before any configured delay), for the request log; waits the delay."""
    at = datetime.now(UTC)
    if delay := _state().delay():
        time.sleep(delay)
    return at


@mail.post("/v3/mail/send")
def send() -> Response:
    at = arrived()
    response = _accept_or_refuse(_state(), current_app.config["SENDGRID_API_KEY"])
    recipients = _addressed_to(request.get_json(silent=True))
    _state().count(response.status_code, recipients)
    _state().log_request(request.path, at, recipients, response.status_code)
    return response


@inbox.get("/messages")
def list_messages() -> Response:
    """?to=<address>: only that recipient's (the whole list grows with every email a long run sends)."""
    return jsonify(_state().messages(request.args.get("to")))


@inbox.delete("/messages")
def clear_messages() -> tuple[str, int]:
    _state().clear()
    return "", 204


@inbox.get("/messages/<message_id>")
def one_message(message_id: str) -> Response | tuple[Response, int]:
    found = _state().message(message_id)
    return jsonify(found) if found else (jsonify({"errors": [error("not found", None)]}), 404)


@inbox.get("/")
def inbox_page() -> Response:
    page = render_template("inbox.html", messages=list(reversed(_state().messages())))
    return Response(page, headers={"Content-Security-Policy": INBOX_CSP, "Cache-Control": "no-store"})


@inbox.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@control.post("/fail")
def fail() -> Response | tuple[Response, int]:
    spec = request.get_json(silent=True) or {}
    status, count, seconds = spec.get("status"), spec.get("count"), spec.get("seconds")
    valid_status = isinstance(status, int) and (status == 429 or 500 <= status <= 599)
    valid_span = (isinstance(count, int) and count > 0) != (isinstance(seconds, int | float) and seconds > 0)
    if not (valid_status and valid_span):
        return jsonify({"error": "expected {status: 429|5xx, count: N > 0} or {status, seconds: S > 0}"}), 400
    _state().set_fault(status, count, seconds, int(spec.get("retry_after", 1)))
    return jsonify({"ok": True})


@control.post("/reject")
def reject() -> Response | tuple[Response, int]:
    spec = request.get_json(silent=True) or {}
    email, status = spec.get("email"), spec.get("status", 400)
    if not isinstance(email, str) or not isinstance(status, int) or not 400 <= status <= 499:
        return jsonify({"error": "expected {email: str, status: 4xx}"}), 400
    _state().reject(email, status)
    return jsonify({"ok": True})


@control.post("/delay")
def delay() -> Response | tuple[Response, int]:
    """{seconds: S}: every API request waits S seconds before it is handled (0 turns it off; reset too)."""
    seconds = (request.get_json(silent=True) or {}).get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not 0 <= seconds <= MAX_DELAY_S:
        return jsonify({"error": f"expected {{seconds: 0..{MAX_DELAY_S:g}}}"}), 400
    _state().set_delay(float(seconds))
    return jsonify({"ok": True})


@control.get("/requests")
def requests_log() -> Response:
    """The API requests in arrival order: path, arrived_at (UTC, ISO 8601), status, to. ?email=ADDRESS filters."""
    return jsonify(_state().requests(request.args.get("email")))


@control.post("/reset")
def reset() -> Response:
    _state().reset()
    return jsonify({"ok": True})


@control.get("/stats")
def stats() -> Response:
    """?email=ADDRESS counts only the requests addressed to it (tests share one sink)."""
    return jsonify(_state().stats(request.args.get("email")))


def create_app(api_key: str) -> Flask:
    """A fresh sink accepting `Authorization: Bearer <api_key>`, with empty state."""
    app = Flask(__name__)
    app.config["SENDGRID_API_KEY"] = api_key
    app.extensions["sendgrid_sink"] = SinkState()
    from emulator.sendgrid_sink.erasure import erasure  # it uses this module's helpers

    for blueprint in (mail, erasure, inbox, control):
        app.register_blueprint(blueprint)
    return app
