"""Double opt-in and the consent record (docs/design-notes.md, "Consent").

A registration stores what the person agreed to (purpose, form version, time) with the candidate and, until the
address is confirmed, a confirmation nonce (only its hash) and `unconfirmed_since`. Notification emails exactly
one confirmation link per request: signed (itsdangerous, key JOBFEED_SIGNING_KEY), expiring (the signature's
timestamp, JOBFEED_CONFIRM_LINK_TTL_S) and single-use (the nonce must be the current one and is dropped when
used). Confirming emits CandidateConfirmed; until then Notification sends no job email or digest. The scheduled
UnconfirmedSweepDue erases registrations left unconfirmed (the choreographed erasure, requested_by unconfirmed).
What each step writes is consent_rules' decision; here are the settings, the signed link and the transactions.

Every email the Portal asks for on behalf of an address is bounded: a repeated registration sends at most one
email per address per JOBFEED_DUPLICATE_EMAIL_GAP_S (an hour), the feed page's "send the confirmation again"
at most JOBFEED_CONFIRM_MAX_RESENDS times, JOBFEED_CONFIRM_RESEND_GAP_S apart.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from jobfeed.events import Event
from jobfeed.knobs import read
from jobfeed.logs import bound, log

from . import consent_rules, firestore_writes
from .candidates import email_key, feed_url
from .decision import CANDIDATE
from .tokens import hash_token, new_token

logger = logging.getLogger(__name__)

# Bump when the registration form's consent wording changes: the record says which one the person saw.
FORM_VERSION = "registration-2026-11"
PURPOSE = ("Job alert emails and a private job feed: jobfeed keeps the details and resume given on the form to "
           "match jobs, until the person deletes them.")
SIGNING_SALT = "jobfeed.confirm-email"


class ConsentConfigError(RuntimeError):
    """Double opt-in is on but no signing key is set."""


@dataclass(frozen=True)
class ConsentSettings:
    required: bool = True  # double opt-in; off only in the shared test stacks (JOBFEED_DOUBLE_OPT_IN=off)
    link_ttl: timedelta = timedelta(hours=48)
    resend_gap: timedelta = timedelta(minutes=10)
    max_resends: int = 3
    duplicate_gap: timedelta = timedelta(hours=1)
    signing_key: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ConsentSettings:
        def seconds(name: str) -> timedelta:
            return timedelta(seconds=float(read(env, name)))

        return cls(
            required=read(env, "JOBFEED_DOUBLE_OPT_IN").lower() not in {"off", "0", "false", "no"},
            link_ttl=seconds("JOBFEED_CONFIRM_LINK_TTL_S"),
            resend_gap=seconds("JOBFEED_CONFIRM_RESEND_GAP_S"),
            max_resends=int(read(env, "JOBFEED_CONFIRM_MAX_RESENDS")),
            duplicate_gap=seconds("JOBFEED_DUPLICATE_EMAIL_GAP_S"),
            signing_key=env.get("JOBFEED_SIGNING_KEY", ""),
        )

    def serializer(self) -> URLSafeTimedSerializer:
        if not self.signing_key:
            raise ConsentConfigError("JOBFEED_SIGNING_KEY is not set: confirmation links cannot be signed")
        return URLSafeTimedSerializer(self.signing_key, salt=SIGNING_SALT)


# ---- the signed link ------------------------------------------------------------------------------------------

class LinkProblem(Exception):
    """Why a confirmation link cannot be used: invalid, expired, used or replaced (the message says it to people)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


def sign(config: ConsentSettings, candidate_id: str, nonce: str) -> str:
    return str(config.serializer().dumps([candidate_id, nonce]))


