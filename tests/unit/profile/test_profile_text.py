"""Sections, contact, titles, seniority, education and languages from resume text."""

from __future__ import annotations

from datetime import date

import pytest

from candidate_profile.education import education_level, spoken_languages
from candidate_profile.parsing import parse_text
from candidate_profile.sections import heading_of, split_sections
from candidate_profile.seniority import seniority
from candidate_profile.titles import normalize_title, titles_in

RESUME = """Zoë Müller-Łukasiewicz
zoe@example.com | +49 170 1234567 | linkedin.com/in/zoe
P R O F I L E
Backend engineer who likes Go and Postgres.
Employment History
Sr. Software Eng. II — Acme GmbH        Jan 2019 – Present
• Built services in Go and Python on k8s
Initech | Backend Dev
03/2016 - 08/2019
- Mentored two junior developers and moved billing to AWS
Junior Developer at Globex, 2014 to 2016
Education:
M.Sc. Computer Science, TU Berlin, 2012 – 2014
Languages: English (native), Deutsch (C1)
"""


def test_parse_text_end_to_end():
    parsed = parse_text(RESUME, today=date(2025, 6, 15))
    assert parsed.contact.name == "Zoë Müller-Łukasiewicz"
    assert parsed.contact.email == "zoe@example.com"
    assert parsed.contact.phone == "+49 170 1234567"
    assert parsed.sections == ["summary", "experience", "education", "languages"]
    assert parsed.titles == ["Senior Software Engineer", "Backend Developer", "Junior Developer"]
    assert parsed.years_experience == 11.0  # Jul 2014 .. Jun 2025; the 2012-2014 study years do not count
    assert parsed.seniority == "senior"
    assert parsed.education_level == "master"
    assert parsed.languages == ["English", "German"]
    assert {"Go", "PostgreSQL", "Python", "Kubernetes", "AWS", "Mentoring"} <= set(parsed.skills)
    assert parsed.skills_by_category["languages"] == ["Go", "Python"]
    assert parsed.to_record()["skills_by_category"] == parsed.skills_by_category


@pytest.mark.parametrize(
    ("line", "section"),
    [("WORK EXPERIENCE", "experience"), ("Berufserfahrung", "experience"), ("E D U C A T I O N", "education"),
     ("## Technical Skills ##", "skills"), ("Core Competencies:", "skills"), ("Spoken Languages", "languages")],
)
def test_headings_across_layouts(line, section):
    assert heading_of(line) == (section, "")


def test_inline_heading_keeps_its_content_and_prose_is_not_a_heading():
    assert heading_of("Skills: Python, Go") == ("skills", "Python, Go")
    assert heading_of("Experience with large teams is a plus for this role and more") is None
    assert split_sections("Name\nSkills\nPython").get("skills") == "Python"


@pytest.mark.parametrize(
    ("raw", "title"),
    [("Sr. Software Eng.", "Senior Software Engineer"), ("front end developer", "Frontend Developer"),
     ("Full-Stack Engineer", "Full Stack Engineer"), ("SWE III", "Software Engineer"), ("iOS Dev", "iOS Developer"),
     ("Head of Data", "Head of Data"), ("DevOps engineer", "DevOps Engineer")],
)
def test_normalize_title(raw, title):
    assert normalize_title(raw) == title


def test_titles_skip_bullets_and_sentences():
    text = "Data Scientist | Quantia\n• Led the Senior Engineer hiring loop\nMentored many people across teams daily"
    assert titles_in(text) == ["Data Scientist"]


@pytest.mark.parametrize(
    ("years", "titles", "level"),
    [(0.5, ["Intern"], "junior"), (3, ["Software Engineer"], "mid"), (1, ["Senior Engineer"], "senior"),
     (7, ["Developer"], "mid"), (16, ["Developer"], "senior"), (None, ["Developer"], "mid"), (None, [], "mid"),
     (4, ["Tech Lead"], "lead"), (12, ["Engineering Manager"], "lead"), (6, ["Junior Developer", "Developer"], "mid"),
     (3, ["Senior Engineer", "Lead Engineer"], "senior"), (1, ["Junior Developer"], "junior")],
)
def test_seniority_from_years_and_titles(years, titles, level):
    assert seniority(years, titles) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [("Ph.D. in Physics", "phd"), ("MSc Informatik", "master"), ("B.Sc. Computer Science", "bachelor"),
     ("Bachelor of Engineering", "bachelor"), ("Abitur", "high_school"), ("Certified Scrum Master", None)],
)
def test_education_level(text, level):
    assert education_level(text) == level


def test_spoken_languages_in_native_spellings_but_not_programming_languages():
    assert spoken_languages("Polski, English, Русский", "") == ["Polish", "English", "Russian"]
    assert spoken_languages("", "Programming: Python, Java\nLanguages: Français, Español") == ["French", "Spanish"]
