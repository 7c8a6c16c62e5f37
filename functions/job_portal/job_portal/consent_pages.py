"""The double opt-in's pages: the confirmation link (GET shows a button, POST confirms, so a mail scanner that
opens links confirms nothing) and the feed page's "send the confirmation again". JSON twins answer the same."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Request, Response

from . import consent
from .feed_actions import authorised, feed_location
from .pages import _render
from .store import PortalStore
from .web import error, html, json_response, see_other, wants_json

# What each outcome of a link tells the person, and its status: nothing changes for any of the problems.
LINK_OUTCOMES: dict[str, tuple[int, str, str]] = {
    "ready": (200, "Confirm your email address",
              "Press the button to confirm that this address is yours and that you want job emails from jobfeed."),
    "confirmed": (200, "Your email address is confirmed",
                  "Thank you. We will email you the jobs that fit you, as often as you chose. Every email has a "
                  "link to stop them."),
    "used": (409, "This link was used already",
             "Your email address is confirmed already: there is nothing more to do."),
    "replaced": (410, "This link was replaced",
                 "You asked for a newer confirmation email: please use the link in that one."),
    "expired": (410, "This link has expired",
                "Confirmation links work for a limited time. Open your feed page to ask for a new one, or register "
                "again."),
    "invalid": (400, "This link does not work",
                "The link is incomplete, changed, or its registration was deleted. Copy the whole link from the "
                "email, or register again."),
}
RESEND_REFUSED = {
    "wait": "We sent a confirmation email a short while ago. Please check your inbox (and spam folder) first.",
    "exhausted": "We have sent the confirmation email as often as we will. If it never arrived, delete this "
                 "registration and register again with the right address.",
    "confirmed": "Your email address is confirmed already.",
    "missing": "This registration is being deleted.",
}
NOTICE_SENT = "We sent you a new confirmation email. The link in any earlier one no longer works."


def render_rate_limited(minutes: int) -> str:
    return _render("rate_limited.html", minutes=minutes)


def confirm_link(request: Request, store: PortalStore, candidate_id: str) -> Response:
    if request.method not in ("GET", "POST"):
        return error(request, 405, "Method not allowed.")
    code = request.args.get("code")
    if request.method == "GET":
        outcome = consent.check(store, candidate_id, code)
    else:
        outcome = consent.confirm(store, candidate_id, code)
    status, title, text = LINK_OUTCOMES[outcome.state]
    if wants_json(request):
        return json_response({"state": outcome.state, "message": text}, status)
    action = f"{request.script_root}{request.path}?{urlencode({'code': code or ''})}"
    return html(_render("confirm.html", title=title, text=text, state=outcome.state, private=True, action=action),
                status)


@authorised
def send_again(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    if request.method != "POST":
        return error(request, 405, "Method not allowed.")
    refused = consent.request_confirmation(store, cid, token, from_page=True)
    if refused is None:
        if wants_json(request):
            return json_response({"message": NOTICE_SENT, "confirmation": _state(store, cid, token)}, 202)
        return see_other(feed_location(request, cid, token, "confirmation_sent"))
    status = 429 if refused in ("wait", "exhausted") else 409
    if wants_json(request):
        response = json_response({"message": RESEND_REFUSED[refused], "confirmation": _state(store, cid, token)},
                                 status)
    else:
        response = html(_render("error.html", status=status, message=RESEND_REFUSED[refused]), status)
    if refused == "wait":
        response.headers["Retry-After"] = str(int(store.consent.resend_gap.total_seconds()))
    return response


def _state(store: PortalStore, cid: str, token: str) -> dict[str, Any]:
    return consent.view(store.authorised(cid, token) or {}, store.consent)


ROUTES = {"confirm": confirm_link, "confirmation": send_again}
