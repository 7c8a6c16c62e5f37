"""Labelled ranking: profiles and jobs written by hand, each profile with the job a recruiter would pick."""

import pytest

from job_recommendation import MatchIndex
from tests.unit.recommendation.payloads import NOW, days_ago, job, profile

PY_STACK = {"required_skills": ["Python", "Django", "PostgreSQL", "Docker"], "nice_skills": ["AWS", "Redis"]}
JOBS = [
    job("py-backend", title="Senior Python Backend Engineer", remote="hybrid", seniority="senior",
        salary_min=80000, salary_max=100000, **PY_STACK),
    job("java-backend", title="Java Backend Developer", seniority="mid",
        required_skills=["Java", "Spring", "PostgreSQL", "Kafka"], nice_skills=["Docker"]),
    job("frontend-react", title="Frontend Developer", location="Anywhere", remote="remote", seniority="mid",
        required_skills=["JavaScript", "TypeScript", "React", "CSS"], nice_skills=["Next.js"]),
    job("data-scientist", title="Data Scientist", location="Munich", remote="hybrid", seniority="senior",
        required_skills=["Python", "Pandas", "scikit-learn", "SQL", "Statistics"], nice_skills=["PyTorch"]),
    job("ml-engineer", title="Machine Learning Engineer", location="Anywhere", remote="remote", seniority="senior",
        required_skills=["Python", "PyTorch", "Docker", "Kubernetes"], nice_skills=["AWS"]),
    job("devops", title="DevOps Engineer", location="Hamburg", remote="hybrid", seniority="senior",
        required_skills=["Kubernetes", "Terraform", "AWS", "Docker", "Linux"], nice_skills=["Python", "Go"]),
    job("ios", title="iOS Developer", seniority="mid", required_skills=["Swift", "iOS", "Xcode"]),
    job("data-analyst", title="Data Analyst", remote="hybrid", seniority="junior",
        required_skills=["SQL", "Excel", "Tableau"], nice_skills=["Python"]),
    job("go-backend", title="Backend Engineer (Go)", location="Anywhere", remote="remote", seniority="mid",
        required_skills=["Go", "PostgreSQL", "Docker", "Kubernetes"]),
    job("fullstack", title="Full Stack Developer", remote="hybrid", seniority="mid",
        required_skills=["JavaScript", "React", "Node.js", "PostgreSQL"], nice_skills=["Docker"]),
    # Perfect on skills for anna, but each fails one of her hard filters or is no longer open.
    job("trap-munich-onsite", title="Python Backend Engineer", location="Munich", seniority="senior", **PY_STACK),
    job("trap-low-pay", title="Python Backend Engineer", seniority="senior", salary_min=40000, salary_max=50000,
        **PY_STACK),
    job("trap-closed", title="Python Backend Engineer", seniority="senior", status="closed", **PY_STACK),
    job("trap-expired", title="Python Backend Engineer", seniority="senior", expires_at=days_ago(1),
        posted_at=days_ago(20), **PY_STACK),
    job("trap-ios-paris", title="iOS Developer", location="Paris", seniority="mid",
        required_skills=["Swift", "iOS", "Xcode"]),
]
GONE = {"trap-closed", "trap-expired"}  # no longer open: nobody may see them
TRAPS = {"anna": GONE | {"trap-munich-onsite", "trap-low-pay"}, "eli": GONE | {"trap-ios-paris"}}
PROFILES = [
    profile("anna", skills=["Python", "Django", "PostgreSQL", "Docker", "Redis", "Git"], titles=["Backend Developer"],
            years_experience=7, seniority="senior", remote="onsite", salary_min=70000),
    profile("ben", skills=["JavaScript", "TypeScript", "React", "CSS", "HTML", "Next.js"],
            titles=["Front-end Developer"], remote="remote", locations=[]),
    profile("chen", skills=["Python", "Pandas", "scikit-learn", "SQL", "Statistics", "Jupyter"],
            titles=["Data Scientist"], seniority="senior", locations=["Munich"]),
    profile("dara", skills=["Kubernetes", "Terraform", "AWS", "Docker", "Linux", "Bash"],
            titles=["Site Reliability Engineer", "DevOps Engineer"], seniority="senior", locations=["Hamburg"]),
    profile("eli", skills=["Swift", "iOS", "Xcode", "Git"], titles=["iOS Developer"], remote="onsite"),
    profile("fay", skills=["Python", "PyTorch", "Docker", "Kubernetes", "AWS", "Pandas"], titles=["ML Engineer"],
            seniority="senior", remote="remote"),
]
EXPECTED = {"anna": "py-backend", "ben": "frontend-react", "chen": "data-scientist", "dara": "devops",
            "eli": "ios", "fay": "ml-engineer"}


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    index = MatchIndex(lambda: NOW)
    for payload in JOBS:
        index.upsert_job(payload)
    for payload in PROFILES:
        index.upsert_profile(payload)
    return index


@pytest.mark.parametrize(("candidate", "best"), sorted(EXPECTED.items()))
def test_the_labelled_best_job_ranks_in_the_top_3(index, candidate, best):
    ranked = [m.job_id for m in index.match_profile(candidate, top_n=20)]
    assert best in ranked[:3], ranked


@pytest.mark.parametrize("candidate", sorted(EXPECTED))
def test_jobs_failing_a_hard_filter_never_appear(index, candidate):
    ranked = {m.job_id for m in index.match_profile(candidate, top_n=None)}
    assert ranked and not ranked & TRAPS.get(candidate, GONE)


def test_a_new_job_finds_its_labelled_candidates_first(index):
    for candidate, best in EXPECTED.items():
        ranked = [cid for cid, _ in index.match_job(best)]
        assert candidate in ranked[:3], (best, ranked)


def test_a_job_below_a_salary_floor_is_not_offered_to_that_candidate(index):
    assert "anna" not in {cid for cid, _ in index.match_job("trap-low-pay")}
    assert "anna" not in {cid for cid, _ in index.match_job("trap-munich-onsite")}
    assert "chen" in {cid for cid, _ in index.match_job("trap-munich-onsite")}
    assert index.match_job("trap-closed") == [] and index.match_job("trap-expired") == []


def test_every_match_explains_itself(index):
    best = index.match_profile("anna", top_n=1)[0]
    assert best.job_id == "py-backend" and 0 < best.score <= 1
    assert best.reasons[:2] == ["4 of 4 required skills: Python, Django, PostgreSQL, Docker",
                                "1 of 2 nice-to-have skills: Redis"]
    assert "Senior role, 7 years" in best.reasons


def test_the_traps_would_rank_first_without_the_filters(index):
    flexible = profile("anna-flexible", skills=PROFILES[0]["skills"], titles=["Backend Developer"],
                       years_experience=7, seniority="senior", remote="hybrid", locations=[])
    try:
        index.upsert_profile(flexible)
        ranked = [m.job_id for m in index.match_profile("anna-flexible", top_n=3)]
        assert {"trap-munich-onsite", "trap-low-pay"} <= set(ranked)
    finally:
        index.remove_profile("anna-flexible")
