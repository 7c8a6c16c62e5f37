"""tools/build_taxonomy.py: the committed taxonomy is what the generator makes, and our curated rules hold in it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jobfeed import skills
from tools import build_taxonomy

# The published sources are not in the repository: the check runs where JOBFEED_TAXONOMY_SOURCES names them
# (and in `make bench`, which reports it).
SOURCES = Path(os.environ.get(build_taxonomy.SOURCE_ENV, "/nonexistent"))


@pytest.mark.skipif(not (SOURCES / "onet").is_dir(), reason="JOBFEED_TAXONOMY_SOURCES (O*NET/ESCO) not set")
def test_committed_taxonomy_equals_a_regenerated_one():
    regenerated = build_taxonomy.render(build_taxonomy.build(SOURCES))
    assert regenerated == skills.TAXONOMY_PATH.read_text(encoding="utf-8"), "run: python tools/build_taxonomy.py"


def test_taxonomy_file_is_compact_and_names_its_sources():
    data = json.loads(skills.TAXONOMY_PATH.read_text(encoding="utf-8"))
    assert skills.TAXONOMY_PATH.stat().st_size < 3 * 1024 * 1024
    assert data["sources"] == ["ours", "O*NET 29.2", "ESCO v1.1.1"]
    assert {s.get("s", "ours") for s in data["skills"]} == {"ours", "onet", "esco"}
    names = [s["n"] for s in data["skills"]]
    assert names == sorted(names, key=lambda n: n.casefold() + "\0" + n), "sorted, so regenerating is stable"


@pytest.mark.parametrize("word", ["Go", "Make", "Access", "Word", "Excel", "Spark", "Swift", "Rust", "Chef", "Puppet"])
def test_common_words_that_are_skills_need_context(word):
    prose = f"{word} ahead and see the results of the effort."
    assert skills.find_skills(prose) == []
    assert skills.find_skills(word.lower() + " with python") == ["Python"]
    found = skills.find_skills(f"Tools: Python, {word}, Docker")
    assert len(found) == 3, found


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Built services in Go and Python", "Go"),
        ("Reports in Excel and Power BI", "Excel"),
        ("Jobs on Spark with Hadoop", "Apache Spark"),
        ("Wrote the docs in Word with Visio", "Microsoft Word"),
    ],
)
def test_an_ambiguous_word_counts_next_to_another_skill_on_the_same_line(text, skill):
    assert skill in skills.find_skills(text)


def test_an_ambiguous_word_alone_on_its_line_does_not_borrow_context_from_the_next_line():
    assert "Go" not in skills.find_skills("Go further than expected\nPython, Docker")


def test_aliases_resolve_to_one_canonical_name():
    assert skills.normalize_skills(["k8s", "Postgres", "GCP", "golang", "MS Excel", "ArcMap"]) == [
        "Kubernetes", "PostgreSQL", "Google Cloud", "Go", "Excel", "ArcGIS"]


def test_soft_skills_are_a_category_of_their_own_and_never_technical():
    found = skills.find_skills("Strong communication skills and team player; Python, SQL")
    assert "Communication" in found and "Python" in found
    assert [s for s in found if not skills.is_technical(s)] == ["Communication", "Teamwork"]
    assert skills.category_of("Communication") == skills.SOFT_SKILLS
    assert skills.is_technical("Python")


def test_skills_from_other_professions_are_known():
    typed = ["ArcGIS", "QGIS", "HubSpot", "Marketo", "Tableau", "Epic Systems", "AutoCAD", "QuickBooks"]
    assert len(skills.normalize_skills(typed)) == len(typed)
    assert {skills.category_of(n) for n in skills.normalize_skills(["ArcGIS", "HubSpot"])} == {"gis", "marketing"}


def test_a_product_name_made_of_everyday_words_is_not_matched_by_its_words():
    # O*NET lists products such as "LINDO Systems LINDO API": "API" alone must not become that product.
    assert skills.find_skills("We designed a public API and a fast layer for the chat.") == []


def test_every_category_has_a_whole_label_for_people():
    data = json.loads(skills.TAXONOMY_PATH.read_text(encoding="utf-8"))
    used = {s["c"] for s in data["skills"]}
    assert set(data["categories"]) == used
    # ESCO's long group names arrive whole (the generator once cut slugs at 40 characters).
    label = data["categories"]["communication_collaboration_and_creativity"]
    assert label == "Communication, collaboration and creativity"
    assert "communication_collaboration_and_creativi" not in used
    assert skills.category_label("languages") == "Programming languages"
    assert skills.category_label(skills.category_of("Kubernetes") or "") == "DevOps and infrastructure"


def test_slugs_are_never_cut_short():
    long_title = "Materials requirements planning logistics and supply chain software"
    assert build_taxonomy._slug(long_title) == "materials_requirements_planning_logistics_and_supply_chain"
    assert build_taxonomy._label(long_title) == "Materials requirements planning logistics and supply chain"
