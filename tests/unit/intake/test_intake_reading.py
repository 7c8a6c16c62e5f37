"""What Intake reads from a posting's words: sections, seniority and years, work mode and places, pay."""

from __future__ import annotations

import pytest

from job_intake import experience, salary, workplace
from job_intake.html_text import TooDeep, blocks_from_html, blocks_from_text
from job_intake.requirements import skills_from
from job_intake.sections import section_of


@pytest.mark.parametrize(("heading", "section"), [
    ("Requirements", "required"), ("What you'll need", "required"), ("Qualifications", "required"),
    ("What We Require", "required"), ("Profil", "required"), ("Votre profil", "required"),
    ("Dein Profil", "required"), ("About you", "required"), ("Nice to have", "nice"), ("Bonus points", "nice"),
    ("Preferred qualifications", "nice"), ("What we value", "nice"), ("Wünschenswert", "nice"),
    ("Technologies we use", "context"), ("Benefits", "context"), ("About Acme", "context"),
    ("Responsibilities", "duties"), ("Vos missions", "duties"), ("Deine Aufgaben", "duties"),
    ("About the role", "duties"), ("Our office dog", "unknown"),
    # Less usual headings, English, French, German and Spanish.
    ("Das bringst du mit", "required"), ("Was wir erwarten", "required"), ("Ce que tu apporteras", "required"),
    ("Qui es-tu ?", "required"), ("Who are you?", "required"), ("Why join us?", "context"),
    ("You might be a fit if", "required"), ("Your background", "required"), ("Tu perfil", "required"),
    ("Even better if you have", "nice"), ("Extra points", "nice"), ("Vos responsabilités", "duties"),
    ("Your mission", "duties"), ("Our mission", "context"), ("Stack technique", "context"),
    ("Unser Tech-Stack", "context"), ("Environnement technique", "context"),
])
def test_headings_name_their_section(heading: str, section: str) -> None:
    assert section_of(heading) == section


def test_hedges_inside_a_requirement_make_a_skill_a_plus() -> None:
    read = skills_from(blocks_from_text("Requirements:\n- Python and SQL\n- Kafka is a plus\n- Ideally Rust"))
    assert (read.required, read.nice) == (["Python", "SQL"], ["Apache Kafka", "Rust"])


def test_a_bracketed_hedge_with_its_own_subject_hedges_only_that_subject() -> None:
    text = ("Requirements:\n- Manage vendors according to SLAs (prior retail contacts a plus)\n"
            "- Terraform (preferred)\n- Kotlin (strongly preferred)")
    read = skills_from(blocks_from_text(text))
    assert (read.required, read.nice) == (["Vendor Management", "SLA Management"], ["Terraform", "Kotlin"])


def test_a_role_summary_in_an_untitled_intro_is_a_duty_but_the_company_blurb_is_not() -> None:
    text = ("Founded in 2009, we build Kubernetes tooling for farms.\n"
            "The successful candidate will be responsible for procurement across three regions.\n"
            "Requirements:\n- Python")
    read = skills_from(blocks_from_text(text))
    assert (read.required, read.nice) == (["Python", "Procurement"], [])


def test_methods_written_as_verbs_are_read() -> None:
    text = ("Requirements:\n- Able to design experiments and set up drift monitoring for models in production\n"
            "- Prospect new accounts and negotiate terms with buyers\n- Building data models for a warehouse\n"
            "- Comfortable tuning performance of hot code paths")
    read = skills_from(blocks_from_text(text))
    assert {"Experimental Design", "Model Monitoring", "Prospecting", "Negotiation", "Data Modeling",
            "Performance Tuning"} <= set(read.required)


@pytest.mark.parametrize("hedged", [
    "Familiarity with Kafka is beneficial", "Exposure to Kafka is an asset", "Kafka knowledge is helpful",
    "Kafka (optional)", "Kafka is a strong advantage", "Extra points for Kafka", "Kafka is not required but helpful",
    "Des connaissances en Kafka sont appréciées", "Kafka-Kenntnisse sind ein Pluspunkt",
])
def test_more_hedge_phrasings_make_a_skill_a_plus(hedged: str) -> None:
    read = skills_from(blocks_from_text(f"Requirements:\n- Python\n- {hedged}"))
    assert (read.required, read.nice) == (["Python"], ["Apache Kafka"])


def test_asset_and_advantage_as_plain_words_are_not_hedges() -> None:
    text = "Requirements:\n- Kafka for an asset management firm\n- Take advantage of Python tooling"
    assert skills_from(blocks_from_text(text)).nice == []


def test_a_requirement_outranks_the_same_skill_elsewhere() -> None:
    text = ("Responsibilities:\n- Write Angular apps\nRequirements:\n- TypeScript\n"
            "Nice to have:\n- Angular\n- TypeScript")
    read = skills_from(blocks_from_text(text))
    assert (read.required, read.nice) == (["TypeScript"], ["Angular"])


def test_without_sections_every_sentence_counts() -> None:
    read = skills_from(blocks_from_text("We need a Python developer. Experience with Go is a plus."))
    assert (read.required, read.nice) == (["Python"], ["Go"])


def test_soft_skills_are_not_posting_skills() -> None:
    read = skills_from(blocks_from_text("Requirements:\n- Excellent communication and teamwork\n- Python"))
    assert read.required == ["Python"]


def test_bold_paragraphs_and_trailing_colons_are_headings() -> None:
    blocks = blocks_from_html("<p><b>Nice to have</b></p><p>Go</p><p>What we offer:</p><p>Python lunches</p>")
    assert [b.kind for b in blocks] == ["heading", "para", "heading", "para"]
    assert (skills_from(blocks).required, skills_from(blocks).nice) == ([], ["Go"])


