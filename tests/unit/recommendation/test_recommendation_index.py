from datetime import timedelta

from job_recommendation import MatchIndex
from tests.unit.recommendation.payloads import NOW, in_days, job, profile


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def test_an_older_profile_version_never_overwrites_a_newer_one():
    index = MatchIndex(lambda: NOW)
    index.upsert_job(job("py", required_skills=["Python"]))
    index.upsert_job(job("go", required_skills=["Go"]))
    assert index.upsert_profile(profile("c", profile_version=2, skills=["Go"])) is True
    assert index.upsert_profile(profile("c", profile_version=1, skills=["Python"])) is False
    assert index.profile("c").version == 2
    assert [m.job_id for m in index.match_profile("c")] == ["go"]
    assert [cid for cid, _ in index.match_job("py")] == []


def test_a_newer_profile_version_replaces_the_old_one_everywhere():
    index = MatchIndex(lambda: NOW)
    index.upsert_job(job("py", required_skills=["Python"]))
    index.upsert_job(job("go", required_skills=["Go"]))
    index.upsert_profile(profile("c", profile_version=1, skills=["Python"]))
    assert index.upsert_profile(profile("c", profile_version=3, skills=["Go"])) is True
    assert [m.job_id for m in index.match_profile("c")] == ["go"]
    assert [cid for cid, _ in index.match_job("py")] == [] and [cid for cid, _ in index.match_job("go")] == ["c"]


def test_the_same_profile_version_again_is_applied_again():
    index = MatchIndex(lambda: NOW)
    assert index.upsert_profile(profile("c", profile_version=2)) is True
    assert index.upsert_profile(profile("c", profile_version=2)) is True


def test_a_removed_profile_is_not_brought_back_by_a_late_older_event():
    index = MatchIndex(lambda: NOW)
    index.upsert_job(job("py"))
    index.upsert_profile(profile("c", profile_version=2))
    assert index.remove_profile("c") is True
    assert index.upsert_profile(profile("c", profile_version=1)) is False
    assert index.profile("c") is None and index.match_job("py") == [] and index.match_profile("c") == []


def test_closing_a_job_removes_it_and_an_older_open_version_stays_ignored():
    index = MatchIndex(lambda: NOW)
    index.upsert_profile(profile("c"))
    index.upsert_job(job("j", version=1))
    assert [m.job_id for m in index.match_profile("c")] == ["j"]
    assert index.upsert_job(job("j", version=2, status="closed")) is True
    assert index.upsert_job(job("j", version=1)) is False
    assert index.job("j") is None and index.match_profile("c") == [] and index.match_job("j") == []


def test_a_job_update_moves_it_to_its_new_skills():
    index = MatchIndex(lambda: NOW)
    index.upsert_profile(profile("py-dev", skills=["Python"]))
    index.upsert_profile(profile("go-dev", skills=["Go"]))
    index.upsert_job(job("j", version=1, required_skills=["Python"]))
    index.upsert_job(job("j", version=2, required_skills=["Go"]))
    assert [cid for cid, _ in index.match_job("j")] == ["go-dev"]
    assert index.match_profile("py-dev") == []


def test_expired_jobs_stop_being_recommended_and_can_be_purged():
    clock = Clock()
    index = MatchIndex(clock)
    index.upsert_profile(profile("c"))
    index.upsert_job(job("soon", expires_at=in_days(1)))
    index.upsert_job(job("later", expires_at=in_days(10)))
    assert index.upsert_job(job("past", expires_at=in_days(-1))) is True and index.job("past") is None
    assert {m.job_id for m in index.match_profile("c")} == {"soon", "later"}
    clock.now = NOW + timedelta(days=2)
    assert [m.job_id for m in index.match_profile("c")] == ["later"]
    assert index.match_job("soon") == []
    assert index.purge_expired() == ["soon"] and index.job("soon") is None


def test_excluded_jobs_are_skipped_and_the_next_best_fill_the_list():
    index = MatchIndex(lambda: NOW)
    index.upsert_profile(profile("c", skills=["Python", "Django", "SQL"]))
    for i, skills in enumerate((["Python", "Django", "SQL"], ["Python", "Django"], ["Python"], ["SQL", "Go"])):
        index.upsert_job(job(f"j{i}", required_skills=skills))
    assert [m.job_id for m in index.match_profile("c", top_n=2)] == ["j0", "j1"]
    assert [m.job_id for m in index.match_profile("c", top_n=2, exclude_job_ids={"j0", "gone"})] == ["j1", "j2"]


def test_threshold_and_top_n_bound_the_candidates_of_a_job():
    index = MatchIndex(lambda: NOW)
    index.upsert_job(job("j", required_skills=["Python", "Django", "SQL", "Go"]))
    for i in range(1, 5):
        index.upsert_profile(profile(f"c{i}", skills=["Python", "Django", "SQL", "Go"][:i]))
    everyone = index.match_job("j")
    assert [cid for cid, _ in everyone] == ["c4", "c3", "c2", "c1"]
    assert [m.score for _, m in everyone] == sorted((m.score for _, m in everyone), reverse=True)
    assert [cid for cid, _ in index.match_job("j", top_n=2)] == ["c4", "c3"]
    cut = everyone[1][1].score
    assert [cid for cid, _ in index.match_job("j", threshold=cut)] == ["c4", "c3"]
    assert [cid for cid, _ in index.match_job("j", exclude_candidate_ids={"c4"}, top_n=1)] == ["c3"]


def test_unknown_ids_match_nothing():
    index = MatchIndex(lambda: NOW)
    assert index.match_profile("nobody") == [] and index.match_job("nothing") == []
    assert index.remove_job("nothing") is False and index.remove_profile("nobody") is False
