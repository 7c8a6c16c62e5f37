"""Flask app: recent events per topic, one flow's trace, dead letters with a replay button, and a link to the
mail sink. Local only: it answers loopback host names alone, and every replay form carries a per-process token
(another site open in the same browser cannot make it replay)."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, redirect, render_template, request, url_for
from google.cloud import firestore

from emulator.console import reads
from jobfeed.publisher import Publisher
from jobfeed.settings import settings
from ops import alerts, deadletters, trace

EVENTS_PER_TOPIC = 50
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
NOTICES = {"replayed": "Replayed {id}: published to its topic again and removed from the dead letters.",
           "gone": "No dead letter {id} any more (replayed already, or leased by someone else: try again)."}

console = Blueprint("console", __name__)


def _db() -> firestore.Client:
    if "db" not in current_app.extensions["console"]:
        current_app.extensions["console"]["db"] = firestore.Client(project=settings().project_id)
    return current_app.extensions["console"]["db"]


def _publisher() -> Publisher:
    if "publisher" not in current_app.extensions["console"]:
        current_app.extensions["console"]["publisher"] = Publisher()
    return current_app.extensions["console"]["publisher"]


def _page(template: str, **context: Any) -> Response:
    body = render_template(template, inbox_url=current_app.config["INBOX_URL"],
                           replay_token=current_app.config["REPLAY_TOKEN"], **context)
    return Response(body, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


@console.get("/")
def index() -> Response:
    notice = NOTICES.get(request.args.get("notice", ""), "").format(id=request.args.get("id", ""))
    return _page("index.html", events=reads.recent_events(_db(), EVENTS_PER_TOPIC),
                 alerts=alerts.evaluate(_db(), current_app.config["LOG_DIR"]), not_evaluated=alerts.NOT_EVALUATED,
                 dead_letters=reads.dead_letters_by_subscription(), notice=notice, limit=EVENTS_PER_TOPIC)


@console.get("/trace/<correlation_id>")
def trace_page(correlation_id: str) -> Response:
    hops = trace.timeline(_db(), correlation_id)
    gaps = [(hop.at - hops[i - 1].at).total_seconds() if i else None for i, hop in enumerate(hops)]
    letters = trace.dead_letters(correlation_id)
    return _page("trace.html", correlation_id=correlation_id, hops=list(zip(hops, gaps, strict=True)),
                 letters=letters, emails=sum(hop.event_type == "NotificationSent" for hop in hops))


@console.post("/dead-letters/replay")
def replay() -> Response:
    form = request.form
    if not hmac.compare_digest(form.get("token", ""), current_app.config["REPLAY_TOKEN"]):
        abort(403)
    subscription, message_id = form.get("subscription", ""), form.get("message_id", "")
    if subscription not in {sub.name for sub in deadletters.subscriptions()}:
        abort(400)
    letter = reads.take(subscription, message_id)
    if letter is not None:
        deadletters.replay(letter, _publisher())
    notice = "replayed" if letter is not None else "gone"
    return redirect(url_for("console.index", notice=notice, id=message_id), 303)  # type: ignore[return-value]


@console.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def create_app(inbox_url: str = "", hosts: Iterable[str] = (), log_dir: Path | None = None) -> Flask:
    """The console; Firestore and Pub/Sub clients come from the environment on first use (emulators or GCP).
    It answers only requests addressed to a loopback name or one of `hosts` (no DNS rebinding). `log_dir` holds
    the functions' logs the alerts panel reads (default: as `ops alerts`)."""
    app = Flask(__name__)
    app.config.update(INBOX_URL=inbox_url, REPLAY_TOKEN=secrets.token_urlsafe(24),
                      LOG_DIR=log_dir or alerts.default_log_dir(),
                      TRUSTED_HOSTS=[*LOOPBACK, *(h for h in hosts if h not in ("0.0.0.0", "::"))])
    app.extensions["console"] = {}
    app.register_blueprint(console)
    return app
