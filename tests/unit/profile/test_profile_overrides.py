"""The candidate's corrections (CandidateUpdated overrides) merged into every build of the profile."""

from __future__ import annotations

from candidate_profile import overrides
from candidate_profile.parsing import ParsedResume
from candidate_profile.profile import build_profile

PARSED = ParsedResume(skills=["Python", "Django", "Excel"], titles=["Backend Developer"], years_experience=4.0,
                      seniority="mid", education_level=None, languages=[])
PREFERENCES = {"titles": [], "locations": ["Leeds"], "remote": "remote", "salary_min": None, "cadence": "weekly",
               "skills": ["k8s"], "years_experience": None}


def _build(fixes: dict | None, parsed: ParsedResume = PARSED, preferences: dict | None = None) -> dict:
    return build_profile(parsed, preferences or PREFERENCES, "c1", 2, 5, fixes)


def test_without_overrides_the_profile_is_what_the_resume_and_form_say():
    profile = _build(None)
    assert profile["skills"] == ["Python", "Django", "Excel", "Kubernetes"]
    assert (profile["years_experience"], profile["seniority"]) == (4.0, "mid")


def test_a_removed_skill_stays_out_and_an_added_one_comes_in_once():
    fixes = {"skills_removed": ["Excel", "Kubernetes"], "skills_added": ["PostgreSQL", "Python"]}
    assert _build(fixes)["skills"] == ["Python", "Django", "PostgreSQL"]


def test_corrected_years_win_over_the_form_and_the_resume_and_move_seniority_with_them():
    typed = {**PREFERENCES, "years_experience": 3.0}
    profile = _build({"years_experience": 16.0}, preferences=typed)
    assert (profile["years_experience"], profile["seniority"]) == (16.0, "senior")  # no levelled title: years say


def test_corrected_seniority_wins_over_titles_and_years():
    lead_titles = ParsedResume(skills=[], titles=["Lead Engineer"], years_experience=12.0, seniority="lead",
                               education_level=None, languages=[])
    assert _build(None, parsed=lead_titles)["seniority"] == "lead"
    assert _build({"seniority": "senior"}, parsed=lead_titles)["seniority"] == "senior"


def test_a_new_resume_keeps_the_corrections():
    fixes = {"skills_removed": ["Django"], "skills_added": ["Terraform"], "years_experience": 10.0}
    newer = ParsedResume(skills=["Django", "Go", "Python"], titles=["Developer"], years_experience=1.0,
                         seniority="junior", education_level=None, languages=[])
    profile = _build(fixes, parsed=newer)
    assert profile["skills"] == ["Go", "Python", "Kubernetes", "Terraform"]
    assert (profile["years_experience"], profile["seniority"]) == (10.0, "mid")


def test_the_events_set_replaces_the_stored_one_and_a_null_keeps_it():
    stored = {"skills_removed": ["Excel"], "skills_added": [], "years_experience": 7.0, "seniority": None}
    assert overrides.current(stored, None) == stored
    newer = {"skills_removed": [], "skills_added": ["Go"], "years_experience": None, "seniority": "lead"}
    assert overrides.current(stored, newer) == newer  # whole state, not a delta: Excel is back
    assert overrides.current(None, None) == overrides.EMPTY
    assert overrides.current(None, {"seniority": "senior", "unknown": 1}) == {**overrides.EMPTY, "seniority": "senior"}


def test_an_unknown_seniority_is_ignored_rather_than_emitted():
    assert overrides.seniority("mid", {"seniority": "wizard"}) == "mid"
