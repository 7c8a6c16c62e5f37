"""The candidate sees what we read from their resume on the feed page (and its JSON twin) and corrects it: the
correction goes out as CandidateUpdated through the Portal's outbox, Profile builds a new profile with it,
Recommendation matches again and the Portal shows both; a new resume keeps the corrections; bad corrections
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from emulator.stack import Stack
from tests.e2e.pipeline import feed, new_email, post_jobs, python_job
from tests.polling import wait_for
from tests.support.resumes import resume_pdf

from .support import JSON, candidate_doc, outbox_events, register_ok, wait_until_profiled


def correct(url: str, body: Any, *, as_json: bool = True) -> requests.Response:
    base, query = url.split("?", 1)
    if as_json:
        return requests.post(f"{base}/profile?{query}", json=body, headers=JSON, timeout=30)
    return requests.post(f"{base}/profile?{query}", data=body, allow_redirects=False, timeout=30)


def corrections_of(stack: Stack, candidate_id: str) -> tuple[Any, ...]:
    """What a correction writes on the candidate (status and feed move on their own as matches arrive)."""
    doc = candidate_doc(stack, candidate_id) or {}
    return doc["revision"], doc.get("overrides"), doc.get("overrides_revision")


def skills_of(profile: dict[str, Any]) -> dict[str, str]:
    """Skill name -> the category label it is shown under."""
    return {skill["name"]: group["label"] for group in profile["skills_by_category"] for skill in group["skills"]}


def shown_profile(url: str, version_above: int = 0) -> dict[str, Any]:
    return wait_for(lambda: (p := feed(url)["profile"]) and p["profile_version"] > version_above and p,
                    timeout=60, what=f"a profile newer than version {version_above} on the feed")


@pytest.mark.parametrize("body,field", [
    ({"add_skills": ["Underwater qwerty weaving"]}, "add_skill"),
    ({"add_skill": "<script>alert(1)</script>"}, "add_skill"),
    ({"add_skills": [f"Skill {n}" for n in range(500)]}, "add_skill"),
    ({"years_experience": -4}, "years_experience"),
    ({"years_experience": 250}, "years_experience"),
    ({"seniority": "overlord"}, "seniority"),
    ({"remove_skill": "COBOL"}, "remove_skill"),
    ({}, "profile"),
])
def test_a_bad_correction_gets_a_clear_error_and_changes_nothing(stack: Stack, profiled: dict[str, Any],
                                                                  body: dict[str, Any], field: str) -> None:
    url, cid = profiled["feed_url"], profiled["candidate_id"]
    before = corrections_of(stack, cid)
    response = correct(url, body)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][field]
    assert corrections_of(stack, cid) == before
    assert "CandidateUpdated" not in outbox_events(stack, cid)


def test_a_bad_correction_from_the_page_shows_the_feed_with_the_error(stack: Stack, profiled: dict[str, Any]) -> None:
    response = correct(profiled["feed_url"], {"add_skill": "<script>alert(1)</script>"}, as_json=False)
    assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/html")
    assert "There is a problem" in response.text and 'href="#feed-add_skill"' in response.text
    assert "<script>alert" not in response.text
    assert "What we read from your resume" in response.text


def test_a_correction_needs_the_private_link(stack: Stack, profiled: dict[str, Any]) -> None:
    base = profiled["feed_url"].split("?", 1)[0]
    for query in ("", "?token=wrong"):
        response = requests.post(f"{base}/profile{query}", json={"seniority": "lead"}, headers=JSON, timeout=10)
        assert response.status_code == 404


def test_a_correction_flows_to_a_new_profile_new_matches_and_survives_a_new_resume(stack: Stack) -> None:
    terraform_job = python_job(title="Backend Engineer", required_skills=["Terraform"], nice_skills=[],
                               seniority="lead")
    post_jobs(stack, [terraform_job])
    registered = register_ok(stack, new_email())
    url, cid = registered["feed_url"], registered["candidate_id"]
    first = shown_profile(url)
    skills = skills_of(first)
    assert skills["Python"] == "Programming languages" and skills["PostgreSQL"] == "Databases"
    assert "Redis" in skills and "Terraform" not in skills
    assert first["years_experience"] == 8.0 and first["titles"]

    answer = correct(url, {"remove_skills": ["Redis"], "add_skill": "terraform", "years_experience": "12.5",
                           "seniority": "lead"})
    assert answer.status_code == 202, answer.text
    assert "updating your profile" in answer.json()["message"]
    revision = candidate_doc(stack, cid)["revision"]
    again = correct(url, {"remove_skills": ["Redis"], "add_skill": "Terraform"})  # a double click, a replay
    assert again.status_code == 200 and "nothing to change" in again.json()["message"]
    assert candidate_doc(stack, cid)["revision"] == revision  # nothing new to say: no second event

    second = shown_profile(url, first["profile_version"])
    skills = skills_of(second)
    assert "Redis" not in skills and skills["Terraform"] == "DevOps and infrastructure"
    assert (second["years_experience"], second["seniority"]) == (12.5, "lead")
    assert second["skills_removed"] == ["Redis"] and second["updating"] is False
    wait_for(lambda: any(job["company"] == terraform_job["company"] for job in feed(url)["jobs"]), timeout=60,
             what="the job that only the added skill matches")

    base, query = url.split("?", 1)
    upload = requests.post(f"{base}/resume?{query}", headers=JSON, timeout=30,
                           files={"resume": ("cv.pdf", resume_pdf(), "application/pdf")})
    assert upload.status_code == 202, upload.text
    third = shown_profile(url, second["profile_version"])
    assert "Redis" not in skills_of(third) and "Terraform" in skills_of(third)
    assert (third["years_experience"], third["seniority"]) == (12.5, "lead")


@pytest.fixture
def profiled(stack: Stack) -> dict[str, Any]:
    registered = register_ok(stack, new_email())
    wait_until_profiled(registered["feed_url"])
    shown_profile(registered["feed_url"])
    return registered