def confirm_link(base_url: str, candidate_id: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/candidates/{quote(candidate_id, safe='')}/confirm?{urlencode({'code': code})}"


def read_code(config: ConsentSettings, candidate_id: str, code: str | None) -> str:
    """The nonce a link carries, if its signature holds, it is young enough and it names this candidate."""
    if not code or len(code) > 500:
        raise LinkProblem("invalid")
    try:
        value = config.serializer().loads(code, max_age=config.link_ttl.total_seconds())
    except SignatureExpired:
        raise LinkProblem("expired") from None
    except BadSignature:
        raise LinkProblem("invalid") from None
    if not (isinstance(value, list) and len(value) == 2 and value[0] == candidate_id and isinstance(value[1], str)):
        raise LinkProblem("invalid")
    return value[1]


# ---- the record -----------------------------------------------------------------------------------------------

def start(doc: dict[str, Any], base_url: str, config: ConsentSettings, form_version: str | None,
          now: datetime) -> str | None:
    """Adds the consent record to a new candidate document; returns the confirmation link to email (None when
    double opt-in is off and the address counts as confirmed at once)."""
    record: dict[str, Any] = {"purpose": PURPOSE, "form_version": form_version or FORM_VERSION,
                              "consented_at": now, "double_opt_in": config.required, "confirmed_at": None}
    if not config.required:
        doc["consent"] = {**record, "confirmed_at": now}
        return None
    nonce = new_token()
    doc["consent"] = {**record, "nonce_hash": hash_token(nonce), "confirmation_sent_at": now, "resends": 0}
    doc["unconfirmed_since"] = now
    return confirm_link(base_url, doc["candidate_id"], sign(config, doc["candidate_id"], nonce))


def view(candidate: Mapping[str, Any], config: ConsentSettings) -> dict[str, Any]:
    """The confirmation state the feed page and its JSON twin show."""
    consent = candidate.get("consent")
    if consent is None or consent.get("confirmed_at") is not None:
        at = (consent or {}).get("confirmed_at")
        return {"state": "confirmed", "confirmed_at": _iso(at), "can_resend": False, "resend_after": None}
    sent_at = consent.get("confirmation_sent_at")
    after = sent_at + config.resend_gap if sent_at else None
    left = config.max_resends - int(consent.get("resends", 0))
    return {"state": "unconfirmed", "confirmed_at": None, "can_resend": left > 0,
            "resend_after": _iso(after), "resends_left": max(0, left),
            "form_version": consent.get("form_version")}


def _iso(moment: object) -> str | None:
    return moment.isoformat() if isinstance(moment, datetime) else None


# ---- the store's operations -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    state: str  # "confirmed" now, or a LinkProblem kind; "ready" for a link checked without using it
    candidate: dict[str, Any] | None = None


def check(store: Any, candidate_id: str, code: str | None, config: ConsentSettings | None = None) -> Outcome:
    """What the link would do, changing nothing (the GET that shows the confirm button)."""
    config = config or store.consent
    try:
        nonce = read_code(config, candidate_id, code)
    except LinkProblem as problem:
        return Outcome(problem.kind)
    snapshot = store.candidates.document(candidate_id).get()
    doc = snapshot.to_dict() if snapshot.exists else None
    return Outcome(consent_rules.link_problem(doc, nonce) or "ready", doc)


def confirm(store: Any, candidate_id: str, code: str | None, config: ConsentSettings | None = None) -> Outcome:
    """Uses the link: marks the address confirmed and emits CandidateConfirmed, in one transaction."""
    config = config or store.consent
    try:
        nonce = read_code(config, candidate_id, code)
    except LinkProblem as problem:
        return Outcome(problem.kind)
    ref = store.candidates.document(candidate_id)

    @firestore.transactional
    def run(tx: firestore.Transaction) -> tuple[Outcome, list[Event]]:
        snapshot = ref.get(transaction=tx)
        doc = snapshot.to_dict() if snapshot.exists else None
        decision = consent_rules.confirm(doc, candidate_id, nonce, datetime.now(UTC), FORM_VERSION)
        firestore_writes.store(store.db, tx, decision.writes)
        written = decision.written(CANDIDATE)
        shown = written[candidate_id].fields if written else doc
        return Outcome(decision.outcome, shown), store.outbox.stage(tx, decision.events)

    outcome, events = run(store.db.transaction(max_attempts=20))
    store.outbox.relay(events)
    if outcome.state == "confirmed":
        with bound(correlation_id=candidate_id):
            log(logger, logging.INFO, "email address confirmed")
    return outcome


def request_confirmation(store: Any, candidate_id: str, token: str | None, *, from_page: bool,
                         config: ConsentSettings | None = None) -> str | None:
    """A new confirmation email (a new nonce: earlier links stop working). From the feed page (token given) the
    resend limits apply; for a repeated registration the caller has applied the per-address gap, and the feed
    token is rotated too (it was never shown to whoever posted). Returns None when sent, else why not:
    "confirmed", "missing" (erased or being erased), "wait" or "exhausted"."""
    config = config or store.consent
    ref = store.candidates.document(candidate_id)
    token = token or new_token()
    nonce = new_token()

    @firestore.transactional
    def run(tx: firestore.Transaction) -> tuple[str | None, list[Event]]:
        snapshot = ref.get(transaction=tx)
        decision = consent_rules.request_confirmation(
            snapshot.to_dict() if snapshot.exists else None, candidate_id, nonce, token, from_page=from_page,
            limits=config,
            now=datetime.now(UTC), url=feed_url(store.base_url, candidate_id, token),
            link=lambda: confirm_link(store.base_url, candidate_id, sign(config, candidate_id, nonce)))
        firestore_writes.store(store.db, tx, decision.writes)
        return decision.outcome, store.outbox.stage(tx, decision.events)

    refused, events = run(store.db.transaction(max_attempts=20))
    store.outbox.relay(events)
    return refused


def claim_duplicate_email(store: Any, email: str, config: ConsentSettings | None = None) -> str | None:
    """A repeated registration of an address: returns the candidate to email (at most once per address per
    duplicate_gap, whatever is posted), or None."""
    config = config or store.consent
    ref = store.emails().document(email_key(email))

    @firestore.transactional
    def run(tx: firestore.Transaction) -> str | None:
        snapshot = ref.get(transaction=tx)
        index = (snapshot.to_dict() or {}) if snapshot.exists else None
        decision = consent_rules.claim_duplicate_email(index, ref.id, datetime.now(UTC), config)
        firestore_writes.store(store.db, tx, decision.writes)
        return decision.outcome

    return run(store.db.transaction(max_attempts=20))


def sweep_unconfirmed(store: Any, older_than: timedelta, limit: int = 200) -> int:
    """Erases registrations unconfirmed for at least `older_than`: each is marked `erasing` in a transaction that
    checks it is still unconfirmed (a confirmation racing the sweep wins or loses as a whole), then purged with
    CandidateErasureRequested (requested_by unconfirmed), so every service deletes its part as for any erasure."""
    cutoff = consent_rules.sweep_cutoff(datetime.now(UTC), older_than)
    query = store.candidates.where(filter=FieldFilter("unconfirmed_since", "<=", cutoff)).limit(limit)
    erased = 0
    for snapshot in query.stream():
        if _mark_erasing(store, snapshot.reference, cutoff):
            store.purge(snapshot.id, request=True, requested_by="unconfirmed")
            erased += 1
    if erased:
        log(logger, logging.INFO, "unconfirmed registrations erased", count=erased)
    return erased


def _mark_erasing(store: Any, ref: firestore.DocumentReference, cutoff: datetime) -> bool:
    @firestore.transactional
    def run(tx: firestore.Transaction) -> bool:
        snapshot = ref.get(transaction=tx)
        decision = consent_rules.mark_erasing(snapshot.to_dict() if snapshot.exists else None, ref.id, cutoff)
        firestore_writes.store(store.db, tx, decision.writes)
        return bool(decision.outcome)

    return run(store.db.transaction(max_attempts=20))
