"""Notification's settings, parsed once by its composition root (defaults: jobfeed.knobs, docs/settings.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from jobfeed.knobs import read
from jobfeed.settings import Settings

from .mailer import MailerSettings


@dataclass(frozen=True)
class NotificationSettings:
    mailer: MailerSettings
    digest_chunk: int = 200  # recipients per digest page
    email_max_jobs: int = 25  # jobs listed in full per email
    instant_window: timedelta = timedelta(minutes=10)  # 0 sends every match at once
    erasure_in_flight_wait_s: float = 20.0  # an erasure's wait for emails being sent, per delivery

    @classmethod
    def from_env(cls, env: Mapping[str, str], shared: Settings) -> NotificationSettings:
        mailer = MailerSettings(
            api_key=shared.sendgrid_api_key, from_email=shared.mail_from, host=shared.sendgrid_host,
            timeout_s=float(read(env, "JOBFEED_MAIL_TIMEOUT_S")),
            max_attempts=int(read(env, "JOBFEED_MAIL_MAX_ATTEMPTS")),
            retry_budget_s=float(read(env, "JOBFEED_MAIL_RETRY_BUDGET_S")),
            breaker_fail_max=int(read(env, "JOBFEED_MAIL_BREAKER_FAIL_MAX")),
            breaker_reset_s=float(read(env, "JOBFEED_MAIL_BREAKER_RESET_S")))
        return cls(mailer=mailer, digest_chunk=int(read(env, "JOBFEED_DIGEST_CHUNK")),
                   email_max_jobs=int(read(env, "JOBFEED_EMAIL_MAX_JOBS")),
                   instant_window=timedelta(seconds=float(read(env, "JOBFEED_INSTANT_WINDOW_S"))),
                   erasure_in_flight_wait_s=float(read(env, "JOBFEED_ERASURE_IN_FLIGHT_WAIT_S")))
