"""Job Intake benchmark.

1. Reading real postings: ../shared/corpus/job-postings (Greenhouse, Lever, JSON-LD as published, with labels)
   when it is present (skipped with a message otherwise): required-skill precision and recall, nice-skill
   recall, work mode, seniority, min-years and salary accuracy. The files are read in place, never copied.
2. Throughput of the reading path for a 10,000-posting Greenhouse-style board (postings/s, peak memory),
   next to the same number of rows in our own JSON Lines shape. Postings are generated here.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from pathlib import Path
from typing import Any

from bench.intake_scoring import Tally, canonical, ratio
from bench.intake_synthetic import greenhouse_board, json_lines
from job_intake.feeds import rows
from job_intake.postings import validate
from job_intake.understanding import complete, draft_of
from jobfeed.skills import load_taxonomy

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "job-postings"
FEED_SIZE = 10_000


def run() -> dict[str, float | int | str]:
    results: dict[str, float | int | str] = {}
    results |= corpus_figures(CORPUS)
    results |= throughput("greenhouse", greenhouse_board(FEED_SIZE), "application/json")
    results |= throughput("jsonl", json_lines(FEED_SIZE), "application/x-ndjson")
    return results


def read(raw: dict[str, Any]) -> dict[str, Any]:
    """What the HTTP handler does with one row, without HTTP: read, complete, validate."""
    fields, summary = complete(draft_of(raw, None, "", ""))
    posting = validate(fields, 1)
    assert isinstance(posting, dict), f"refused: {posting}"
    return summary


def corpus_figures(folder: Path) -> dict[str, float | int | str]:
    labels_file = folder / "labels.json"
    if not labels_file.exists():
        print(f"  intake corpus skipped: {folder} is not here")
        return {"intake_corpus": "skipped (no ../shared/corpus/job-postings)"}
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    known = set(load_taxonomy().skills)
    tally = Tally()
    for stem, label in sorted(labels.items()):
        [(_, raw)] = rows((folder / f"{stem}.json").read_bytes(), "application/json")
        tally.add(read(raw), label, known & canonical(label["required_skills"]))
    return {
        "intake_corpus_postings": len(labels),
        "intake_required_precision": ratio(tally.required_hits, tally.required_predicted),
        "intake_required_recall": ratio(tally.required_hits, tally.required_gold),
        "intake_required_recall_of_taxonomy_skills": ratio(tally.required_hits, tally.required_gold_known),
        "intake_nice_recall": ratio(tally.nice_hits, tally.nice_gold),
        "intake_skill_precision_any": ratio(tally.any_hits, tally.any_predicted),
        "intake_work_mode_accuracy": round(tally.rate("work_mode"), 3),
        "intake_seniority_accuracy": round(tally.rate("seniority"), 3),
        "intake_min_years_exact": round(tally.rate("min_years"), 3),
        "intake_salary_exact": round(tally.rate("salary"), 3),
    }


def throughput(name: str, body: bytes, content_type: str) -> dict[str, float | int | str]:
    """Read the feed in a fresh process: its peak resident memory is the feed's cost (body, rows, results),
    measured without a tracer slowing the timing down."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        count, elapsed, peak_kb, baseline_kb = pool.apply(_read_feed, (body, content_type))
    return {
        f"intake_{name}_postings": count, f"intake_{name}_feed_mb": round(len(body) / 1e6, 1),
        f"intake_{name}_postings_per_s": round(count / elapsed),
        f"intake_{name}_peak_memory_mb": round(peak_kb / 1024),
        f"intake_{name}_memory_over_baseline_mb": round((peak_kb - baseline_kb) / 1024),
    }


def _read_feed(body: bytes, content_type: str) -> tuple[int, float, int, int]:
    read(rows(greenhouse_board(1), "application/json")[0][1])  # warm: taxonomy compiled, modules imported
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    summaries = [read(raw) for _, raw in rows(body, content_type)]
    elapsed = time.perf_counter() - started
    return len(summaries), elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, baseline
