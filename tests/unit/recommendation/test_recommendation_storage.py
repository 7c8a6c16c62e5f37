import numpy as np

from job_recommendation.postings import Postings
from job_recommendation.ranking import top_exact
from job_recommendation.slots import SlotTable


def test_postings_gather_what_was_added_and_not_what_was_removed():
    postings = Postings(weighted=True)
    for slot in range(10):
        postings.add("python", slot, slot / 10)
    postings.add("go", 3, 0.5)
    for slot in (0, 4, 9):
        postings.remove("python", slot)
    postings.remove("go", 3)
    values, weights, counts = postings.gather(["python", "go", "rust"])
    assert sorted(zip(values.tolist(), weights.tolist(), strict=True)) == [(s, s / 10) for s in (1, 2, 3, 5, 6, 7, 8)]
    assert counts.tolist() == [7] and postings.size("go") == 0


def test_slots_are_reused_and_columns_grow_and_reset():
    table = SlotTable({"level": (np.int8, -1, ())}, capacity=2)
    slots = [table.allocate(f"id{i}") for i in range(5)]
    assert slots == [0, 1, 2, 3, 4] and table.capacity >= 5
    table.columns["level"][slots[1]] = 3
    assert table.release("id1") == 1 and table.columns["level"][1] == -1 and not table.alive[1]
    assert table.allocate("new") == 1 and table.ids[1] == "new"
    assert table.slots_for(["new", "id4", "missing"]).tolist() == [1, 4]


def test_top_exact_looks_further_when_the_first_candidates_fail_exact_filters():
    slots = np.arange(200)
    scores = 1.0 - slots / 1000  # retrieval order: slot 0 first
    exact = {s: None if s < 150 else 1.0 - s / 1000 for s in range(200)}  # the first 150 fail a filter
    found = top_exact(slots, scores.copy(), exact.__getitem__, top_n=5, threshold=0.0)
    assert sorted(found, reverse=True)[:5] == [(1.0 - s / 1000, s) for s in range(150, 155)]
