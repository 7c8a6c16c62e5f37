"""Hostile and broken uploads end in ResumeRejected (or a bounded result) within the time budget."""

from __future__ import annotations

import resource
import time

import pytest

from candidate_profile import pdf_text
from candidate_profile.errors import REASONS, ResumeRejected
from candidate_profile.parsing import parse_resume
from candidate_profile.pdf_text import Limits
from tests.fixtures.resumes import hostile

BUDGET_S = 2.0
LIMITS = Limits(time_budget_s=BUDGET_S)
GOOD = hostile.text_pdf(["Jane Doe", "Experience", "Python Developer at Foo, Jan 2019 - Present", "Skills: Python, Go"])


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rejected(data: bytes) -> tuple[ResumeRejected, float, float]:
    rss_before, started = _peak_rss_mb(), time.monotonic()
    with pytest.raises(ResumeRejected) as caught:
        parse_resume(data, limits=LIMITS)
    return caught.value, time.monotonic() - started, _peak_rss_mb() - rss_before


def test_a_plain_pdf_parses():
    parsed = parse_resume(GOOD, limits=LIMITS)
    assert parsed.skills == ["Python", "Go"]
    assert parsed.page_count == 1


@pytest.mark.parametrize(
    ("make", "reasons"),
    [
        (lambda: hostile.text_pdf(["Resume line"], pages=500), {"too_large"}),
        (lambda: hostile.decompression_bomb(inflated_mb=300), {"no_text", "unreadable", "too_large"}),
        (lambda: hostile.deeply_nested(depth=50_000), {"unreadable", "no_text"}),
        (hostile.image_only, {"no_text"}),
        (lambda: hostile.encrypted(GOOD, user_password="secret"), {"encrypted"}),
        (lambda: b"Jane Doe\nPython developer\n", {"not_a_pdf"}),
        (lambda: b"", {"not_a_pdf"}),
        (lambda: GOOD[: len(GOOD) // 2], {"unreadable"}),
        (lambda: hostile.many_text_operators(150_000), {"unreadable"}),  # over pypdf's parsing-work limit
    ],
    ids=["500_pages", "decompression_bomb", "deep_nesting", "image_only", "encrypted", "text_file", "empty",
         "truncated", "slow_page"],
)
def test_hostile_inputs_are_rejected_within_budget_and_memory(make, reasons):
    error, elapsed, rss_growth_mb = _rejected(make())
    assert error.reason_code in reasons
    assert error.message == REASONS[error.reason_code] or error.message.endswith(".")
    # Bounded, not timed: a generous margin for a loaded 2-core CI machine; a hang never returns at all.
    assert elapsed < 3 * BUDGET_S + 5
    assert rss_growth_mb < 150  # a 300 MB bomb inflated in memory would show here


def test_the_deadline_cuts_a_single_slow_page_short(monkeypatch: pytest.MonkeyPatch) -> None:
    # 60k operators stay under pypdf's parsing-work limit: only the per-operator deadline check can stop them
    # part-way through the one page. A fake clock that advances 1 ms per reading makes this independent of
    # the machine's speed: the deadline (50 ms) must stop extraction after about 50 operators, not 60,000.
    readings = []

    def fake_monotonic() -> float:
        readings.append(None)
        return len(readings) / 1000

    monkeypatch.setattr(pdf_text.time, "monotonic", fake_monotonic)
    with pytest.raises(ResumeRejected) as caught:
        parse_resume(hostile.many_text_operators(60_000), limits=Limits(time_budget_s=0.05))
    assert caught.value.reason_code == "unreadable" and caught.value.detail.startswith("over")
    assert len(readings) < 1_000


def test_owner_password_only_pdf_opens_like_any_viewer_would():
    assert parse_resume(hostile.encrypted(GOOD, user_password=""), limits=LIMITS).skills == ["Python", "Go"]


def test_oversized_upload_is_too_large_before_parsing():
    error, _, _ = _rejected(b"%PDF-1.7\n" + b"0" * (Limits().max_bytes + 1))
    assert error.reason_code == "too_large"


def test_extracted_text_is_capped():
    parsed = parse_resume(hostile.text_pdf(["Python " * 12] * 50, pages=20), limits=Limits(max_chars=5_000))
    assert parsed.truncated and parsed.text_chars <= 5_000


def test_reason_codes_match_the_schema_enum():
    import json
    from pathlib import Path

    schema = json.loads((Path(__file__).parents[3] / "schemas" / "profile_creation_failed.avsc").read_text())
    enum = next(f for f in schema["fields"] if f["name"] == "reason_code")["type"]["symbols"]
    assert set(REASONS) == set(enum)
    with pytest.raises(ValueError):
        ResumeRejected("bogus")
