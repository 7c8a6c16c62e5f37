"""Scoring on the shared real-resume development set (../shared/corpus/real-resumes), when it exists.

The PDFs hold real people's contact details: only aggregate figures leave this module, never their text.
Labels name skills canonically ("Argo CD" for "ArgoCD"); both sides are compared through the taxonomy's folded
spellings, so a label the taxonomy does not know still counts as a skill we missed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from candidate_profile.parsing import ParsedResume, parse_resume
from jobfeed.skills import canonical_key, is_technical

REAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real-resumes"
LABEL_DATE = date(2026, 11, 15)  # the label policy counts "Present" as 2026-11


@dataclass(frozen=True)
class Labelled:
    pdf: bytes
    skills: frozenset[str]
    core: frozenset[str]
    years: float
    seniority: str


def load(folder: Path = REAL_DIR) -> list[Labelled] | None:
    """The labelled set, or None when the shared folder is absent (a fresh clone without ../shared)."""
    labels_path = folder / "labels.json"
    if not labels_path.exists():
        return None
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    return [
        Labelled(
            pdf=(folder / f"{stem}.pdf").read_bytes(),
            skills=frozenset(canonical_key(s) for s in label["skills"]),
            core=frozenset(canonical_key(s) for s in label["core_skills"]),
            years=float(label["years"]),
            seniority=str(label["seniority"]),
        )
        for stem, label in sorted(labels.items())
    ]


def per_resume(item: Labelled, parsed: ParsedResume) -> dict[str, float]:
    found = {canonical_key(s) for s in parsed.skills if is_technical(s)}  # the labels leave soft skills out
    return {
        "tp": len(found & item.skills),
        "fp": len(found - item.skills),
        "fn": len(item.skills - found),
        "core_found": len(found & item.core),
        "core_total": len(item.core),
        "years_ok": float(abs((parsed.years_experience or 0.0) - item.years) <= 1.0),
        "seniority_ok": float(parsed.seniority == item.seniority),
    }


def score(items: list[Labelled], parsed: list[ParsedResume]) -> dict[str, float]:
    rows = [per_resume(i, p) for i, p in zip(items, parsed, strict=True)]
    tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "skill_precision": precision,
        "skill_recall": recall,
        "skill_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "core_skill_recall": sum(r["core_found"] for r in rows) / max(sum(r["core_total"] for r in rows), 1),
        "years_within_1y_count": sum(r["years_ok"] for r in rows),
        "seniority_exact_count": sum(r["seniority_ok"] for r in rows),
        "resumes": len(rows),
    }


def parse_all(items: list[Labelled]) -> list[ParsedResume]:
    return [parse_resume(i.pdf, today=LABEL_DATE) for i in items]
