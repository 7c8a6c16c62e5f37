import pytest

from job_recommendation.model import job_from_payload, profile_from_payload
from job_recommendation.reasons import explain
from job_recommendation.scoring import score_pair
from job_recommendation.titles import title_similarity, title_tokens
from tests.unit.recommendation.payloads import NOW, days_ago, job, profile

TS = NOW.timestamp()
STACK = ["Python", "Django", "PostgreSQL", "Docker", "AWS", "Kubernetes"]


def score(p: dict, j: dict) -> float | None:
    return score_pair(profile_from_payload(p), job_from_payload(j), TS)


def test_a_perfect_fit_scores_one():
    p = profile("c", skills=STACK, seniority="senior", remote="remote", salary_min=80000)
    j = job("j", required_skills=STACK[:4], nice_skills=STACK[4:], seniority="senior", remote="remote",
            salary_min=90000, salary_max=120000, posted_at=NOW.isoformat())
    assert score(p, j) == pytest.approx(1.0, abs=1e-12)


def test_required_skills_weigh_more_than_nice_ones():
    j = job("j", required_skills=["Python"], nice_skills=["Go"])
    assert score(profile("a", skills=["Python"]), j) > score(profile("b", skills=["Go"]), j) + 0.2


def test_more_required_skills_score_higher():
    j = job("j", required_skills=STACK)
    assert score(profile("a", skills=STACK[:5]), j) > score(profile("b", skills=STACK[:2]), j)


@pytest.mark.parametrize(
    ("candidate", "posting"),
    [
        ({"remote": "onsite", "locations": ["Munich"]}, {"location": "Berlin", "remote": "onsite"}),
        ({"remote": "onsite", "locations": ["Munich"]}, {"location": "Berlin", "remote": "hybrid"}),
        ({"salary_min": 100000}, {"salary_min": 70000, "salary_max": 90000}),
        ({"salary_min": 100000}, {"salary_min": 70000}),
        ({}, {"expires_at": days_ago(0.01)}),
        ({"skills": ["Rust"]}, {"required_skills": ["Python"]}),
    ],
)
def test_hard_filters_rule_the_job_out(candidate, posting):
    assert score(profile("c", **candidate), job("j", **posting)) is None


def test_on_site_candidate_matches_in_their_city_whatever_the_spelling():
    p = profile("c", remote="onsite", locations=["berlin "])
    assert score(p, job("j", location="Berlin, Germany")) is not None


def test_a_salary_range_reaching_the_floor_passes_below_a_full_fit():
    p = profile("c", salary_min=100000)
    partly = score(p, job("a", salary_min=90000, salary_max=110000))
    unknown = score(p, job("b"))
    assert score(p, job("c", salary_min=100000, salary_max=120000)) > partly > unknown


def test_newer_postings_score_higher():
    assert score(profile("c"), job("a", posted_at=days_ago(1))) > score(profile("c"), job("b", posted_at=days_ago(40)))


def test_titles_are_normalised_with_synonyms_and_without_seniority_words():
    assert title_tokens("Sr. Back-End Developer") == title_tokens("Backend Engineer")
    assert title_similarity((title_tokens("Data Scientist"),), title_tokens("Senior Data Scientist")) == 1.0
    assert title_similarity((title_tokens("Data Scientist"),), title_tokens("Frontend Engineer")) == 0.0


def test_reasons_say_why_in_plain_words():
    p = profile("c", skills=STACK[:5] + ["Go"], seniority="senior", years_experience=7.2, remote="remote",
                titles=["Python Developer"], salary_min=80000)
    j = job("j", title="Senior Python Engineer", required_skills=STACK, nice_skills=["Go", "Rust"],
            seniority="senior", remote="remote", salary_min=90000, salary_max=120000, posted_at=days_ago(2.5))
    assert explain(profile_from_payload(p), job_from_payload(j), TS) == [
        "5 of 6 required skills: Python, Django, PostgreSQL, Docker, AWS",
        "1 of 2 nice-to-have skills: Go",
        'Title fits your "Python Developer"',
        "Senior role, 7 years",
        "Remote",
        "Salary 90,000-120,000, meets your 80,000 floor",
        "Posted 2 days ago",
    ]


def test_reasons_name_the_place_and_cut_long_skill_lists():
    p = profile("c", skills=STACK, locations=["Berlin"], seniority="mid")
    j = job("j", required_skills=STACK, remote="hybrid", seniority="senior", title="Nurse", posted_at=days_ago(30))
    assert explain(profile_from_payload(p), job_from_payload(j), TS) == [
        "6 of 6 required skills: Python, Django, PostgreSQL, Docker, AWS and 1 more",
        "Senior role, one level from yours",
        "Hybrid in Berlin, one of your places",
    ]
