"""Job Intake refuses what it cannot read with a clear JSON answer, and accepts a CSV feed with a header."""

from __future__ import annotations

import json
import uuid

import pytest

from emulator.stack import Stack
from tests.e2e.intake.support import JSONL, post_feed, stored_posting

pytestmark = pytest.mark.stack


def test_an_empty_body_is_a_400_that_says_so(stack: Stack) -> None:
    response = post_feed(stack, b"", "application/json")
    assert response.status_code == 400
    assert "empty" in response.json()["message"]


def test_malformed_json_is_a_400_with_where_it_broke(stack: Stack) -> None:
    response = post_feed(stack, b'[{"title": "Dev", "company": ', "application/json")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Malformed JSON") and "line 1 column" in response.json()["message"]


@pytest.mark.parametrize("key", [None, "", "wrong-key", "local-intake-key-but-longer"])
def test_without_the_right_api_key_nothing_is_read(stack: Stack, key: str | None) -> None:
    job_id = f"unauth-{uuid.uuid4().hex[:8]}"
    body = json.dumps({"job_id": job_id, "title": "Dev", "company": "C", "location": "L",
                       "url": "https://c.example/j"}).encode()
    response = post_feed(stack, body, "application/json", key=key)
    assert response.status_code == 401
    assert "API key" in response.json()["message"]
    assert stored_posting(stack, job_id) is None


def test_other_methods_and_paths_get_clean_json(stack: Stack) -> None:
    get = post_feed(stack, b"", "application/json", method="GET")
    assert get.status_code == 405 and get.headers["Allow"] == "POST"
    assert get.headers["Content-Type"].startswith("application/json") and "POST" in get.json()["message"]
    elsewhere = post_feed(stack, b"{}", "application/json", path="/admin")
    assert elsewhere.status_code == 404 and elsewhere.json()["message"].startswith("Not found")


def test_a_feed_of_only_bad_rows_is_a_422_listing_each(stack: Stack) -> None:
    response = post_feed(stack, json.dumps(["<b>not a posting</b>", {"title": "Dev"}]).encode(), "application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] == 0 and body["published"] == 0
    assert body["rejected"][0] == {"line": 1, "errors": ["a posting must be an object"]}  # never echoed back
    assert body["rejected"][1]["line"] == 2 and "company is required" in body["rejected"][1]["errors"]


def test_unreadable_json_lines_are_reported_by_line_number(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    good = {"job_id": f"jl-{tag}", "title": "Dev", "company": "C", "location": "L", "url": f"https://c.example/{tag}"}
    response = post_feed(stack, f'{json.dumps(good)}\n{{"title": \n'.encode(), JSONL)
    assert response.status_code == 202
    assert response.json()["rejected"] == [{"line": 2, "errors": ["line 2 is not valid JSON"]}]


def test_a_csv_feed_with_a_header_is_accepted_row_by_row(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    csv = (
        "job_id,title,company,location,remote,url,salary_min,salary_max,required_skills,status\n"
        f"csv-{tag}-1,Data Engineer,\"Rows, Inc.\",Berlin,hybrid,https://rows.example/{tag}/1,60000,80000,"
        "\"python, postgres\",open\n"
        f"csv-{tag}-2,,Rows,Berlin,hybrid,https://rows.example/{tag}/2,,,,open\n"
        f"csv-{tag}-3,QA Engineer,Rows,Berlin,remote,https://rows.example/{tag}/3,,,,Closed\n"
    ).encode()
    response = post_feed(stack, csv, "text/csv")
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["accepted"], body["published"]) == (2, 2)
    assert body["rejected"] == [{"line": 3, "errors": ["title is required"]}]
    first_id, third_id = body["job_ids"]
    first = stored_posting(stack, first_id)
    assert first is not None and first["company"] == "Rows, Inc." and first["version"] == 1
    assert first["required_skills"] == ["Python", "PostgreSQL"] and first["salary_min"] == 60000
    third = stored_posting(stack, third_id)
    assert third is not None and third["status"] == "closed"
    again = post_feed(stack, csv, "text/csv").json()
    assert (again["accepted"], again["published"]) == (2, 0)  # an unchanged re-post tells nobody anything new
