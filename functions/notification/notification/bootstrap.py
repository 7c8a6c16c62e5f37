"""Composition root, built on the first event and cached: the mailer (and its circuit breaker) lives as long
as the warm instance, so the breaker sees every send."""

from __future__ import annotations

from functools import lru_cache

from jobfeed import logs
from jobfeed.service import Service, build_service
from jobfeed.settings import settings

from .delivery import Delivery
from .handlers import steps
from .mailer import Mailer, MailerSettings


@lru_cache(maxsize=1)
def service() -> Service:
    logs.configure()
    svc = build_service("notification", {})
    config = settings()
    mailer = Mailer(MailerSettings(api_key=config.sendgrid_api_key, from_email=config.mail_from,
                                   host=config.sendgrid_host))
    svc.steps.update(steps(svc.db, Delivery(svc.db, mailer, svc.outbox)))
    return svc
