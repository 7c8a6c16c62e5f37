"""Reading the formats job sources publish: each posting becomes our fields, with skills, seniority, years,
work mode, places and pay read from the structured fields first and the text second."""

from __future__ import annotations

import json
from typing import Any

import pytest

from job_intake.feeds import FeedError, Unreadable, rows
from job_intake.postings import validate
from job_intake.readers.draft import RowError
from job_intake.understanding import complete, draft_of
from tests.support.job_postings import (
    careers_page,
    graph_of,
    greenhouse_board,
    greenhouse_job,
    json_ld_posting,
    lever_french,
    lever_posting,
    with_raw_newlines,
)

JSON = "application/json"


def read(raw: Any, requested: str | None = None, company: str = "", page_url: str = "") -> tuple[dict, dict]:
    fields, summary = complete(draft_of(raw, requested, company, page_url))
    posting = validate(fields, 1)
    assert isinstance(posting, dict), posting
    return posting, summary


def test_a_greenhouse_board_is_read_posting_by_posting() -> None:
    numbered = rows(greenhouse_board(greenhouse_job(1), greenhouse_job(2)), JSON)
    posting, summary = read(numbered[0][1])

    assert [line for line, _ in numbered] == [1, 2]
    assert summary["format"] == "greenhouse" and summary["skills_from"] == "description"
    # The requirements first ("building backend services" is the trade), then what the duties name;
    # "preferred" makes Redis a plus.
    assert posting["required_skills"] == ["Backend Development", "PostgreSQL", "Python", "Docker", "Go", "Google Cloud"]
    assert posting["nice_skills"] == ["Redis", "GraphQL", "Rust"]
    assert "Kafka" not in posting["required_skills"] + posting["nice_skills"]  # the company's stack, not asked
    assert (posting["seniority"], posting["min_years"], posting["remote"]) == ("senior", 5, "hybrid")
    assert (posting["location"], posting["locations"]) == ("Oslo, Norway", ["Oslo, Norway", "Bergen, Norway"])
    assert summary["salary"] == {"min": 54000, "max": 66000, "currency": "EUR", "period": "year"}
    assert (posting["salary_min"], posting["salary_max"], posting["salary_currency"]) == (54000, 66000, "EUR")
    assert posting["company"] == "Fjordline" and posting["url"].endswith("/jobs/1")


def test_greenhouse_description_is_plain_text_without_scripts() -> None:
    posting, _ = read(greenhouse_job())
    assert "<" not in posting["description"] and "document.write" not in posting["description"]
    assert "Haskell" not in posting["required_skills"] + posting["nice_skills"]
    assert "What you'll need" in posting["description"]


def test_greenhouse_workplace_metadata_wins_over_the_text() -> None:
    metadata = [{"id": 1, "name": "Workplace Type", "value": "Remote", "value_type": "single_select"}]
    posting, summary = read(greenhouse_job(metadata=metadata))
    assert posting["remote"] == summary["work_mode"] == "remote"


def test_a_lever_posting_reads_lists_workplace_and_monthly_salary() -> None:
    [(_, raw)] = rows(json.dumps([lever_posting()]).encode(), JSON)
    posting, summary = read(raw, company="tidewater")

    assert summary["format"] == "lever" and posting["company"] == "tidewater"
    assert posting["required_skills"] == ["Python", "SQL", "Apache Airflow"]
    assert posting["nice_skills"] == ["Snowflake", "dbt"]
    assert (posting["remote"], posting["remote_countries"], posting["min_years"]) == ("remote", ["US"], 3)
    assert summary["salary"] == {"min": 9000, "max": 11000, "currency": "USD", "period": "month"}
    assert (posting["salary_min"], posting["salary_max"]) == (108000, 132000)  # JobPosted carries yearly pay
    assert posting["posted_at"].startswith("2026-01-01")


def test_lever_company_defaults_to_the_board_name_in_the_address() -> None:
    posting, _ = read(lever_posting())
    assert posting["company"] == "tidewater"


def test_a_french_profile_section_and_its_hedge() -> None:
    posting, summary = read(lever_french())
    assert posting["required_skills"] == ["Java", "Spring Boot", "PostgreSQL"]
    assert posting["nice_skills"] == ["Kotlin"]
    assert (posting["seniority"], posting["remote"]) == ("senior", "hybrid")
    assert summary["salary"] is None and posting["salary_min"] is None


def test_a_german_posting_in_our_own_shape_is_read_from_its_description() -> None:
    description = ("Über uns\nWir bauen Stellwerke.\nDeine Aufgaben:\n- Wartung der Java Dienste\n"
                   "Dein Profil:\n- Mindestens 4 Jahre Erfahrung mit C++\n- Kenntnisse in Python wünschenswert")
    raw = {"title": "Softwareentwickler", "company": "Gleiswerk", "location": "Kassel", "url": "https://g.example/1",
           "description": description}
    posting, summary = read(raw)
    assert (posting["required_skills"], posting["nice_skills"]) == (["C++", "Java"], ["Python"])
    assert (posting["min_years"], posting["seniority"], summary["work_mode"]) == (4, "mid", "unspecified")
    assert posting["remote"] == "onsite"


def test_explicit_lists_in_our_own_shape_win_over_the_description() -> None:
    raw = {"title": "Engineer", "company": "A", "location": "Oslo", "url": "https://a.example/1",
           "required_skills": ["Elixir"], "description": "Requirements:\n- Python\n- Go"}
    posting, summary = read(raw)
    assert (posting["required_skills"], posting["nice_skills"], summary["skills_from"]) == (["Elixir"], [], "posting")


