"""The candidate corrects what we read from their resume: remove a skill, add one (normalised through the shared
taxonomy; unknown ones refused), put a removed one back, correct years and seniority.

A correction is checked against the newest profile the Portal keeps (profile_view) and the candidate's own
overrides, then applied to the freshest overrides inside a transaction that also stages CandidateUpdated
(change profile_corrected, the whole set of overrides) in the outbox. Profile merges them into this and every
later build. A correction that changes nothing emits nothing, so a double click or a replayed POST is harmless.
The feed page's bearer link (token in the query) authorises it, like every other feed action. What a correction
changes and what saving it writes is correction_rules'; here are the checks of the request and the transaction."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Request, Response
from google.cloud import firestore

from jobfeed.events import Event
from jobfeed.skills import canonical_key, lookup, normalize_skills

from . import firestore_writes, profile_view
from .candidates import feed_url
from .correction_rules import Correction, corrected
from .feed_actions import _done, authorised, feed_again, with_fields
from .forms import MAX_YEARS, clean_text
from .store import TX_ATTEMPTS, PortalStore
from .web import field_errors, wants_json

LEVELS = ("junior", "mid", "senior", "lead")
MAX_PER_REQUEST = 20  # skills named in one correction
MAX_ADDED = 50  # skills the candidate added, kept in every later profile
MAX_SKILL_CHARS = 100
_MARKUP = re.compile(r"[<>{}\\`]")
NOTHING = "Tell us what to correct: a skill to add or remove, your years of experience or your seniority."


class Invalid(ValueError):
    """The message is shown next to the field; nothing is changed."""


def _given(fields: Mapping[str, Any], *names: str) -> bool:
    return any(fields.get(name) not in (None, "", []) for name in names)


def _texts(fields: Mapping[str, Any], names: tuple[str, str], split: bool) -> list[str]:
    """Skill names from `x_skill` (one, or several separated by commas when split) and `x_skills` (a list)."""
    values: list[Any] = []
    for name in names:
        raw = fields.get(name)
        values.extend(raw if isinstance(raw, list) else [] if raw is None else [raw])
    if len(values) > MAX_PER_REQUEST:
        raise Invalid(f"Change at most {MAX_PER_REQUEST} skills at a time; you sent {len(values)}.")
    texts: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise Invalid("Give skills as text.")
        texts.extend(value.split(",") if split else [value])
    if len(texts) > MAX_PER_REQUEST:
        raise Invalid(f"Change at most {MAX_PER_REQUEST} skills at a time; you sent {len(texts)}.")
    cleaned = []
    for text in texts:
        if _MARKUP.search(text):
            raise Invalid("Skill names are plain words: remove the < > { } \\ ` characters.")
        text = clean_text(text)
        if len(text) > MAX_SKILL_CHARS:
            raise Invalid(f"“{text[:20]}…” is too long for a skill: {MAX_SKILL_CHARS} characters at most.")
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _canonical(typed: str) -> str:
    """Only a spelling the taxonomy knows is taken as it is; a longer text that contains a skill is refused with
    that skill suggested, so the profile never gets a skill the candidate did not quite name."""
    exact = lookup(typed)
    if exact:
        return exact
    found = normalize_skills([typed])
    hint = f" Did you mean {', '.join(found[:3])}?" if found else \
        " Check the spelling, or use its usual name (for example PostgreSQL, Kubernetes, ArcGIS, Excel)."
    raise Invalid(f"We do not know the skill “{typed}”.{hint}")


def _years(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise Invalid("Enter your years of experience as a number, for example 7 or 7.5.")
    try:
        years = float(raw) if not isinstance(raw, str) else float(raw.strip().replace(",", "."))
    except ValueError:
        raise Invalid("Enter your years of experience as a number, for example 7 or 7.5.") from None
    if not math.isfinite(years):
        raise Invalid("Enter your years of experience as a number, for example 7 or 7.5.")
    if years < 0:
        raise Invalid("Years of experience cannot be negative.")
    if years > MAX_YEARS:
        raise Invalid(f"Years of experience must be {MAX_YEARS} or fewer.")
    return round(years, 1)


def _seniority(raw: Any) -> str:
    level = raw.strip().lower() if isinstance(raw, str) else None
    if level not in LEVELS:
        raise Invalid("Choose your seniority: junior, mid, senior or lead.")
    return level


def read_correction(fields: Mapping[str, Any], skills: list[str],
                    overrides: Mapping[str, Any]) -> tuple[Correction | None, dict[str, str]]:
    """Check a correction against the profile's skills and the current overrides; errors by field name."""
    errors: dict[str, str] = {}
    parts: dict[str, Any] = {}
    removed = {canonical_key(name): name for name in overrides.get("skills_removed") or []}
    # Removing one already removed is a no-op, not an error: the profile shown may not have caught up yet.
    present = {canonical_key(name) for name in [*skills, *(overrides.get("skills_added") or [])]} | set(removed)
    try:
        added = [_canonical(text) for text in _texts(fields, ("add_skill", "add_skills"), split=True)]
        if len(set(overrides.get("skills_added") or []) | set(added)) > MAX_ADDED:
            raise Invalid(f"You can add up to {MAX_ADDED} skills of your own; remove one you added first.")
        parts["add"] = added
    except Invalid as bad:
        errors["add_skill"] = str(bad)
    try:
        remove = _texts(fields, ("remove_skill", "remove_skills"), split=False)
        unknown = [name for name in remove if canonical_key(name) not in present]
        if unknown:
            raise Invalid(f"“{unknown[0]}” is not in your profile, so there is nothing to remove.")
        parts["remove"] = remove
    except Invalid as bad:
        errors["remove_skill"] = str(bad)
    try:
        restore = _texts(fields, ("restore_skill", "restore_skills"), split=False)
        unknown = [name for name in restore if canonical_key(name) not in removed]
        if unknown:
            raise Invalid(f"“{unknown[0]}” is not one of the skills you removed.")
        parts["restore"] = [removed[canonical_key(name)] for name in restore]
    except Invalid as bad:
        errors["restore_skill"] = str(bad)
    for name, parse in (("years_experience", _years), ("seniority", _seniority)):
        if _given(fields, name):
            try:
                parts["years" if name == "years_experience" else name] = parse(fields[name])
            except Invalid as bad:
                errors[name] = str(bad)
    if errors:
        return None, errors
    correction = Correction(**parts)
    return (None, {"profile": NOTHING}) if correction.empty() else (correction, {})


