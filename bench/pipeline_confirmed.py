"""Operations per registration as production runs the Portal (issue #16, docs/cost.md): double opt-in and rate
limits on (the product defaults; the bench's stack switches both off, tests/support/stacks.py).

A real registration is two requests of the candidate's: the registration, which gets one email (the
confirmation: Notification parks the matches it is told about), and the click on the signed link in that email
(the Portal emits CandidateConfirmed through its outbox; Notification sends the parked matches, the Event Log
records it). The bench restarts only the Portal's HTTP function with both switches on (as
tests/e2e/consent/conftest.py does), counts one warm-up registration apart, then JOBFEED_BENCH_COUNTED_CONFIRMED
registrations in two phases, each waited for in the SendGrid sink and then until the counts stop moving:
registered (every confirmation email read back) and confirmed (the link followed as a POST, the first instant
email seen). Each registration comes from a client address of its own (X-Forwarded-For with one trusted hop),
as production's do, so the per-client limit counts one registration each. The Portal is restored afterwards.

Figures: `pipeline_ops_confirmed_<function>_<name>` and `pipeline_ops_confirmed_total_<name>` per registration,
register and click together; `pipeline_ops_confirmed_register_total_<name>` and
`pipeline_ops_confirmed_click_total_<name>` for each phase alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import requests

COUNTED_CONFIRMED = int(os.environ.get("JOBFEED_BENCH_COUNTED_CONFIRMED", "5"))
PRODUCT_ENV = {
    "JOBFEED_DOUBLE_OPT_IN": "on",
    "JOBFEED_RATE_LIMITS": "on",  # production's limits (jobfeed.knobs defaults); each registration its own client
    "JOBFEED_CLIENT_ADDRESS_HOPS": "1",
}
CONFIRM_LINK = re.compile(r"https?://\S+/confirm\?code=[A-Za-z0-9_.\-]+")
Counts = Mapping[str, Mapping[str, int]]


def per_registration(before: Counts, after: Counts, count: int, names: Sequence[str]) -> dict[str, dict[str, float]]:
    """Each function's operations between two snapshots of the counts, divided by the registrations counted;
    a function absent from `before` had counted nothing yet (it started within the window)."""
    return {function: {name: (after[function].get(name, 0) - before.get(function, {}).get(name, 0)) / count
                       for name in names}
            for function in sorted(after)}


def figures_of(prefix: str, per: Mapping[str, Mapping[str, float]], names: Sequence[str],
               by_function: bool = True) -> dict[str, float | int | str]:
    """`<prefix>_<function>_<name>` for each non-zero count (when by_function) and `<prefix>_total_<name>`."""
    figures: dict[str, float | int | str] = {}
    totals = dict.fromkeys(names, 0.0)
    for function, counts in per.items():
        for name in names:
            totals[name] += counts[name]
            if by_function and counts[name]:
                figures[f"{prefix}_{function}_{name}"] = round(counts[name], 2)
    figures.update({f"{prefix}_total_{name}": round(value, 2) for name, value in totals.items()})
    return figures


def confirmation_link(messages: Sequence[Mapping[str, Any]]) -> str | None:
    """The newest confirmation link among sink messages (the sink keeps each message's categories and text)."""
    links = [link for m in messages if "confirmation" in (m.get("categories") or [])
             for link in CONFIRM_LINK.findall(m.get("text") or "")]
    return links[-1] if links else None


def client_address(number: int) -> str:
    """A documentation-range address (RFC 5737) per registration: one client each, as in production."""
    return f"198.51.100.{1 + number % 254}" if number < 254 else f"203.0.113.{1 + number % 254}"


def operations_confirmed(stack, directory: Path, count: int) -> dict[str, float | int | str]:  # type: ignore[no-untyped-def]
    from jobfeed import opcount

    from .bench_pipeline import _counted, _quiet

    stack.restart("job_portal", {opcount.ENV: str(directory), **PRODUCT_ENV})
    try:
        _registered_and_confirmed(stack, directory, range(count, count + 1))  # the restarted Portal's cold start
        before = _counted(directory)
        middle = _registered_and_confirmed(stack, directory, range(count), between=lambda: _counted(directory))
        after = _counted(directory)
    finally:
        stack.restart("job_portal", {opcount.ENV: str(directory)})
    _quiet(directory)
    names = opcount.NAMES
    return {"pipeline_ops_confirmed_registrations": count,
            **figures_of("pipeline_ops_confirmed", per_registration(before, after, count, names), names),
            **figures_of("pipeline_ops_confirmed_register", per_registration(before, middle, count, names), names,
                         by_function=False),
            **figures_of("pipeline_ops_confirmed_click", per_registration(middle, after, count, names), names,
                         by_function=False)}


def _registered_and_confirmed(stack, directory: Path, numbers: range, between=None) -> Counts:  # type: ignore[no-untyped-def]
    """Registers one candidate per number, waits for every confirmation email and quiet, takes `between()`, then
    follows every link and waits for every candidate's first job email and quiet. Returns what between() took."""
    from tests.e2e.pipeline import emails_to, new_email

    from .bench_pipeline import PDF, _quiet, until

    portal = stack.config.url("job_portal")
    emails = {number: new_email() for number in numbers}
    for number, email in emails.items():
        form = {"name": "Ada Lovelace", "email": email, "locations": "London", "titles": "Backend Engineer",
                "remote": "remote", "cadence": "instant", "consent": "yes", "years_experience": "8"}
        answer = requests.post(f"{portal}/candidates", data=form, timeout=30,
                               files={"resume": ("resume.pdf", PDF, "application/pdf")},
                               headers={"Accept": "application/json", "X-Forwarded-For": client_address(number)})
        if answer.status_code != 202 or answer.json().get("confirmation") != "required":
            raise RuntimeError(f"bench: the Portal did not ask for a confirmation: {answer.status_code} {answer.text}")
    links: dict[int, str] = {}

    def every_link() -> bool:
        for number, email in emails.items():
            if number not in links and (link := confirmation_link(emails_to(stack, email))):
                links[number] = link
        return len(links) == len(emails)

    until(every_link, 0.2, "the confirmation emails")
    _quiet(directory)  # matching runs before the click; Notification parks what it is told
    taken = between() if between else {}
    for number, link in links.items():
        answer = requests.post(link, timeout=30, headers={"Accept": "application/json",
                                                          "X-Forwarded-For": client_address(number)})
        if answer.status_code != 200 or answer.json().get("state") != "confirmed":
            raise RuntimeError(f"bench: the confirmation was refused: {answer.status_code} {answer.text}")

    def mailed(email: str) -> bool:
        return any("instant" in (m.get("categories") or []) for m in emails_to(stack, email))

    until(lambda: all(mailed(email) for email in emails.values()), 0.2, "the job emails after confirming")
    _quiet(directory)
    return taken
