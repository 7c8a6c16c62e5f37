"""Skills read from postings of every trade: the failure classes found on real postings, each on text written
here (never a real posting's words)."""

from __future__ import annotations

import pytest

from job_intake.html_text import blocks_from_html, blocks_from_text
from job_intake.requirements import skills_from
from job_intake.sections import section_of, sectioned
from jobfeed import skills


def _read(text: str, title: str = "") -> tuple[list[str], list[str]]:
    read = skills_from(blocks_from_text(text), title)
    return read.required, read.nice


def test_postings_search_fields_of_knowledge_that_resumes_do_not() -> None:
    text = "Requirements:\n- Solid grounding in risk management and quality assurance"
    assert {"Risk management", "Quality Assurance"} <= set(skills.find_skills(text, vocabulary="posting"))
    assert "Risk management" not in skills.find_skills(text)  # a resume keeps the narrower vocabulary


def test_the_posting_vocabulary_keeps_its_guards() -> None:
    # One-word ESCO fields are prose ("pregnancy, childbirth"); a field after a degree is what was studied.
    assert skills.find_skills("sex (including pregnancy, childbirth)", vocabulary="posting") == []
    assert "Computer science" not in skills.find_skills("BSc degree in computer science or similar",
                                                        vocabulary="posting")


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Account Executive", "Requirements:\n- B2B sales experience and account management\n"
     "- Prospecting, lead qualification and closing deals across the full sales cycle",
     {"B2B Sales", "Account Management", "Prospecting", "Lead Qualification", "Deal Closing", "Full-Cycle Sales"}),
    ("Buyer", "What you'll need:\n- Category management and retail buying for a home department\n"
     "- Inventory management, replenishment and promotional planning\n- Supplier relationship management",
     {"Category Management", "Retail Buying", "Inventory Management", "Stock Replenishment",
      "Promotions Planning", "Supplier Relationship Management"}),
    ("Agent de sécurité", "Profil:\n- Contrôle d'accès et vidéosurveillance\n- Rondes de surveillance\n"
     "- Gestion des situations d'urgence et évacuation\n- Rédaction de rapports d'incident",
     {"Access Control", "CCTV", "Security Patrols", "Emergency Response", "Evacuation Procedures",
      "Incident Reporting"}),
    ("Marketing Manager", "Who you are:\n- Demand generation, ABM and event marketing\n"
     "- Marketing analytics: campaign performance and ROI",
     {"Demand Generation", "Account-Based Marketing", "Event Marketing", "Marketing Analytics"}),
    ("Tester", "Requirements:\n- API testing, test case design and a test strategy\n- Bug reporting with clear steps",
     {"API Testing", "Test Case Design", "Test Strategy", "Bug Reporting"}),
    ("Platform Engineer", "Requirements:\n- Observability, alerting and incident management\n"
     "- Code reviews and refactoring\n- Stream processing and batch processing on a data lake",
     {"Observability", "Alerting", "Incident Management", "Code Review", "Refactoring", "Stream Processing",
      "Batch Processing", "Data Lakes"}),
    ("Lab Technician", "Requirements:\n- Cell culture and qPCR\n- Field work and lab safety",
     {"Cell Culture", "PCR", "Field Work", "Lab Safety"}),
    ("Warehouse Lead", "Requirements:\n- Warehouse management, forklift operation\n- Health and safety, payroll",
     {"Warehouse Management", "Forklift Operation", "Health and Safety", "Payroll"}),
])
def test_professional_skills_of_common_trades_are_read(title: str, text: str, expected: set[str]) -> None:
    required, _ = _read(text, title)
    assert expected <= set(required)


def test_profession_words_are_posting_only_so_resumes_keep_their_vocabulary() -> None:
    line = "Monitoring of stock levels; prospecting"
    assert skills.find_skills(line) == []
    assert {"Monitoring", "Inventory Management", "Prospecting"} <= set(skills.find_skills(line, vocabulary="posting"))


def test_plural_and_verb_forms_of_a_skill_are_one_skill() -> None:
    found = skills.find_skills("test strategies, reverse proxies, load balancers, code reviews, report bugs",
                               vocabulary="posting")
    assert found == ["Test Strategy", "Reverse Proxies", "Load Balancing", "Code Review", "Bug Reporting"]


def test_typed_names_resolve_versions_and_later_and_posting_words() -> None:
    assert skills.normalize_skills(["ES6+", "Angular 2+", "cloud providers", "B2B sales"]) == [
        "JavaScript", "Angular", "Cloud Computing", "B2B Sales"]


def test_an_acronym_of_a_longer_product_name_counts_only_in_capitals() -> None:
    # O*NET's "Large eddy simulation LES": French "les" is an article.
    assert skills.find_skills("Participer à les projets, les outils", vocabulary="posting") == []
    assert "Large eddy simulation LES" in skills.find_skills("Tools: LES, Python")


def test_sub_headings_inside_the_duties_are_still_duties() -> None:
    html = ("<h3>Responsibilities</h3><h4>Model building</h4><ul><li>Anomaly detection for payments</li></ul>"
            "<h4>Our Commitment To Inclusion</h4><p>We welcome everyone</p>")
    blocks = blocks_from_html(html)
    assert [section for section, _ in sectioned(blocks)] == ["duties", "context"]
    assert skills_from(blocks).required == ["Anomaly Detection"]


@pytest.mark.parametrize("heading", ["Why join us?", "Our values", "The Pledge", "Stay safe from job scams"])
def test_company_asides_are_context(heading: str) -> None:
    assert section_of(heading) == "context"


def test_a_leading_hedge_hedges_only_what_follows_it() -> None:
    required, nice = _read("Requirements:\n- 5+ years of B2B marketing, preferably with Salesforce")
    assert required == ["B2B Marketing"] and nice == ["Salesforce"]


def test_a_bracketed_hedge_with_its_own_skills_hedges_only_them() -> None:
    required, nice = _read("Requirements:\n- Supplier relationship management (Tableau a plus)\n- MySQL (preferred)")
    assert required == ["Supplier Relationship Management"]
    assert nice == ["Tableau", "MySQL"]


def test_methods_filed_with_soft_skills_count_but_attitudes_do_not() -> None:
    required, _ = _read("Requirements:\n- Agile and Scrum, project management, negotiation\n- Great communication")
    assert required == ["Agile", "Scrum", "Project Management", "Negotiation"]


def test_the_trade_the_title_names_is_required() -> None:
    required, _ = _read("Requirements:\n- Python", "Senior DevOps Engineer")
    assert required == ["DevOps", "Python"]


def test_an_ambiguous_word_counts_when_it_names_a_practice() -> None:
    assert skills.find_skills("Spreading DevOps practices to clients") == ["DevOps"]
    assert skills.find_skills("Diffusion des bonnes pratiques DevOps") == ["DevOps"]


def test_a_phrase_also_counts_in_the_plural_but_a_single_word_does_not() -> None:
    assert skills.find_skills("Experience with distributed systems and Spring Boots", vocabulary="posting") == [
        "Distributed Systems", "Spring Boot"]
    assert skills.find_skills("anomaly detections", vocabulary="posting") == ["Anomaly Detection"]
    assert skills.find_skills("Tools: Pythons, Rusts") == []
