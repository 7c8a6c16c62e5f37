"""What the feed page's buttons do. Browsers are sent back to the feed (303) with a notice, or see the feed
again with the errors next to the fields; JSON clients get the feed as it is now."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlencode

from flask import Request, Response

from . import consent, pages, profile_view
from .forms import parse_preferences
from .resume_check import ResumeInvalid, check_resume
from .store import PortalStore
from .web import BadBody, error, field_errors, fields_of, html, json_response, resume_of, see_other, wants_json

# The feed page shows these after a redirect; the query names a key, never free text (nothing to inject).
NOTICES = {
    "preferences": "Your preferences are saved.",
    "unsubscribed": "You will get no more emails from us. New jobs still appear on this page.",
    "subscribed": "Emails are back on.",
    "link": "This is your new private link: bookmark it. The old link no longer works.",
    "resume": "Thanks: we are reading your new resume.",
    "corrected": "Thanks: we are updating your profile with your correction. Reload this page in a moment.",
    "uncorrected": "Your profile already says that: nothing to change.",
    "confirmation_sent": "We sent you a new confirmation email. The link in any earlier one no longer works.",
}
PUBLIC_FIELDS = ("candidate_id", "name", "status", "status_reason", "preferences", "subscribed")
Action = Callable[[Request, PortalStore, str, str, dict[str, Any]], Response]
FieldsAction = Callable[[Request, PortalStore, str, str, dict[str, Any], dict[str, Any]], Response]


def public(candidate: dict[str, Any], config: consent.ConsentSettings) -> dict[str, Any]:
    # confirmation: the double opt-in's state (consent.py), shown on the page and in the JSON twin.
    return {**{key: candidate.get(key) for key in PUBLIC_FIELDS}, "confirmation": consent.view(candidate, config)}


def feed_location(request: Request, candidate_id: str, token: str, notice: str | None = None) -> str:
    query = {"token": token, **({"notice": notice} if notice else {})}
    return f"{request.script_root}/candidates/{quote(candidate_id, safe='')}?{urlencode(query)}"


def feed_body(store: PortalStore, candidate: dict[str, Any], page: int) -> dict[str, Any]:
    entries, has_next = store.feed_page(candidate["candidate_id"], page)
    profile = profile_view.shown(store.profile(candidate["candidate_id"]), candidate)
    return {**public(candidate, store.consent), "profile": profile, "jobs": entries, "page": page, "has_next": has_next}


def feed_again(request: Request, store: PortalStore, candidate: dict[str, Any], token: str, status: int, *,
               errors: dict[str, str], values: dict[str, Any] | None = None,
               profile_values: dict[str, Any] | None = None) -> Response:
    """The feed page once more, with what the person typed and the errors next to the fields."""
    entries, has_next = store.feed_page(candidate["candidate_id"], 1)
    profile = profile_view.shown(store.profile(candidate["candidate_id"]), candidate)
    body = pages.render_feed(public(candidate, store.consent), entries, 1, has_next, token, errors=errors,
                             values=values, base_path=request.script_root, profile=profile,
                             profile_values=profile_values)
    return html(body, status)


def authorised(action: Action) -> Callable[[Request, PortalStore, str], Response]:
    def run(request: Request, store: PortalStore, candidate_id: str) -> Response:
        token = request.args.get("token")
        candidate = store.authorised(candidate_id, token)
        if candidate is None or token is None:
            return error(request, 404, "Not found.")
        return action(request, store, candidate_id, token, candidate)
    return run


def with_fields(action: FieldsAction) -> Action:
    """An action that reads the request's form or JSON fields first: a body that cannot be read is a 400 with the
    reason, before the action runs."""
    @wraps(action)
    def run(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
        try:
            fields = fields_of(request)
        except BadBody as bad:
            return error(request, 400, str(bad))
        return action(request, store, cid, token, cand, fields)
    return run


def _done(request: Request, store: PortalStore, cid: str, token: str, notice: str, status: int = 200) -> Response:
    if not wants_json(request):
        return see_other(feed_location(request, cid, token, notice))
    candidate = store.authorised(cid, token) or {"candidate_id": cid}
    return json_response({**feed_body(store, candidate, 1), "message": NOTICES[notice]}, status)


@authorised
@with_fields
def update_preferences(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any],
                       fields: dict[str, Any]) -> Response:
    preferences, errors = parse_preferences(fields)
    if errors or preferences is None:
        if wants_json(request):
            return field_errors(errors, 400)
        return feed_again(request, store, cand, token, 400, errors=errors, values=fields)
    store.update(cid, token, "preferences", {"preferences": {**cand["preferences"], **vars(preferences)}})
    return _done(request, store, cid, token, "preferences")


@authorised
def unsubscribe(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    if cand.get("subscribed"):
        store.update(cid, token, "subscription", {"subscribed": False})
    return _done(request, store, cid, token, "unsubscribed")


@authorised
def subscribe(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    if not cand.get("subscribed"):
        store.update(cid, token, "subscription", {"subscribed": True})
    return _done(request, store, cid, token, "subscribed")


@authorised
def rotate(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any]) -> Response:
    url = store.rotate_token(cid)
    if wants_json(request):
        return json_response({"feed_url": url}, 200)
    return see_other(feed_location(request, cid, url.rsplit("token=", 1)[1], "link"))


@authorised
@with_fields
def new_resume(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any],
               fields: dict[str, Any]) -> Response:
    try:
        resume, filename = resume_of(request, fields)
        if resume is None:
            raise ResumeInvalid(400, "Please attach your resume as a PDF.")
        check_resume(resume, filename)
    except BadBody as bad:
        return error(request, 400, str(bad))
    except ResumeInvalid as invalid:
        if wants_json(request):
            return field_errors({"resume": invalid.message}, invalid.status)
        return feed_again(request, store, cand, token, invalid.status, errors={"resume": invalid.message})
    store.replace_resume(cid, token, resume, filename)
    return _done(request, store, cid, token, "resume", 202)


@authorised
@with_fields
def delete(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any],
           fields: dict[str, Any]) -> Response:
    confirm = fields.get("confirm")
    if not (confirm is True or (isinstance(confirm, str) and confirm.strip().lower() in {"yes", "true", "on"})):
        message = "Tick the box to confirm that you want your data deleted."
        if wants_json(request):
            return field_errors({"confirm": message}, 400)
        return feed_again(request, store, cand, token, 400, errors={"confirm": message})
    store.erase(cid)
    # True at this moment: the Portal's part is gone, the others follow (ops erasure status shows when each is).
    message = ("Your request to delete your data is accepted and being carried out: your feed, details and resume "
               "are deleted here, the other parts of jobfeed delete theirs within minutes. No email is sent once "
               "our email service has processed the request; one already on its way may still arrive.")
    if wants_json(request):
        return json_response({"message": message}, 202)
    return html(pages.render_deleted(), 202)


ACTIONS = {"preferences": update_preferences, "unsubscribe": unsubscribe, "subscribe": subscribe,
           "token": rotate, "resume": new_resume, "delete": delete}
