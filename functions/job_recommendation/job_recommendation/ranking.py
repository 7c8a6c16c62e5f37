"""Top-k by the exact scorer over retrieval candidates, provably the same as scoring everything."""

import heapq
from collections.abc import Callable

import numpy as np

from job_recommendation.vector import EPS
from job_recommendation.weights import W_TITLE

Exact = Callable[[int], float | None]  # slot -> exact score, None when a hard filter fails
Titles = Callable[[np.ndarray], np.ndarray]  # slots -> title similarity in 0..1
_PROBE = 64


def retrieve(
    slots: np.ndarray, partial: np.ndarray, titles: Titles, top_n: int | None, threshold: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates that may still reach the top n, with their retrieval scores.

    partial is every part of the score but the title (-inf where a hard filter fails), so partial + W_TITLE
    bounds the score. A probe of the best bounds sets a bar (the n-th best full score among them); a
    candidate whose bound is below the bar cannot beat n candidates already seen, and is dropped before
    its title is compared.
    """
    bound = partial + W_TITLE
    bar = threshold
    if top_n and len(slots) > 4 * (top_n + _PROBE):
        probe = np.argpartition(-bound, top_n + _PROBE)[: top_n + _PROBE]
        found = partial[probe] + W_TITLE * titles(slots[probe])
        found = found[np.isfinite(found)]
        if len(found) >= top_n:
            bar = max(bar, float(np.partition(found, len(found) - top_n)[len(found) - top_n]))
    keep = bound + 2 * EPS >= bar
    slots = slots[keep]
    return slots, partial[keep] + W_TITLE * titles(slots)


def rank(
    slots: np.ndarray, scores: np.ndarray, ids: list[str | None], exact: Exact, top_n: int | None, threshold: float,
) -> list[tuple[str, float]]:
    """(id, exact score), best first, ties by id: what sorting every exact score would give."""
    found = top_exact(slots, scores, exact, top_n, threshold)
    best = sorted((-score, ids[slot]) for score, slot in found)
    return [(key, -neg) for neg, key in best[:top_n]]


def top_exact(
    slots: np.ndarray, scores: np.ndarray, exact: Exact, top_n: int | None, threshold: float,
) -> list[tuple[float, int]]:
    """Exact-score candidates in falling retrieval order and stop once no unscored one can enter the top n.

    Safe because a retrieval score plus EPS bounds the exact score from above: when the next candidate's
    bound is below the n-th exact score found, so is every later candidate's. Usually about n are scored.
    """
    if top_n == 0:
        return []
    keep = scores + EPS >= threshold
    slots, scores = slots[keep], scores[keep]
    size = len(slots) if top_n is None else min(len(slots), 2 * top_n + 32)
    while True:
        found, complete = _scan(slots, scores, size, exact, top_n, threshold)
        if complete:
            return found
        size = min(len(slots), size * 8)  # rare: many candidates failed a filter only the exact scorer sees


def _scan(
    slots: np.ndarray, scores: np.ndarray, size: int, exact: Exact, top_n: int | None, threshold: float,
) -> tuple[list[tuple[float, int]], bool]:
    order = np.argpartition(-scores, size - 1)[:size] if 0 < size < len(scores) else np.arange(len(scores))
    order = order[np.argsort(-scores[order], kind="stable")]
    found: list[tuple[float, int]] = []
    kth: list[float] = []  # min-heap of the best top_n exact scores so far
    for bound, slot in zip((scores[order] + EPS).tolist(), slots[order].tolist(), strict=True):
        if top_n is not None and len(kth) == top_n and bound < kth[0]:
            return found, True
        score = exact(slot)
        if score is None or score < threshold:
            continue
        found.append((score, slot))
        if top_n is not None:
            (heapq.heappush if len(kth) < top_n else heapq.heappushpop)(kth, score)
    return found, size == len(scores)
