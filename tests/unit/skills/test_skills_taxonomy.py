"""The shared skills taxonomy: size, shape, and matching with real word boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobfeed import skills

CORE_CATEGORIES = {"languages", "frameworks", "databases", "cloud", "devops", "data_ml", "mobile", "testing",
                   "security", "soft_skills", "domains", "gis", "healthcare", "marketing", "office", "business"}


def test_taxonomy_is_package_data_next_to_the_module_and_is_loaded_once():
    assert skills.TAXONOMY_PATH == Path(skills.__file__).parent / "taxonomy" / "skills.json"
    assert skills.TAXONOMY_PATH.is_file()
    assert skills.load_taxonomy() is skills.load_taxonomy()


def test_taxonomy_has_thousands_of_skills_across_professions_each_with_a_category_and_a_spelling():
    tax = skills.load_taxonomy()
    assert len(tax.skills) >= 5000
    assert CORE_CATEGORIES <= {s.category for s in tax.skills.values()}
    assert [s.name for s in tax.skills.values() if not s.category or not (s.aliases or s.cased)] == []
    # Other professions than software: GIS, marketing, nursing, analysts.
    assert {"ArcGIS", "HubSpot", "QGIS", "Marketo", "Power Query"} <= {
        n for n in skills.normalize_skills(["ArcGIS", "HubSpot", "QGIS", "Marketo", "Power Query"])} | {
        n for n in ("ArcGIS", "HubSpot", "QGIS", "Marketo", "Power Query") if skills.canonical_key(n) != n.casefold()}


def test_no_spelling_belongs_to_two_skills():
    owners: dict[str, set[str]] = {}
    for skill in skills.load_taxonomy().skills.values():
        for spelling in (skill.name, *skill.aliases, *skill.cased):
            owners.setdefault(skills._key(spelling), set()).add(skill.name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Backend services in Go and Rust", {"Go", "Rust"}, set()),
        ("I go to meetups and let things go.", set(), {"Go"}),
        ("Google Cloud and Golang", {"Google Cloud", "Go"}, set()),
        ("C, C++, C# and .NET", {"C", "C++", "C#", ".NET"}, set()),
        ("Raised a Series C round", set(), {"C"}),
        ("ASP.NET Core on Azure", {"ASP.NET", "Azure"}, {".NET"}),
        ("Node.js, NodeJS and node pools", {"Node.js"}, set()),
        ("k8s and kubectl", {"Kubernetes"}, set()),
        ("Postgres 14 with PostGIS", {"PostgreSQL"}, set()),
        ("Spring Boot microservices", {"Spring Boot", "Microservices"}, {"Spring"}),
        ("Hackathon in Spring 2021", set(), {"Spring"}),
        ("We react quickly; built in React", {"React"}, set()),
        ("Languages: Python, R, SQL", {"Python", "R", "SQL"}, set()),
        ("R&D department", set(), {"R"}),
        ("JavaScript and TypeScript", {"JavaScript", "TypeScript"}, {"Java"}),
        ("Objective C and T-SQL and TSQL", {"Objective-C", "T-SQL"}, set()),
        ("mail me at dev@react.io or see https://github.com/me/kafka-tools", set(), {"React", "Apache Kafka"}),
        ("scikit learn, sklearn and PySpark", {"scikit-learn", "Apache Spark"}, set()),
        ("CI/CD with GitHub Actions", {"CI/CD", "GitHub Actions"}, {"GitHub"}),
    ],
)
def test_find_skills_respects_word_boundaries_and_case(text, present, absent):
    found = set(skills.find_skills(text))
    assert present <= found
    assert not (absent & found)


def test_find_skills_keeps_first_mention_order_without_duplicates():
    assert skills.find_skills("Python, Django, python3, AWS, Python") == ["Python", "Django", "AWS"]


def test_normalize_skills_maps_typed_names_and_drops_unknown_ones():
    typed = ["go", "react", "Python/Django", "K8S", "postgres", "zorblax juggling", "c#", ".net", "Go"]
    assert skills.normalize_skills(typed) == ["Go", "React", "Python", "Django", "Kubernetes", "PostgreSQL", "C#",
                                              ".NET"]


def test_categorize_groups_by_category_and_keeps_unknowns_visible():
    assert skills.categorize(["Python", "AWS", "Go", "Nonsense"]) == {
        "languages": ["Python", "Go"], "cloud": ["AWS"], "other": ["Nonsense"]}
    assert skills.category_of("Kubernetes") == "devops"


def test_find_skills_is_bounded_on_a_hostile_single_word():
    import time

    started = time.perf_counter()
    skills.find_skills("x" * 100_000 + "@" + "y" * 1000)
    assert time.perf_counter() - started < 3.0


def test_an_industry_named_as_an_employer_s_or_clients_trade_is_context_on_a_resume():
    prose = "Founding engineer at two fintech companies; consulting for B2B SaaS startups and retail clients."
    assert {"FinTech", "SaaS"}.isdisjoint(skills.find_skills(prose))
    # Claimed as a domain in a list it counts, and a posting's text keeps its wider reading.
    assert {"FinTech", "SaaS"} <= set(skills.find_skills("Domains: FinTech, SaaS, payments"))
    assert "FinTech" in skills.find_skills("Experience at fintech companies is a plus.", vocabulary="posting")


def test_an_organisation_named_after_a_technology_is_context_on_a_resume():
    assert "Linux" not in skills.find_skills("Certified Widget Administrator, The Linux Foundation, 2021")
    assert "Linux" in skills.find_skills("Administered Linux servers and the Linux Foundation's training labs.")


def test_an_ambiguous_word_after_another_vendor_s_name_is_that_vendor_s_product():
    assert "Apex" not in skills.find_skills("Streaming: Kafka, Apache Apex, Flink")
    assert "Apex" in skills.find_skills("Salesforce development: Apex, Visualforce, SOQL")


def test_a_repository_slug_is_a_name_not_a_skill_on_a_resume():
    text = "Projects\nsomeone/github-events-warehouse-loader\nA loader written in Python."
    assert skills.find_skills(text) == ["Python"]
    assert "GitHub" in skills.find_skills("Hosted on GitHub, built with Python.")


def test_a_list_printed_one_item_per_line_is_not_read_as_one_product_across_the_line_break():
    found = skills.find_skills("Stack\nReact\nRedux\nrancher\nkubernetes\nterraform")
    assert {"React", "Redux", "Rancher", "Kubernetes"} <= set(found)
    assert "React Redux" not in found
    # A name wrapped inside prose still reads as one.
    assert "Machine Learning" in skills.find_skills("Built machine\nlearning models for ranking.")
    # A comma list wrapped inside one item keeps the item whole.
    assert "SQL" not in skills.find_skills("Skills\ndata modeling, ETL, Spark\nSQL, Kafka")
