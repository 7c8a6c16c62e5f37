"""Optional bot protection of the registration form: a reCAPTCHA Enterprise assessment (score-based key).

Off unless JOBFEED_RECAPTCHA_SITE_KEY is set (Terraform sets it when var.recaptcha_enabled; never locally). When
on, the form page loads Google's script (its Content-Security-Policy allows exactly that), which puts a token in
the hidden `recaptcha_token` field on submit; the Portal asks reCAPTCHA Enterprise to assess it and refuses the
registration when the token is invalid, was made for another action, or scores below
JOBFEED_RECAPTCHA_MIN_SCORE (0.5). API clients send `recaptcha_token` in the JSON body the same way.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from flask import Response

from jobfeed.knobs import read
from jobfeed.logs import log

logger = logging.getLogger(__name__)
ACTION = "register"
REFUSED = ("We could not confirm that a person sent this form. Please try again; if it keeps happening, try "
           "another browser.")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str  # "ok", "missing", "invalid:<reason>", "action", "score"
    score: float | None = None


def judge(valid: bool, invalid_reason: str, action: str, score: float, min_score: float) -> Verdict:
    """The decision on an assessment's answer (pure: the unit tests feed it directly)."""
    if not valid:
        return Verdict(False, f"invalid:{invalid_reason}")
    if action != ACTION:
        return Verdict(False, "action", score)
    return Verdict(score >= min_score, "ok" if score >= min_score else "score", score)


class Verifier(Protocol):
    site_key: str

    def assess(self, token: str, client: str, user_agent: str) -> Verdict: ...


@dataclass
class EnterpriseVerifier:
    """reCAPTCHA Enterprise through Google's client (credentials: the function's service account)."""

    project_id: str
    site_key: str
    min_score: float

    @property
    def client(self) -> Any:
        from google.cloud import recaptchaenterprise_v1  # imported only when the protection is on

        return _client(recaptchaenterprise_v1)

    def assess(self, token: str, client: str, user_agent: str) -> Verdict:
        from google.cloud import recaptchaenterprise_v1

        event = recaptchaenterprise_v1.Event(token=token, site_key=self.site_key, expected_action=ACTION,
                                             user_ip_address=client, user_agent=user_agent[:500])
        answer = self.client.create_assessment(parent=f"projects/{self.project_id}",
                                               assessment=recaptchaenterprise_v1.Assessment(event=event))
        properties = answer.token_properties
        return judge(properties.valid, properties.invalid_reason.name, properties.action,
                     answer.risk_analysis.score, self.min_score)


@lru_cache(maxsize=1)
def _client(module: Any) -> Any:
    return module.RecaptchaEnterpriseServiceClient()


def from_env(env: Mapping[str, str], project_id: str) -> Verifier | None:
    """None (off) unless a site key is set: var.recaptcha_enabled in Terraform."""
    site_key = read(env, "JOBFEED_RECAPTCHA_SITE_KEY")
    if not site_key:
        return None
    return EnterpriseVerifier(project_id, site_key, float(read(env, "JOBFEED_RECAPTCHA_MIN_SCORE")))


def problem(fields: dict[str, Any], client: str, user_agent: str, check: Verifier | None) -> str | None:
    """None when the form may go on (or the protection is off); else the message to show next to the form."""
    if check is None:
        return None
    token = fields.get("recaptcha_token")
    verdict = (check.assess(token, client, user_agent) if isinstance(token, str) and 0 < len(token) <= 10_000
               else Verdict(False, "missing"))
    if verdict.ok:
        return None
    log(logger, logging.INFO, "registration refused by reCAPTCHA", reason=verdict.reason, score=verdict.score)
    return REFUSED


def form_context(check: Verifier | None) -> dict[str, str] | None:
    """What the form template needs to load the script (None when off): the site key and a fresh CSP nonce."""
    return {"site_key": check.site_key, "nonce": secrets.token_urlsafe(16)} if check is not None else None


def allow_script(response: Response, context: dict[str, str] | None) -> Response:
    """The form page's Content-Security-Policy, widened just for Google's reCAPTCHA script when it is on."""
    if context is not None:
        google = "https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            f"script-src 'nonce-{context['nonce']}' {google}; frame-src https://www.google.com/recaptcha/ "
            f"https://recaptcha.google.com/recaptcha/; connect-src https://www.google.com/recaptcha/")
    return response
