"""The real-resume benchmark's scoring: skipped without the shared corpus, labels compared through the taxonomy."""

from __future__ import annotations

from bench import real_resumes
from candidate_profile.parsing import ParsedResume
from jobfeed.skills import canonical_key


def _parsed(skills: list[str], years: float | None, seniority: str) -> ParsedResume:
    return ParsedResume(skills=skills, titles=[], years_experience=years, seniority=seniority,
                        education_level=None, languages=[])


def test_an_absent_corpus_is_skipped_not_an_error(tmp_path):
    assert real_resumes.load(tmp_path / "nowhere") is None


def test_labels_match_through_aliases_and_soft_skills_are_not_counted():
    item = real_resumes.Labelled(
        pdf=b"", skills=frozenset(map(canonical_key, ["Argo CD", "k8s", "Rails", "Unknown Tool"])),
        core=frozenset(map(canonical_key, ["Kubernetes", "Unknown Tool"])), years=10.0, seniority="lead")
    parsed = _parsed(["ArgoCD", "Kubernetes", "Ruby on Rails", "Communication", "Docker"], 9.2, "lead")
    figures = real_resumes.score([item], [parsed])
    assert figures["skill_precision"] == 3 / 4  # Docker is extra; Communication is a soft skill, not counted
    assert figures["skill_recall"] == 3 / 4  # "Unknown Tool" was missed
    assert figures["core_skill_recall"] == 1 / 2
    assert (figures["years_within_1y_count"], figures["seniority_exact_count"]) == (1, 1)
