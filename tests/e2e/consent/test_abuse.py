"""Abuse (#18): a script registering many addresses from one client meets 429 + Retry-After after the limit and
mails nobody beyond it; one victim address registered again and again gets at most one email; Intake is limited
per client the same way."""

from __future__ import annotations

import time

import requests

from emulator.stack import Stack
from tests.e2e.pipeline import new_email
from tests.e2e.portal.support import outbox_events

from .conftest import CONSENT_ENV
from .support import client_address, mails, register, wait_confirmation_link

PER_CLIENT = int(CONSENT_ENV["JOBFEED_RATE_REGISTER_PER_CLIENT"].split("/")[0])
PER_EMAIL = int(CONSENT_ENV["JOBFEED_RATE_REGISTER_PER_EMAIL"].split("/")[0])
PER_INTAKE_CLIENT = int(CONSENT_ENV["JOBFEED_RATE_INTAKE_PER_CLIENT"].split("/")[0])


def test_rapid_registrations_from_one_client_are_refused_after_the_limit(consent_stack: Stack) -> None:
    stack, client = consent_stack, client_address()
    addresses = [new_email() for _ in range(50)]
    answers = [register(stack, address, client) for address in addresses]

    statuses = [answer.status_code for answer in answers]
    assert statuses == [202] * PER_CLIENT + [429] * (50 - PER_CLIENT)
    refused = answers[PER_CLIENT]
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600 and refused.json()["retry_after_s"] >= 1
    page = register(stack, new_email(), client, html=True)
    assert page.status_code == 429 and "Please wait a moment" in page.text and page.headers["Retry-After"]
    assert register(stack, new_email(), client_address()).status_code == 202  # another client is not affected

    for address in addresses[:PER_CLIENT]:
        wait_confirmation_link(stack, address)
    assert all(len(mails(stack, address)) == 1 for address in addresses[:PER_CLIENT])
    assert all(mails(stack, address) == [] for address in addresses[PER_CLIENT:])


def test_a_victim_address_registered_twenty_times_gets_one_email(consent_stack: Stack) -> None:
    stack, victim = consent_stack, new_email()
    # From many clients, so only the per-address rules stand between the attacker and the victim's inbox.
    answers = [register(stack, victim, client_address(), name=f"Attacker {n}") for n in range(20)]

    statuses = [answer.status_code for answer in answers]
    assert statuses[0] == 202 and set(statuses[1:PER_EMAIL]) == {409}
    assert set(statuses[PER_EMAIL:]) == {429}
    candidate_id = answers[0].json()["candidate_id"]
    wait_confirmation_link(stack, victim)
    # The repeated registrations asked for no email: the Portal staged nothing after the registration.
    assert outbox_events(stack, candidate_id) == ["CandidateRegistered"]
    time.sleep(2)  # anything wrongly queued would reach the sink within this
    assert len(mails(stack, victim)) == 1


def test_intake_is_rate_limited_per_client(consent_stack: Stack) -> None:
    stack, client = consent_stack, client_address()
    url = f"{stack.config.url('job_intake')}/jobs"

    def post() -> requests.Response:
        return requests.post(url, json=[], timeout=30,
                             headers={"X-API-Key": stack.config.intake_api_key, "X-Forwarded-For": client})

    answers = [post() for _ in range(PER_INTAKE_CLIENT + 2)]
    assert [a.status_code for a in answers[:PER_INTAKE_CLIENT]].count(429) == 0
    assert [a.status_code for a in answers[PER_INTAKE_CLIENT:]] == [429, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1 and "retry" in answers[-1].json()["message"].lower()
    other = requests.post(url, json=[], timeout=30,
                          headers={"X-API-Key": stack.config.intake_api_key, "X-Forwarded-For": client_address()})
    assert other.status_code != 429
