"""Quality gate on the labelled corpus: >= 30 varied resume PDFs, skill F1 >= 0.90, years within 1y on >= 90%."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_profile import evaluate
from tests.fixtures.resumes.corpus import build_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("resumes"))


def test_corpus_is_large_and_varied(corpus):
    specs = [spec for _, spec in corpus]
    assert len(corpus) >= 30
    assert {s.layout for s in specs} == {"single", "two_column", "table"}
    assert len({s.date_style for s in specs}) >= 6 and len({s.heading_set for s in specs}) >= 6
    assert any(not s.name.isascii() for s in specs)
    assert all(Path(p).read_bytes().startswith(b"%PDF-") for p, _ in corpus)


def test_quality_targets(corpus):
    quality = evaluate(corpus)
    assert quality["skill_f1"] >= 0.90, quality
    assert quality["years_within_1y"] >= 0.90, quality


def test_non_english_names_survive_extraction(corpus):
    from candidate_profile.parsing import parse_resume

    path, spec = next((p, s) for p, s in corpus if s.name == "Дмитрий Иванов")
    assert parse_resume(path.read_bytes()).contact.name == spec.name
