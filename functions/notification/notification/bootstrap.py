"""Composition root, built on the first event and cached: the mailer (and its circuit breaker) lives as long
as the warm instance, so the breaker sees every send."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from jobfeed import logs
from jobfeed.service import Service, build_service
from jobfeed.settings import Settings, settings

from .delivery import Delivery
from .handlers import steps
from .mailer import Mailer, MailerSettings
from .render import MAX_JOBS
from .window import window_from_env

# Tuning knobs read from the environment; unset means the production default in MailerSettings.
MAILER_ENV = {
    "JOBFEED_MAIL_BREAKER_RESET_S": ("breaker_reset_s", float),
    "JOBFEED_MAIL_BREAKER_FAIL_MAX": ("breaker_fail_max", int),
    "JOBFEED_MAIL_RETRY_BUDGET_S": ("retry_budget_s", float),
    "JOBFEED_MAIL_MAX_ATTEMPTS": ("max_attempts", int),
    "JOBFEED_MAIL_TIMEOUT_S": ("timeout_s", float),
}


def mailer_settings(config: Settings, env: Mapping[str, str] = os.environ) -> MailerSettings:
    base = MailerSettings(api_key=config.sendgrid_api_key, from_email=config.mail_from, host=config.sendgrid_host)
    overrides = {name: cast(env[key]) for key, (name, cast) in MAILER_ENV.items() if env.get(key, "").strip()}
    return replace(base, **overrides)


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service("notification", {})
    mailer = Mailer(mailer_settings(settings()))
    outbox_sweep = svc.steps["OutboxSweepDue"].prepare
    chunk = int(os.environ.get("JOBFEED_DIGEST_CHUNK", "200"))
    max_jobs = int(os.environ.get("JOBFEED_EMAIL_MAX_JOBS", str(MAX_JOBS)))
    delivery = Delivery(svc.db, mailer, svc.outbox, max_jobs=max_jobs)
    svc.steps.update(steps(svc.db, delivery, outbox_sweep, chunk, window_from_env()))
    return svc
