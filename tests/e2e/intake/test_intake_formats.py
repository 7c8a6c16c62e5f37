"""Real feed formats through the running Job Intake: a Greenhouse board, a Lever array, JSON-LD with raw
newlines and a careers page are stored and published with what was read from them, an unchanged re-post
publishes nothing, and an extracted posting reaches a matching candidate's feed with reasons."""

from __future__ import annotations

import json
import random
import uuid

import pytest

from emulator.stack import Stack
from tests.e2e.intake.support import post_feed, stored_posting
from tests.e2e.pipeline import feed, new_email, register
from tests.polling import wait_for
from tests.support.job_postings import (
    careers_page,
    graph_of,
    greenhouse_board,
    greenhouse_job,
    json_ld_posting,
    lever_posting,
    with_raw_newlines,
)

pytestmark = pytest.mark.stack
REMOTE = [{"id": 1, "name": "Workplace Type", "value": "Remote", "value_type": "single_select"}]


def _job_number() -> int:
    return random.randrange(10**8, 10**9)


def test_a_greenhouse_board_is_stored_with_what_was_read_and_a_repost_publishes_nothing(stack: Stack) -> None:
    board = greenhouse_board(greenhouse_job(_job_number()), greenhouse_job(_job_number()))
    first = post_feed(stack, board, "application/json")
    assert first.status_code == 202, first.text
    body = first.json()
    assert (body["accepted"], body["published"], body["rejected"]) == (2, 2, [])
    summary = body["postings"][0]
    assert (summary["format"], summary["work_mode"], summary["seniority"], summary["min_years"]) == \
        ("greenhouse", "hybrid", "senior", 5)
    assert "Python" in summary["required_skills"] and "GraphQL" in summary["nice_skills"]
    stored = stored_posting(stack, summary["job_id"])
    assert stored and stored["required_skills"] == summary["required_skills"]
    assert stored["locations"] == ["Oslo, Norway", "Bergen, Norway"] and stored["salary_currency"] == "EUR"

    again = post_feed(stack, board, "application/json").json()
    assert (again["accepted"], again["published"]) == (2, 0)


def test_lever_json_ld_and_a_careers_page_are_read(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    lever = post_feed(stack, json.dumps([lever_posting(f"lever-{tag}")]).encode(), "application/json")
    assert lever.status_code == 202, lever.text
    assert lever.json()["postings"][0]["remote_countries"] == ["US"]

    json_ld = with_raw_newlines(json_ld_posting(identifier=f"QM-{tag}", description="<p>Go.\nLinux.</p>"))
    raw_newlines = post_feed(stack, json_ld, "application/ld+json")
    assert raw_newlines.status_code == 202, raw_newlines.text
    assert raw_newlines.json()["postings"][0]["salary"] == {"min": 120000, "max": 150000, "currency": "CAD",
                                                            "period": "year"}

    page = careers_page(json.dumps(graph_of(json_ld_posting(identifier=f"page-{tag}"))), "{broken")
    response = post_feed(stack, page, "text/html")
    assert response.status_code == 202, response.text
    assert response.json()["rejected"] == [{"line": 2, "errors": ["JSON-LD block 2 on the page is not valid JSON"]}]


def test_an_extracted_posting_reaches_a_matching_candidates_feed_with_reasons(stack: Stack) -> None:
    job = greenhouse_job(_job_number(), title="Senior Backend Engineer", location={"name": "London"},
                         metadata=REMOTE, company_name=f"Fjordline {uuid.uuid4().hex[:6]}")
    posted = post_feed(stack, greenhouse_board(job), "application/json").json()
    [job_id] = posted["job_ids"]

    response = register(stack, email=new_email())
    assert response.status_code == 202, response.text
    feed_url = response.json()["feed_url"]

    def listed() -> dict | None:
        return next((e for e in feed(feed_url)["jobs"] if e["job_id"] == job_id), None)

    entry = wait_for(listed, timeout=90, what="the Greenhouse job in the candidate's feed")
    assert entry["reasons"] and entry["company"] == job["company_name"]
