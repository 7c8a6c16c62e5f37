"""Candidate Profile benchmark: parsing quality on the labelled resume corpora, and speed next to pdfminer.six.

Two corpora: our generated one (tests/fixtures/resumes, always) and the shared real-resume development set
(../shared/corpus/real-resumes, skipped with a message when absent). Keys: profile_<figure> for the generated
corpus (as before) and profile_real_<figure> for the real one.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import real_resumes
from candidate_profile.parsing import ParsedResume, parse_resume, parse_text
from tests.fixtures.resumes.corpus import build_corpus
from tests.fixtures.resumes.specs import TODAY, ResumeSpec

Corpus = list[tuple[Path, ResumeSpec]]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def score(results: list[tuple[ResumeSpec, ParsedResume]]) -> dict[str, float]:
    """Micro-averaged skill precision/recall/F1, share of resumes with years within one year, title recall."""
    tp = fp = fn = 0
    years_ok = titles_found = titles_total = education_ok = languages_ok = 0
    for spec, parsed in results:
        found = set(parsed.skills)  # the generated specs label soft skills too
        tp += len(found & spec.expected_skills)
        fp += len(found - spec.expected_skills)
        fn += len(spec.expected_skills - found)
        years_ok += abs((parsed.years_experience or 0.0) - spec.expected_years) <= 1.0
        titles_found += len(set(spec.expected_titles) & set(parsed.titles))
        titles_total += len(set(spec.expected_titles))
        education_ok += parsed.education_level == spec.expected_education
        languages_ok += parsed.languages == spec.expected_languages
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    n = len(results)
    return {
        "skill_precision": precision,
        "skill_recall": recall,
        "skill_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "years_within_1y": years_ok / n,
        "title_recall": titles_found / titles_total if titles_total else 0.0,
        "education_accuracy": education_ok / n,
        "languages_accuracy": languages_ok / n,
    }


def evaluate(corpus: Corpus) -> dict[str, float]:
    return score([(spec, parse_resume(path.read_bytes(), today=TODAY)) for path, spec in corpus])


def _timed(fn: Callable[[bytes], object], blobs: list[bytes]) -> list[float]:
    times = []
    for blob in blobs:
        started = time.perf_counter()
        fn(blob)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _pdfminer_text(blob: bytes) -> str:
    import io

    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(blob))


def real_figures() -> dict[str, float | int | str]:
    """Quality and speed on the shared real resumes; only aggregate figures leave this function."""
    items = real_resumes.load()
    if items is None:
        print(f"  real-resume corpus not found at {real_resumes.REAL_DIR}: skipping its figures")
        return {"profile_real_skipped": "corpus absent"}
    parsed = real_resumes.parse_all(items)  # also warms what the timing below would otherwise pay once
    times = _timed(lambda b: parse_resume(b, today=real_resumes.LABEL_DATE), [i.pdf for i in items])
    miner = _timed(_pdfminer_text, [i.pdf for i in items])
    figures = real_resumes.score(items, parsed)
    out: dict[str, float | int | str] = {f"profile_real_{k}": round(v, 4) for k, v in figures.items()}
    out.update({
        "profile_real_parse_ms_p50": round(statistics.median(times), 2),
        "profile_real_parse_ms_p95": round(_percentile(times, 0.95), 2),
        "profile_real_pdfminer_extract_ms_p50": round(statistics.median(miner), 2),
        "profile_real_pdfminer_extract_ms_p95": round(_percentile(miner, 0.95), 2),
    })
    return out


def run() -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp))
        blobs = [path.read_bytes() for path, _ in corpus]
        parse_resume(blobs[0], today=TODAY)  # warm: taxonomy load and regex compilation are once per instance
        quality = evaluate(corpus)
        pages = sum(parse_resume(b, today=TODAY).page_count for b in blobs)
        ours = _timed(lambda b: parse_resume(b, today=TODAY), blobs)
        miner = _timed(_pdfminer_text, blobs)
        miner_quality = score([(spec, parse_text(_pdfminer_text(b), today=TODAY)) for b, (_, spec) in
                               zip(blobs, corpus, strict=True)])
    out: dict[str, float | int | str] = {f"profile_{k}": round(v, 4) for k, v in quality.items()}
    out.update({
        "profile_resumes": len(blobs),
        "profile_pages": pages,
        "profile_parse_ms_p50": round(statistics.median(ours), 2),
        "profile_parse_ms_p95": round(_percentile(ours, 0.95), 2),
        "profile_pages_per_s": round(pages / (sum(ours) / 1000), 1),
        "profile_pdfminer_extract_ms_p50": round(statistics.median(miner), 2),
        "profile_pdfminer_extract_ms_p95": round(_percentile(miner, 0.95), 2),
        "profile_pdfminer_pages_per_s": round(pages / (sum(miner) / 1000), 1),
        "profile_pdfminer_skill_f1": round(miner_quality["skill_f1"], 4),
        "profile_pdfminer_years_within_1y": round(miner_quality["years_within_1y"], 4),
    })
    out.update(real_figures())
    return out