def save(store: PortalStore, candidate_id: str, token: str, correction: Correction) -> bool:
    """Apply to the freshest overrides and stage CandidateUpdated in one transaction; False if nothing changed."""
    ref = store.candidates.document(candidate_id)

    @firestore.transactional
    def run(tx: firestore.Transaction) -> list[Event]:
        url = feed_url(store.base_url, candidate_id, token)
        decision = corrected(ref.get(transaction=tx).to_dict(), candidate_id, correction, datetime.now(UTC), url)
        firestore_writes.store(store.db, tx, decision.writes)
        return store.outbox.stage(tx, decision.events)

    events = run(store.db.transaction(max_attempts=TX_ATTEMPTS))
    store.outbox.relay(events)
    return bool(events)


@authorised
@with_fields
def correct_profile(request: Request, store: PortalStore, cid: str, token: str, cand: dict[str, Any],
                    fields: dict[str, Any]) -> Response:
    view = store.profile(cid)
    correction: Correction | None = None
    if view is None:
        errors = {"profile": "We are still reading your resume: you can correct what we read once it is ready."}
        status = 409
    else:
        correction, errors = read_correction(fields, profile_view.skill_names(view), cand.get("overrides") or {})
        status = 400
    if errors or correction is None:
        if wants_json(request):
            return field_errors(errors, status)
        return feed_again(request, store, cand, token, status, errors=errors, profile_values=fields)
    changed = save(store, cid, token, correction)
    return _done(request, store, cid, token, "corrected" if changed else "uncorrected", 202 if changed else 200)


ACTIONS = {"profile": correct_profile}