def test_json_ld_with_raw_newlines_reads_structured_fields() -> None:
    document = json_ld_posting(description="<p>Keep our build farm fast.\nReally.</p><h3>Requirements</h3>"
                                           "<ul><li>Kubernetes</li></ul>")
    [(_, raw)] = rows(with_raw_newlines(document), JSON)
    posting, summary = read(raw)

    assert summary["format"] == "jsonld"
    assert posting["required_skills"] == ["Go", "Linux", "Kubernetes"]  # the posting's own list first
    assert (posting["remote"], posting["location"], posting["remote_countries"]) == ("remote", "Remote", ["CA", "US"])
    assert (posting["min_years"], posting["salary_currency"], posting["salary_min"]) == (4, "CAD", 120000)
    assert posting["expires_at"].startswith("2026-05-10") and posting["company"] == "Quillmate"


def test_json_ld_placeholder_salary_gives_way_to_the_text() -> None:
    placeholder = {"@type": "MonetaryAmount", "currency": "USD",
                   "value": {"@type": "QuantitativeValue", "minValue": "0", "maxValue": "0", "unitText": "YEAR"}}
    raw = json_ld_posting(baseSalary=placeholder, description="<p>Base salary $140,000 - $175,000 per year.</p>")
    _, summary = read(raw)
    assert summary["salary"] == {"min": 140000, "max": 175000, "currency": "USD", "period": "year"}


def test_a_list_of_all_countries_is_no_restriction() -> None:
    import pycountry

    everyone = [{"@type": "Country", "name": c.alpha_2} for c in pycountry.countries]
    posting, _ = read(json_ld_posting(applicantLocationRequirements=everyone))
    assert posting["remote_countries"] == []


@pytest.mark.parametrize("document", [
    graph_of(json_ld_posting(), json_ld_posting(identifier="QM-43")),
    [json_ld_posting(), json_ld_posting(identifier="QM-43")],
])
def test_json_ld_graphs_and_lists_yield_their_job_postings(document: Any) -> None:
    numbered = rows(json.dumps(document).encode(), "application/ld+json")
    assert [raw["@type"] for _, raw in numbered] == ["JobPosting", "JobPosting"]
    assert len({read(raw)[0]["job_id"] for _, raw in numbered}) == 2


def test_json_ld_without_a_job_posting_is_refused() -> None:
    with pytest.raises(FeedError, match="no JobPosting"):
        rows(json.dumps(graph_of()).encode(), JSON)


def test_a_careers_page_yields_its_postings_and_reports_a_broken_block() -> None:
    page = careers_page(json.dumps(graph_of(json_ld_posting())), "{not json", json.dumps({"@type": "WebSite"}))
    numbered = rows(page, "text/html")
    assert [type(raw).__name__ for _, raw in numbered] == ["dict", "Unreadable"]
    assert isinstance(numbered[1][1], Unreadable) and "block 2" in numbered[1][1].reason
    assert rows(page, "application/octet-stream")[0][1]["title"] == "Platform Engineer"  # detected by content


def test_a_page_without_json_ld_is_refused() -> None:
    with pytest.raises(FeedError, match="no JSON-LD"):
        rows(b"<html><body><h1>Careers</h1></body></html>", "text/html")


def test_a_json_ld_without_address_uses_the_page_url() -> None:
    raw = json_ld_posting(url=None, identifier=None)
    posting, _ = read(raw, page_url="https://quillmate.example/careers")
    assert posting["url"] == "https://quillmate.example/careers"


def test_an_explicit_format_refuses_rows_of_another_format() -> None:
    with pytest.raises(RowError, match="not a lever posting"):
        draft_of(greenhouse_job(), "lever", "", "")


def test_an_unknown_format_parameter_is_refused() -> None:
    with pytest.raises(FeedError, match="Unknown format"):
        rows(b"{}", JSON, "rss")


def test_job_ids_are_stable_per_source_posting() -> None:
    first, _ = read(greenhouse_job(9))
    again, _ = read(greenhouse_job(9, title="Senior Backend Engineer (updated)"))
    other, _ = read(greenhouse_job(10))
    assert first["job_id"] == again["job_id"] != other["job_id"]


def test_a_description_larger_than_any_posting_is_refused_for_its_row() -> None:
    huge = "<p>" + "Python " * 200_000 + "</p>"
    with pytest.raises(RowError, match="larger than 1 MB"):
        draft_of(greenhouse_job(content=huge), None, "", "")


def test_a_graph_of_fifty_thousand_nodes_is_walked_once() -> None:
    nodes = [{"@type": "Place", "name": f"Dock {n}"} for n in range(50_000)]
    document = {"@context": "https://schema.org", "@graph": [*nodes, json_ld_posting()]}
    [(_, raw)] = rows(json.dumps(document).encode(), "application/ld+json")
    assert raw["title"] == "Platform Engineer"


def test_job_postings_nested_deeper_than_a_feed_are_not_searched() -> None:
    document: Any = json_ld_posting()
    for _ in range(10):
        document = {"@context": "https://schema.org", "@graph": [document]}
    with pytest.raises(FeedError, match="no JobPosting"):
        rows(json.dumps(document).encode(), JSON)


def test_empty_csv_cells_leave_the_reading_to_the_description() -> None:
    body = b"title,company,location,url,required_skills,min_years,description\n" \
           b"Engineer,A,Oslo,https://a.example/1,,,Requirements: 3+ years of experience with Python\n"
    [(_, raw)] = rows(body, "text/csv")
    posting, summary = read(raw)
    assert (posting["required_skills"], posting["min_years"], summary["skills_from"]) == (["Python"], 3, "description")