@pytest.mark.parametrize("markup", [
    "<ul><li><strong>Requirements</strong></li><li>Python</li></ul><ul><li><b>Bonus</b></li><li>Rust</li>"
    "<li><b>Perks</b></li><li>Free Java lessons</li></ul>",
    "<p><u>Requirements</u></p><p>Python</p><p><u>Bonus</u></p><p>Rust</p><p><u>Perks</u></p><p>Java lessons</p>",
    '<p><span style="font-weight: 700">Requirements</span></p><ul><li>Python</li></ul>'
    '<p><span style="font-weight:bold">Bonus</span></p><ul><li>Rust</li></ul>'
    '<p><span style="FONT-WEIGHT:600">Perks</span></p><ul><li>Java lessons</li></ul>',
])
def test_headings_marked_up_as_bold_items_underlines_or_bold_spans(markup: str) -> None:
    read = skills_from(blocks_from_html(markup))
    assert (read.required, read.nice) == (["Python"], ["Rust"])


def test_a_bold_item_that_names_a_skill_stays_an_item() -> None:
    blocks = blocks_from_html("<h3>Requirements</h3><ul><li><b>Strong Python skills</b></li><li><b>Go</b></li></ul>")
    assert [b.kind for b in blocks] == ["heading", "item", "item"]


def test_nested_html_is_read_without_recursion_and_too_deep_is_refused_before_parsing() -> None:
    nested = "<div>" * 900 + "<p>Python</p>" + "</div>" * 900
    assert [b.text for b in blocks_from_html(nested)] == ["Python"]
    with pytest.raises(TooDeep, match="nested more than"):
        blocks_from_html("<div>" * 50_000 + "<p>Python</p>" + "</div>" * 50_000)


@pytest.mark.parametrize(("title", "text", "years", "level"), [
    ("Backend Engineer", "5+ years of experience with Go.", 5, "senior"),
    ("Engineer (2-8 YOE)", "", 2, "mid"),
    ("Analyst", "At least three years of professional experience in finance.", 3, "mid"),
    ("Data Scientist", "5+ years in data science, with at least 2 years of experience in fraud.", 5, "senior"),
    ("Buyer", "4 years of buying experience. Without a degree, 7 years of experience are required.", 4, "mid"),
    ("Staff Engineer", "2 years of experience", 2, "lead"), ("Software Engineering Intern", "", None, "junior"),
    ("Postdoc in ecology", "", None, "junior"), ("Développeur confirmé", "", None, "senior"),
    ("Projektleiter", "Mindestens 6 Jahre Erfahrung.", 6, "lead"),
    ("Account Executive", "6+ years of sales experience", 6, "senior"),
    ("Engineer", "We were founded 12 years ago.", None, None),
    ("Engineer", "7+ yrs exp in Python", 7, "senior"), ("New Grad Software Engineer", "", None, "junior"),
])
def test_years_and_seniority(title: str, text: str, years: int | None, level: str | None) -> None:
    found = experience.min_years(title, text)
    assert (found, experience.seniority(title, found)) == (years, level)


@pytest.mark.parametrize(("structured", "places", "text", "mode"), [
    ("Hybrid", [], "fully remote", "hybrid"), ("unspecified-value", ["Remote - EU"], "", "remote"),
    (None, [], "We work hybrid, 3 days in our Berlin office.", "hybrid"), (None, [], "Apply now. #LI-Hybrid", "hybrid"),
    (None, [], "This role is remote (US only).", "remote"), (None, [], "The job is on-site in Lyon.", "onsite"),
    (None, [], "Build hybrid rule-ML systems.", None), (None, ["Berlin"], "Our office is in Berlin.", None),
])
def test_work_mode(structured: str | None, places: list[str], text: str, mode: str | None) -> None:
    assert workplace.work_mode(structured, places, text) == mode


@pytest.mark.parametrize(("text", "codes"), [
    ("This role is remote (US only).", ["US"]), ("You must be based in Germany.", ["DE"]),
    ("Remote - United Kingdom\n", ["GB"]), ("Anywhere in Canada.", ["CA"]), ("Work from our Oslo office.", []),
])
def test_remote_restrictions_are_country_codes(text: str, codes: list[str]) -> None:
    assert workplace.restriction_from_text([], text) == codes


@pytest.mark.parametrize(("text", "expected"), [
    ("Pay: €61.000—€72.000 EUR", (61000, 72000, "EUR", "year")),
    ("$135,000 - $200,000/year", (135000, 200000, "USD", "year")),
    ("between 45k and 60k", None), ("£40k - £55k per annum", (40000, 55000, "GBP", "year")),
    ("CHF 5'000", None), ("2-3 days a week, 2019-2021", None), ("$25 - $32 per hour", (25, 32, "USD", "hour")),
    ("3000 - 3500 EUR par mois", (3000, 3500, "EUR", "month")),
])
def test_salary_from_text(text: str, expected: tuple[int, int, str, str] | None) -> None:
    found = salary.from_text(text)
    assert (found and (found.minimum, found.maximum, found.currency, found.period)) == expected


def test_structured_salary_placeholders_are_ignored() -> None:
    assert salary.make("0", "0", "USD", "year") is None
    assert salary.make("1e999999", None, "USD", "year") is None
    assert salary.make(2000, 2000, "eur", "month").yearly() == (24000, 24000)  # type: ignore[union-attr]
