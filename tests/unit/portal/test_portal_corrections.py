"""Correcting what we read from the resume: validation (nothing changes on a bad correction), the merge into the
candidate's overrides, the Portal's copy of the profile and how the feed page shows it."""

from __future__ import annotations

import pytest

from job_portal import profile_view
from job_portal.correction_rules import EMPTY, Correction, apply
from job_portal.corrections import MAX_ADDED, MAX_PER_REQUEST, NOTHING, read_correction
from job_portal.pages import render_feed
from tests.unit.portal.portal_html import accessibility_problems, parse

EVIL = '<script>alert("x")</script>'
SKILLS = ["Python", "PostgreSQL", "Communication", "Kubernetes"]
PAYLOAD = {"candidate_id": "c1", "profile_version": 3, "candidate_revision": 4, "skills": SKILLS,
           "titles": ["Site Reliability Engineer"], "years_experience": 9.5, "seniority": "senior",
           "locations": ["Leeds"], "remote": "remote", "salary_min": None, "open_to_relocation": False}


def _read(fields: dict, overrides: dict | None = None) -> tuple[Correction | None, dict[str, str]]:
    return read_correction(fields, SKILLS, overrides or EMPTY)


def test_a_typed_skill_is_normalised_through_the_taxonomy():
    correction, errors = _read({"add_skill": "k8s, postgres , ArcGIS"})
    assert errors == {}
    assert correction == Correction(add=["Kubernetes", "PostgreSQL", "ArcGIS"])


@pytest.mark.parametrize("fields,field,words", [
    ({"add_skill": "Qwertyuiop zxcvb"}, "add_skill", "We do not know the skill"),
    ({"add_skill": "Underwater basket weaving 3000"}, "add_skill", "Did you mean Basket weaving?"),
    ({"add_skill": EVIL}, "add_skill", "plain words"),
    ({"add_skills": [f"Skill {n}" for n in range(500)]}, "add_skill", f"at most {MAX_PER_REQUEST} skills"),
    ({"add_skill": ",".join(["Python"] * 500)}, "add_skill", f"at most {MAX_PER_REQUEST} skills"),
    ({"add_skills": [{"name": "Python"}]}, "add_skill", "as text"),
    ({"add_skill": "x" * 101}, "add_skill", "too long"),
    ({"remove_skill": "Java"}, "remove_skill", "not in your profile"),
    ({"restore_skill": "Python"}, "restore_skill", "not one of the skills you removed"),
    ({"years_experience": "-3"}, "years_experience", "cannot be negative"),
    ({"years_experience": -0.5}, "years_experience", "cannot be negative"),
    ({"years_experience": 61}, "years_experience", "60 or fewer"),
    ({"years_experience": "1e9"}, "years_experience", "60 or fewer"),
    ({"years_experience": "nan"}, "years_experience", "as a number"),
    ({"years_experience": "ten"}, "years_experience", "as a number"),
    ({"years_experience": True}, "years_experience", "as a number"),
    ({"seniority": "wizard"}, "seniority", "junior, mid, senior or lead"),
    ({"seniority": ["lead"]}, "seniority", "junior, mid, senior or lead"),
    ({}, "profile", NOTHING),
    ({"add_skill": " , ", "years_experience": ""}, "profile", NOTHING),
])
def test_a_bad_correction_is_refused_with_a_message_for_its_field(fields: dict, field: str, words: str):
    correction, errors = _read(fields)
    assert correction is None
    assert words in errors[field], errors


def test_every_bad_field_is_reported_at_once_and_nothing_is_accepted():
    correction, errors = _read({"add_skill": "Nope-not-a-skill-xyz", "years_experience": "-1", "seniority": "x"})
    assert correction is None and set(errors) == {"add_skill", "years_experience", "seniority"}


def test_a_text_that_only_contains_skills_is_refused_with_them_suggested():
    _, errors = _read({"add_skill": "Python and Java developer"})
    assert "Did you mean Python, Java?" in errors["add_skill"]


def test_the_candidates_own_skills_are_capped():
    overrides = {**EMPTY, "skills_added": [f"S{n}" for n in range(MAX_ADDED)]}
    _, errors = _read({"add_skill": "Go"}, overrides)
    assert f"up to {MAX_ADDED}" in errors["add_skill"]


def test_removing_again_what_was_removed_is_accepted_even_before_the_profile_caught_up():
    overrides = {**EMPTY, "skills_removed": ["Excel"]}
    correction, errors = read_correction({"remove_skill": "Excel"}, SKILLS, overrides)
    assert errors == {} and apply(overrides, correction) == overrides


def test_years_and_seniority_are_read_and_rounded():
    correction, errors = _read({"years_experience": "7,46", "seniority": " Lead "})
    assert errors == {} and correction == Correction(years=7.5, seniority="lead")


def test_apply_keeps_one_list_per_skill_and_the_whole_set():
    overrides = apply(None, Correction(remove=["Python"], add=["Go"]))
    assert overrides == {**EMPTY, "skills_removed": ["Python"], "skills_added": ["Go"]}
    overrides = apply(overrides, Correction(remove=["Go"], years=12.0))
    assert overrides == {**EMPTY, "skills_removed": ["Python", "Go"], "years_experience": 12.0}
    overrides = apply(overrides, Correction(restore=["Python"], seniority="lead"))
    assert overrides == {**EMPTY, "skills_removed": ["Go"], "years_experience": 12.0, "seniority": "lead"}
    assert apply(overrides, Correction(seniority="lead")) == overrides  # the same again changes nothing


