"""build_profile: the ProfileCreated payload from a parsed resume and the form's preferences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from candidate_profile.parsing import ParsedResume
from candidate_profile.profile import build_profile

SCHEMAS = Path(__file__).parents[3] / "schemas"
ENVELOPE = {"event_id", "event_type", "schema_version", "occurred_at", "correlation_id", "causation_id", "producer"}
PARSED = ParsedResume(skills=["Python", "Django"], titles=["Senior Backend Developer"], years_experience=6.4,
                      seniority="senior", education_level="master", languages=["English"])
PREFERENCES = {"titles": ["sr. python developer", "Backend Developer"], "locations": ["Berlin", " Berlin", "Remote EU"],
               "remote": "hybrid", "salary_min": 70000, "cadence": "weekly", "skills": ["k8s", "python", "Crochet"],
               "years_experience": 2.0}


def _payload_fields() -> set[str]:
    schema = json.loads((SCHEMAS / "profile_created.avsc").read_text())
    return {f["name"] for f in schema["fields"]} - ENVELOPE


def test_payload_has_exactly_the_schema_fields():
    profile = build_profile(PARSED, PREFERENCES, "cand-1", version=3, candidate_revision=7)
    assert set(profile) == _payload_fields()
    assert (profile["candidate_id"], profile["profile_version"], profile["candidate_revision"]) == ("cand-1", 3, 7)


def test_payload_encodes_against_the_avro_schema():
    from fastavro import parse_schema
    from fastavro.validation import validate

    schema = parse_schema(json.loads((SCHEMAS / "profile_created.avsc").read_text()))
    envelope = {"event_id": "e", "event_type": "ProfileCreated", "schema_version": 1,
                "occurred_at": "2025-06-15T00:00:00Z", "correlation_id": "c",
                "causation_id": None, "producer": "candidate_profile"}
    assert validate({**envelope, **build_profile(PARSED, PREFERENCES, "c1", 1, 1)}, schema)


def test_form_skills_are_added_and_normalised_titles_merged():
    profile = build_profile(PARSED, PREFERENCES, "cand-1", 1, 1)
    assert profile["skills"] == ["Python", "Django", "Kubernetes"]
    assert profile["titles"] == ["Senior Python Developer", "Backend Developer", "Senior Backend Developer"]
    assert profile["locations"] == ["Berlin", "Remote EU"]
    assert (profile["remote"], profile["salary_min"]) == ("hybrid", 70000)


def test_years_typed_in_the_form_win_over_the_resume_and_the_resume_fills_in_when_none_were_typed():
    assert build_profile(PARSED, PREFERENCES, "c", 1, 1)["years_experience"] == 2.0
    assert build_profile(PARSED, {**PREFERENCES, "years_experience": None}, "c", 1, 1)["years_experience"] == 6.4
    undated = ParsedResume(skills=[], titles=["Developer"], years_experience=None, seniority="mid",
                           education_level=None, languages=[])
    profile = build_profile(undated, {**PREFERENCES, "years_experience": 3.0}, "c", 1, 1)
    assert (profile["years_experience"], profile["seniority"]) == (3.0, "mid")
    unknown = build_profile(undated, {**PREFERENCES, "years_experience": None}, "c", 1, 1)
    assert (unknown["years_experience"], unknown["seniority"]) == (0.0, "mid")  # unknown years are not "junior"


def test_a_lead_title_next_to_a_dated_position_makes_the_profile_lead_whatever_the_years():
    lead = ParsedResume(skills=[], titles=["Platform Engineer"], years_experience=None, seniority="lead",
                        education_level=None, languages=[], level_hints=["lead", "senior"])
    assert build_profile(lead, {**PREFERENCES, "years_experience": 1.0}, "c", 1, 1)["seniority"] == "lead"


def test_unknown_remote_preference_is_refused():
    with pytest.raises(ValueError):
        build_profile(PARSED, {**PREFERENCES, "remote": "mars"}, "c", 1, 1)


def test_open_to_relocation_passes_through_and_defaults_to_false():
    assert build_profile(PARSED, {**PREFERENCES, "open_to_relocation": True}, "c1", 1, 1)["open_to_relocation"] is True
    assert build_profile(PARSED, PREFERENCES, "c1", 1, 1)["open_to_relocation"] is False
