"""Failure classes seen on real resumes, each reproduced from our own synthetic text or generated PDFs.

Text repair (soft hyphens, ligatures, zero-width and non-breaking characters, doubled strings, one word per line,
words without spaces), dates in every common shape, only work positions counted, and seniority from titles.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from reportlab.pdfgen import canvas

from candidate_profile import text_repair
from candidate_profile.experience import find_spans, years_of_experience
from candidate_profile.parsing import parse_resume, parse_text
from candidate_profile.pdf_text import extract_text

TODAY = date(2026, 11, 15)
SHY, ZW, NBSP = "\u00ad", "\u200b", "\u00a0"


def test_a_soft_hyphen_drawn_for_a_hyphen_becomes_one_and_one_at_a_line_end_joins_the_word():
    assert text_repair.normalise_characters(f"Jan 2019 {SHY} Mar 2021") == "Jan 2019 - Mar 2021"
    assert text_repair.normalise_characters(f"2016{SHY}2019") == "2016-2019"
    assert text_repair.normalise_characters(f"Kuber{SHY}\nnetes") == "Kubernetes"


def test_ligatures_zero_width_and_non_breaking_characters_are_normalised():
    text = f"Pro\ufb01ciency in work\ufb02ows{ZW} and Post{ZW}greSQL,{NBSP}Python\u202fand\u2011more"
    assert text_repair.normalise_characters(text) == "Proficiency in workflows and PostgreSQL, Python and-more"


def test_soft_hyphen_date_ranges_count_as_years():
    text = f"Experience\nPlatform Engineer, Acme\nMar 2020 {SHY} Feb 2022\nSRE, Globex\n2022{SHY}Present"
    assert parse_text(text, today=TODAY).years_experience == pytest.approx(2.0 + 4.4, abs=0.2)


def test_doubled_strings_are_repaired_when_most_lines_are_doubled():
    lines = ["Experience", "Senior Site Reliability Engineer", "Initech", "Jan 2015 - Dec 2018",
             "Kubernetes, Terraform"]
    doubled = "\n".join(line + line for line in lines)
    repaired = text_repair.undouble(doubled)
    assert repaired.splitlines() == lines
    parsed = parse_text(doubled, today=TODAY)
    assert parsed.years_experience == 4.0
    assert {"Kubernetes", "Terraform"} <= set(parsed.skills)


def test_a_single_repeated_phrase_in_ordinary_text_is_left_alone():
    text = "Go Go Gadget\nBuilt APIs in Python\nLed a team of five engineers\nShipped weekly"
    assert text_repair.undouble(text) == text


def test_one_word_per_line_is_detected_and_lines_are_rebuilt():
    prose = ("Experience: Data Engineer at Umbrella, March 2019 - Present. Built pipelines with Airflow and dbt. "
             "Skills: Python, SQL, Snowflake and Looker for reporting across four teams. Mentored two analysts "
             "and ran the weekly data quality review with product and finance.")
    one_per_line = "\n".join(prose.split())
    assert text_repair.one_word_per_line(one_per_line)
    assert not text_repair.one_word_per_line(prose)
    rebuilt = text_repair.join_single_words(one_per_line)
    assert "March 2019 - Present." in rebuilt
    parsed = parse_text(one_per_line, today=TODAY)
    assert {"Apache Airflow", "dbt", "Python", "SQL", "Snowflake"} <= set(parsed.skills)
    assert parsed.years_experience == pytest.approx(7.7, abs=0.1)


def test_glued_words_are_degenerate_and_ordinary_text_is_not():
    glued = " ".join(["Builtdataplatformsforthreeteams", "MigratedservicestoKubernetes", "and", "more"] * 40)
    assert text_repair.glued_words(glued)
    assert text_repair.degenerate(glued)
    assert not text_repair.degenerate("Built data platforms for three teams. " * 40)


def _pdf_words_without_spaces(words: list[str]) -> bytes:
    """A page whose words are placed one by one with no space character between them (kerning-placed text)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    y = 800
    for row in range(0, len(words), 6):
        x = 50
        for word in words[row:row + 6]:
            c.setFont("Helvetica", 11)
            c.drawString(x, y, word)
            x += c.stringWidth(word, "Helvetica", 11) + 4  # a visible gap, but no space glyph
        y -= 16
    c.save()
    return buffer.getvalue()


def test_a_pdf_whose_words_are_placed_one_by_one_reads_as_lines_not_one_word_per_line():
    # pypdf reads such a page (Google Docs exports do the same) as one word per line; the fallback reads lines.
    words = ("Platform Engineer at Initech from March 2019 to Present building services with Kubernetes "
             "Terraform and Python for payments teams across Europe").split() * 8
    extracted = extract_text(_pdf_words_without_spaces(words))
    assert not text_repair.degenerate(extracted.text)
    parsed = parse_resume(_pdf_words_without_spaces(words), today=TODAY)
    assert {"Kubernetes", "Terraform", "Python"} <= set(parsed.skills)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("06/15 - Now", 12 * 11 + 6),  # MM/YY: Jun 2015 .. Nov 2026
        ("09-18 - Now", 12 * 8 + 3),  # two-digit years with hyphens
        ("12-04 - 01-09", 12 * 4 + 2),  # Dec 2004 .. Jan 2009
        ("(17/03/2016 - 30/06/2018)", 28),  # DD/MM/YYYY in brackets
        ("2019/03 - 2021/02", 24),  # YYYY/MM
        ("03/2016 - 08/2018", 30),  # MM/YYYY
        ("Sept '17 - present", 12 * 9 + 3),  # Sep 2017 .. Nov 2026
        ("September 2017 – Current", 12 * 9 + 3),
        ("Summer 2012 - Fall 2013", 6),  # Jun 2012 .. Nov 2013 = 18 months; see below
        ("Jan 2020 - today", 12 * 6 + 11),
        ("März 2019 – Okt. 2020", 20),  # German month names
        ("2014 to 2016", 24),  # bare years: July to June
        ("2016 - 2016", 12),  # a range within one year: January to December
        ("June - August 2015", 3),  # the start month shares the end's year
        ("Nov - Feb 2020", 4),  # ... or the year before
    ],
)
def test_date_ranges_in_every_common_shape(text, months):
    spans = find_spans(text, TODAY)
    assert len(spans) == 1, text
    expected = 18 if text.startswith("Summer") else months
    assert spans[0].months == expected, text