def test_the_portal_keeps_only_the_newest_profile():
    kept = profile_view.after_profile_created(None, PAYLOAD)
    assert kept == {k: PAYLOAD[k] for k in profile_view.KEPT}
    assert profile_view.after_profile_created(kept, PAYLOAD) is None  # redelivered
    assert profile_view.after_profile_created(kept, {**PAYLOAD, "profile_version": 2}) is None  # older, late
    assert profile_view.after_profile_created(kept, {**PAYLOAD, "profile_version": 4})["profile_version"] == 4


def test_the_shown_profile_groups_skills_by_category_with_soft_skills_last():
    view = profile_view.after_profile_created(None, PAYLOAD)
    shown = profile_view.shown(view, {"overrides": {**EMPTY, "skills_added": ["Kubernetes"]}, "overrides_revision": 5})
    groups = [(g["label"], [s["name"] for s in g["skills"]]) for g in shown["skills_by_category"]]
    assert groups[-1] == ("Soft skills", ["Communication"])
    assert ("Programming languages", ["Python"]) in groups and ("Databases", ["PostgreSQL"]) in groups
    kubernetes = next(s for g in shown["skills_by_category"] for s in g["skills"] if s["name"] == "Kubernetes")
    assert kubernetes["added_by_you"] is True
    assert (shown["years_text"], shown["seniority_label"], shown["updating"]) == ("9.5", "Senior", True)
    assert profile_view.shown(None, {}) is None


def _feed(**kwargs: object) -> str:
    candidate = {"candidate_id": "c1", "name": "Ada", "status": "matched", "status_reason": None,
                 "subscribed": True, "preferences": {"titles": ["SRE"], "locations": ["Leeds"], "remote": "remote",
                                                     "salary_min": None, "cadence": "daily", "skills": []}}
    view = profile_view.after_profile_created(None, PAYLOAD)
    overrides = {**EMPTY, "skills_removed": ["Excel"], "years_experience": 9.5}
    profile = profile_view.shown(view, {"overrides": overrides, "overrides_revision": 1})
    return render_feed(candidate, [], 1, False, "t0k", profile=profile, **kwargs)


def test_the_feed_page_shows_what_we_read_with_a_form_for_each_correction():
    html = _feed()
    page = parse(html)
    assert "What we read from your resume" in page.text
    for text in ("Programming languages", "Python", "Site Reliability Engineer", "9.5", "(corrected by you)",
                 "Senior", "Skills you removed", "Excel"):
        assert text in page.text
    actions = [form["action"] for form in page.forms() if form["action"].startswith("/candidates/c1/profile?")]
    assert len(actions) == len(SKILLS) + 1 + 3  # a remove per skill, put back Excel, add, years, seniority
    assert {i["value"] for i in page.all("input") if i.get("name") == "remove_skill"} == set(SKILLS)
    assert accessibility_problems(html) == []


def test_a_refused_correction_is_shown_as_typed_next_to_its_field_and_escaped():
    html = _feed(errors={"add_skill": "We do not know the skill."}, profile_values={"add_skill": EVIL})
    page = parse(html)
    assert page.by_id("feed-add_skill")["aria-invalid"] == "true"
    assert page.by_id("feed-add_skill")["value"] == EVIL
    assert "<script" not in html
    assert any(a.get("href") == "#feed-add_skill" for a in page.all("a"))
    assert accessibility_problems(html) == []


def test_no_section_before_the_first_profile():
    candidate = {"candidate_id": "c1", "name": "Ada", "status": "registered", "status_reason": None,
                 "subscribed": True, "preferences": {}}
    assert "What we read" not in render_feed(candidate, [], 1, False, "t0k")


def test_every_candidate_update_carries_the_whole_set_of_overrides_through_the_codec():
    from job_portal.candidates import updated_event
    from jobfeed.events import decode, encode

    doc = {"candidate_id": "c1", "revision": 3, "name": "Ada", "email": "ada@example.com", "subscribed": True,
           "preferences": {"titles": ["SRE"], "locations": ["Leeds"], "remote": "remote", "salary_min": None,
                           "cadence": "weekly", "skills": [], "years_experience": None, "open_to_relocation": False},
           "resume": {"bucket": "b", "object_name": "resumes/c1/x.pdf", "generation": "7"}}
    overrides = apply(None, Correction(remove=["Redis"], add=["Go"], years=12.5, seniority="lead"))
    corrected = decode(encode(updated_event({**doc, "overrides": overrides}, "https://p/c1?token=t",
                                            "profile_corrected")), "CandidateUpdated")
    assert (corrected.payload["change"], corrected.payload["overrides"]) == ("profile_corrected", overrides)
    later = decode(encode(updated_event({**doc, "overrides": overrides}, "u", "preferences")), "CandidateUpdated")
    assert later.payload["overrides"] == overrides  # not only the correcting event: every later one
    never = decode(encode(updated_event(doc, "u", "subscription")), "CandidateUpdated")
    assert never.payload["overrides"] is None


def test_before_the_first_profile_a_correction_error_is_listed_without_a_dangling_link():
    candidate = {"candidate_id": "c1", "name": "Ada", "status": "registered", "status_reason": None,
                 "subscribed": True, "preferences": {}}
    html = render_feed(candidate, [], 1, False, "t0k", errors={"profile": "We are still reading your resume."})
    assert "We are still reading your resume." in parse(html).text and 'href="#feed-profile"' not in html
