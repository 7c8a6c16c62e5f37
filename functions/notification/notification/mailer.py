"""Sends email through SendGrid's official client: bounded retries with backoff, and a circuit breaker.

Outcomes: the provider message id; `MailUnavailable` (transient: re-raise so Pub/Sub retries later);
`MailRejected` (permanent: e.g. a bad address; do not retry).
"""

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pybreaker
from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_before_delay,
)

from jobfeed.logs import log
from notification.mail_body import OutgoingMail, build_body

logger = logging.getLogger(__name__)


class MailError(Exception):
    """Base of the mailer's outcomes other than success."""


class MailUnavailable(MailError):
    """SendGrid cannot take the email now (outage, throttling, open circuit, bad API key): retry later."""


class MailRejected(MailError):
    """SendGrid refused this email for good (e.g. an invalid recipient): retrying will not help."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        self.status = status
        self.errors = errors
        super().__init__(f"SendGrid rejected the email ({status}): {errors}")

    @property
    def bad_recipient(self) -> bool:
        """True when SendGrid blamed a recipient address (the candidate is undeliverable)."""
        return any(str(e.get("field") or "").startswith("personalizations.") for e in self.errors)


@dataclass(frozen=True)
class MailerSettings:
    api_key: str
    from_email: str
    from_name: str = "jobfeed"
    host: str = "https://api.sendgrid.com"  # the local sink's URL in the emulator
    timeout_s: float = 10.0  # per HTTP request
    max_attempts: int = 4
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 8.0
    retry_budget_s: float = 20.0  # no retry starts if it would end after this much time in send()
    breaker_fail_max: int = 5
    breaker_reset_s: float = 60.0


class _Transient(Exception):
    def __init__(self, status: int | None, retry_after: float | None, detail: str) -> None:
        self.status, self.retry_after = status, retry_after
        super().__init__(f"SendGrid transient failure ({status}): {detail}")


class _LogStateChanges(pybreaker.CircuitBreakerListener):
    """Ops (and the outage test) see the circuit open and close in the function's log."""

    def state_change(self, cb: pybreaker.CircuitBreaker, old_state: Any, new_state: Any) -> None:
        level = logging.WARNING if new_state.name == pybreaker.STATE_OPEN else logging.INFO
        log(logger, level, f"sendgrid circuit {new_state.name}", breaker=cb.name,
            previous=old_state.name if old_state else None, reset_s=cb.reset_timeout)


def new_breaker(settings: MailerSettings) -> pybreaker.CircuitBreaker:
    """One per process, shared by every send: a rejection is the API working, so it does not count."""
    return pybreaker.CircuitBreaker(
        fail_max=settings.breaker_fail_max,
        reset_timeout=settings.breaker_reset_s,
        exclude=[MailRejected],
        listeners=[_LogStateChanges()],
        name="sendgrid",
    )


def retry_after_seconds(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff


def backoff_seconds(settings: MailerSettings, attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter, never sooner than the server's Retry-After."""
    ceiling = min(settings.backoff_max_s, settings.backoff_initial_s * 2 ** (attempt - 1))
    return max(random.uniform(0, ceiling), retry_after or 0.0)


def _errors(exc: HTTPError) -> list[dict[str, Any]]:
    try:
        errors = json.loads(exc.body or b"{}").get("errors")
    except (ValueError, AttributeError):
        return []
    return errors if isinstance(errors, list) else []


def classify(exc: HTTPError) -> Exception:
    status = int(exc.status_code)
    if status == 429 or status >= 500:
        return _Transient(status, retry_after_seconds(exc.headers), str(exc.reason))
    if status in (401, 403):
        return MailUnavailable(f"SendGrid refused the API key ({status}): {_errors(exc)}")
    return MailRejected(status, _errors(exc))


class Mailer:
    """Sends `OutgoingMail`; build one per process and reuse it (it holds the circuit breaker)."""

    def __init__(
        self,
        settings: MailerSettings,
        client: SendGridAPIClient | None = None,
        breaker: pybreaker.CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._settings = settings
        self._client = client or SendGridAPIClient(api_key=settings.api_key, host=settings.host)
        self._client.client.timeout = settings.timeout_s
        self._breaker = breaker or new_breaker(settings)
        self._sleep = sleep

    def send(self, mail: OutgoingMail) -> str | None:
        """Returns SendGrid's X-Message-Id; raises MailUnavailable or MailRejected."""
        body = build_body(mail, self._settings.from_email, self._settings.from_name)
        return self._call(self._client.send, body).headers.get("X-Message-Id")

    def erase_recipients(self, addresses: list[str]) -> str:
        """SendGrid's Recipients' Data Erasure API: the provider deletes what it holds about these addresses
        (names, addresses, subjects). Returns the erasure job id; raises like send()."""
        def post(body: dict[str, Any]) -> Any:
            return self._client.client.recipients.erasejob.post(request_body=body)

        response = self._call(post, {"email_addresses": addresses})
        return str(json.loads(response.body or b"{}").get("job_id", ""))

    def _call(self, request: Callable[[dict[str, Any]], Any], body: dict[str, Any]) -> Any:
        try:
            return self._retrying()(self._attempt, request, body)
        except _Transient as exc:
            raise MailUnavailable(f"gave up after retries: {exc}") from exc

    def _retrying(self) -> Retrying:
        s = self._settings
        return Retrying(
            retry=retry_if_exception_type(_Transient),
            stop=stop_after_attempt(s.max_attempts) | stop_before_delay(s.retry_budget_s),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = exc.retry_after if isinstance(exc, _Transient) else None
        return backoff_seconds(self._settings, state.attempt_number, retry_after)

    def _attempt(self, request: Callable[[dict[str, Any]], Any], body: dict[str, Any]) -> Any:
        try:
            return self._breaker.call(self._post, request, body)
        except pybreaker.CircuitBreakerError as exc:
            raise MailUnavailable("SendGrid circuit breaker is open: not calling the API") from exc

    def _post(self, request: Callable[[dict[str, Any]], Any], body: dict[str, Any]) -> Any:
        try:
            response = request(body)
        except HTTPError as exc:
            raise classify(exc) from exc
        except OSError as exc:  # URLError, refused connections and timeouts are all OSErrors
            raise _Transient(None, None, repr(exc)) from exc
        return response