@pytest.mark.parametrize(
    "context",
    ["Software Engineering Intern, Acme", "Research Assistant, Dept. of Physics", "Teaching Assistant (TA)",
     "Volunteer, Food Bank", "B.Sc. Computer Science, State University", "Summer Internship at Globex"],
)
def test_only_work_positions_count(context):
    text = f"Backend Engineer, Initech\nJan 2020 - Dec 2021\n\n{context}\nJan 2016 - Dec 2018"
    assert years_of_experience(text, TODAY) == 2.0


def test_an_employer_that_is_a_school_still_counts():
    assert years_of_experience("IT Administrator, Riverside High School\nJan 2018 - Dec 2019", TODAY) == 2.0


def test_overlapping_positions_count_once_and_nothing_counts_outside_the_page_s_bounds():
    text = "Lead, Acme\nJan 2018 - Dec 2020\nAdvisor, Globex\nJun 2019 - Jun 2021"
    assert years_of_experience(text, TODAY) == 3.5
    assert years_of_experience("Engineer\n1901 - 2020", TODAY) is None  # before any plausible career
    assert years_of_experience("Engineer\nJan 2030 - Present", TODAY) is None  # starts in the future


def test_a_lone_year_is_a_position_only_on_a_short_line_of_its_own():
    assert years_of_experience("Marketing Coordinator, Acme 2019", TODAY) == 1.0
    assert years_of_experience("• Won the regional award in 2019 for 40% growth", TODAY) is None
    assert years_of_experience("Engineer, Acme\nOct 2019 — Sept\n2022", TODAY) == 3.0  # the year ends a range


def test_seniority_comes_from_titles_when_years_are_unknown():
    undated = parse_text("Experience\nPrincipal Site Reliability Engineer\nAcme Corp\nKubernetes, Go", today=TODAY)
    assert undated.years_experience is None
    assert undated.seniority == "lead"
    plain = parse_text("Experience\nPlatform Engineer\nAcme Corp\nKubernetes, Terraform", today=TODAY)
    assert plain.seniority == "mid"  # never "junior" only because no dates were found


def test_the_most_recent_levelled_position_decides_seniority():
    text = ("Experience\nSenior Engineer, Acme\nJan 2021 - Present\n"
            "Team Lead, Globex\nJan 2015 - Dec 2020\nJunior Developer, Initech\nJan 2012 - Dec 2014")
    parsed = parse_text(text, today=TODAY)
    assert parsed.level_hints[:2] == ["senior", "lead"]
    assert parsed.seniority == "senior"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Engineer\nJan 2019 - Present\n" * 4000, 7.9),  # thousands of ranges and lines, counted once
        ("ab" * 50_000, None),  # one 100 KB line that looks doubled: too long to be checked, left alone
        ("Go Rust Swift " * 7000, None),  # every word ambiguous
        ("\n".join(["word"] * 50_000), None),  # one word per line, at the size limit
        ("2019\n" * 20_000, None),  # a year per line reads as one-word-per-line text, rejoined: no lone year
    ],
)
def test_repairs_and_dates_stay_linear_on_hostile_text(text, years):
    # The extractor caps text at 100 000 characters; every repair and date scan must stay linear up to there.
    parsed = parse_text(text[:100_000], today=TODAY)
    assert parsed.years_experience == years


def test_a_wrapped_course_list_in_the_education_section_is_studies_not_skills():
    text = ("Experience\nData Engineer, Acme\nJan 2020 - Present\nBuilt pipelines in Python and Airflow.\n"
            "Education\nMSc, Statistics\nNorthwood University, 2019\n"
            "Relevant Coursework: Machine Learning, Data\nWarehousing, Time Series Analysis, Relational\n"
            "Databases, Intro. SAS\nMinors: Algorithms, Cryptography\n"
            "Main subjects: Network Security and\nSoftware Architecture.\nFinal grade: 3.5")
    found = parse_text(text, today=TODAY).skills
    assert "Python" in found
    for course in ("Time Series Analysis", "SAS", "Algorithms", "Network Security", "System Design"):
        assert course not in found


def test_a_skills_list_after_the_courses_still_counts():
    text = ("Education\nBSc Computer Science, Lakeside College, 2018\nCoursework: Compilers, Operating Systems.\n"
            "Final grade: 3.8\nTools: Docker, Terraform, PostgreSQL")
    assert {"Docker", "Terraform", "PostgreSQL"} <= set(parse_text(text, today=TODAY).skills)
