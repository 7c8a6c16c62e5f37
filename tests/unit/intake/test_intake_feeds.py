"""job_intake.feeds.rows: a request body becomes numbered rows, or one clear reason why it cannot be read."""

from __future__ import annotations

import json

import pytest

from job_intake.feeds import MAX_ROWS, FeedError, Unreadable, rows

JSON, JSONL, CSV = "application/json", "application/x-ndjson", "text/csv"


@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"\n\n"])
def test_an_empty_body_is_refused(body: bytes) -> None:
    with pytest.raises(FeedError, match="empty"):
        rows(body, JSON)


@pytest.mark.parametrize(("body", "kind"), [(b"[]", JSON), (b"title,company\n", CSV)])
def test_a_feed_without_postings_is_refused(body: bytes, kind: str) -> None:
    with pytest.raises(FeedError, match="no postings"):
        rows(body, kind)


@pytest.mark.parametrize("body", [b'{"title": "x"', b"[1, 2", b"not json at all", b"{'title': 'x'}"])
def test_malformed_json_is_refused_with_the_parser_position(body: bytes) -> None:
    with pytest.raises(FeedError, match=r"Malformed JSON: .*line 1 column"):
        rows(body, JSON)


def test_deeply_nested_json_is_refused_not_crashing() -> None:
    with pytest.raises(FeedError, match="Malformed JSON"):
        rows(b"[" * 100_000 + b"]" * 100_000, JSON)


def test_non_utf8_text_is_refused() -> None:
    with pytest.raises(FeedError, match="UTF-8"):
        rows('{"title": "Caf\u00e9"}'.encode("latin-1"), JSON)


def test_one_object_and_an_array_number_their_postings_from_one() -> None:
    assert rows(b'{"title": "a"}', JSON) == [(1, {"title": "a"})]
    assert rows(b'[{"title": "a"}, 5, "x"]', "application/json; charset=utf-8") == \
        [(1, {"title": "a"}), (2, 5), (3, "x")]


def test_json_lines_keep_file_line_numbers_and_mark_unreadable_lines() -> None:
    body = b'{"title": "a"}\n\n{"title": \n"just a string"\r\n{"title": "d"}\n'
    assert rows(body, JSONL) == [(1, {"title": "a"}), (3, Unreadable("line 3 is not valid JSON")),
                                 (4, "just a string"), (5, {"title": "d"})]


def test_a_byte_order_mark_is_ignored() -> None:
    assert rows(b'\xef\xbb\xbf{"title": "a"}', JSON) == [(1, {"title": "a"})]


def test_csv_needs_a_header_and_numbers_rows_as_the_file_does() -> None:
    body = b'title,company,url\nDev,"Acme, Inc.",http://a.example\n"Multi\nline",B,http://b.example\n'
    assert rows(body, "text/csv; charset=utf-8") == [
        (2, {"title": "Dev", "company": "Acme, Inc.", "url": "http://a.example"}),
        (4, {"title": "Multi\nline", "company": "B", "url": "http://b.example"}),  # the line the row ends on
    ]
    with pytest.raises(FeedError, match="header row"):
        rows(b"Dev,Acme,http://a.example\n", CSV)


def test_csv_extra_cells_are_dropped_and_missing_cells_are_none() -> None:
    assert rows(b"title,company\nA,B,extra\nC\n", CSV) == [(2, {"title": "A", "company": "B"}),
                                                          (3, {"title": "C", "company": None})]


def test_the_row_limit_counts_postings_not_bytes() -> None:
    at_limit = "\n".join(json.dumps({"n": i}) for i in range(MAX_ROWS)).encode()
    assert len(rows(at_limit, JSONL)) == MAX_ROWS
    with pytest.raises(FeedError, match=f"at most {MAX_ROWS}"):
        rows(json.dumps([{}] * (MAX_ROWS + 1)).encode(), JSON)
