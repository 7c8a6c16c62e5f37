"""Scoring what Job Intake read from real postings against hand-made labels (the corpus README's policy):
skills are compared by canonical name; a predicted skill the labels list as only 'mentioned' is neutral."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobfeed.skills import normalize_skills


def canonical(names: list[str]) -> set[str]:
    """Label names by the taxonomy's canonical name when it knows them, else case-folded as written."""
    out: set[str] = set()
    for name in names:
        known = normalize_skills([name])
        out.add(known[0] if len(known) == 1 else name.casefold())
    return out


@dataclass
class Tally:
    required_hits: int = 0
    required_predicted: int = 0  # excluding neutral ('mentioned') predictions
    required_gold: int = 0
    required_gold_known: int = 0  # gold required skills the taxonomy can name at all
    nice_hits: int = 0
    nice_gold: int = 0
    any_hits: int = 0
    any_predicted: int = 0
    checks: dict[str, list[bool]] = field(default_factory=dict)

    def add(self, summary: dict[str, Any], label: dict[str, Any], known: set[str]) -> None:
        required, nice = set(summary["required_skills"]), set(summary["nice_skills"])
        gold_required, gold_nice = canonical(label["required_skills"]), canonical(label["nice_skills"])
        mentioned = canonical(label["mentioned_skills"])
        counted = required - mentioned
        self.required_hits += len(counted & gold_required)
        self.required_predicted += len(counted)
        self.required_gold += len(gold_required)
        self.required_gold_known += len(gold_required & known)
        self.nice_hits += len(nice & gold_nice)
        self.nice_gold += len(gold_nice)
        everything = (required | nice) - mentioned
        self.any_hits += len(everything & (gold_required | gold_nice))
        self.any_predicted += len(everything)
        self._check("work_mode", summary["work_mode"] == label["work_mode"])
        self._check("seniority", summary["seniority"] == label["seniority"])
        self._check("min_years", summary["min_years"] == label["min_years"])
        self._check("salary", _same_salary(summary["salary"], label["salary"]))

    def _check(self, name: str, ok: bool) -> None:
        self.checks.setdefault(name, []).append(ok)

    def rate(self, name: str) -> float:
        results = self.checks.get(name, [])
        return sum(results) / len(results) if results else 0.0


def _same_salary(read: dict[str, Any] | None, label: dict[str, Any] | None) -> bool:
    if read is None or label is None:
        return read is None and label is None
    return (read["min"], read["max"], read["currency"], read["period"]) == \
        (label["min"], label["max"], label["currency"], label["period"])


def ratio(hits: int, total: int) -> float:
    return round(hits / total, 3) if total else 0.0
