"""jobfeed.warmup: builds the service of the function this process serves, in the background, and never raises."""

from __future__ import annotations

import logging
import os

import pytest

from jobfeed import warmup
from jobfeed.settings import settings


@pytest.fixture(autouse=True)
def function_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFEED_FUNCTION", "probe")
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_the_warm_up_builds_the_service_in_a_thread_of_its_own(caplog: pytest.LogCaptureFixture) -> None:
    built: list[str] = []

    with caplog.at_level(logging.INFO, logger="jobfeed.warmup"):
        warmup.start(lambda: built.append("service")).join(timeout=10)

    assert built == ["service"]
    assert [r.getMessage() for r in caplog.records] == ["warmed up"]


def test_a_failing_warm_up_is_logged_and_left_to_the_first_request(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise RuntimeError("no credentials")

    with caplog.at_level(logging.INFO, logger="jobfeed.warmup"):
        warmup.start(broken).join(timeout=10)

    [record] = caplog.records
    assert record.levelno == logging.WARNING and "no credentials" in vars(record)["fields"]["error"]


def test_only_the_served_function_is_warmed_and_only_after_the_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    hooks: list[object] = []
    monkeypatch.setattr(os, "register_at_fork", lambda **kwargs: hooks.append(kwargs["after_in_child"]))

    warmup.warm_up({"another": lambda: None})
    assert hooks == []
    warmup.warm_up({"probe": lambda: None})
    assert len(hooks) == 1  # nothing built in gunicorn's master: gRPC channels do not survive the fork


def test_the_warm_up_parses_every_event_contract_before_the_first_request() -> None:
    from jobfeed.events import known_event_types, parsed_schema

    parsed_schema.cache_clear()
    warmup.start(lambda: None).join(timeout=10)
    assert parsed_schema.cache_info().currsize == len(known_event_types())


def test_warming_the_posting_vocabulary_builds_both_automatons() -> None:
    from jobfeed import skills

    skills.load_taxonomy.cache_clear()
    skills._posting_automaton.cache_clear()
    skills.warm()
    assert (skills.load_taxonomy.cache_info().currsize, skills._posting_automaton.cache_info().currsize) == (1, 0)
    skills.warm("posting")
    assert skills._posting_automaton.cache_info().currsize == 1
    assert skills.find_skills("We use Python and PostgreSQL", "posting") == ["Python", "PostgreSQL"]
