"""Inverted lists kept as growable NumPy arrays, so a query gathers them in a few C calls instead of a Python loop."""

from collections.abc import Hashable, Iterable

import numpy as np

_EMPTY_I = np.zeros(0, np.int64)
_EMPTY_F = np.zeros(0, np.float64)


class Postings:
    """key -> unordered list of integer values (slots), each with an optional weight."""

    def __init__(self, weighted: bool = False) -> None:
        self._weighted = weighted
        self._values: dict[Hashable, np.ndarray] = {}
        self._weights: dict[Hashable, np.ndarray] = {}
        self._sizes: dict[Hashable, int] = {}

    def add(self, key: Hashable, value: int, weight: float = 1.0) -> None:
        size = self._sizes.get(key, 0)
        values = self._values.get(key)
        if values is None or size == len(values):
            values = self._grow(key, size)
        values[size] = value
        if self._weighted:
            self._weights[key][size] = weight
        self._sizes[key] = size + 1

    def remove(self, key: Hashable, value: int) -> None:
        """Swap the last entry into the removed one's place: order carries no meaning here."""
        size = self._sizes[key]
        values = self._values[key]
        where = int(np.flatnonzero(values[:size] == value)[0])
        last = size - 1
        values[where] = values[last]
        if self._weighted:
            weights = self._weights[key]
            weights[where] = weights[last]
        if last:
            self._sizes[key] = last
        else:
            for table in (self._sizes, self._values, self._weights):
                table.pop(key, None)

    def size(self, key: Hashable) -> int:
        return self._sizes.get(key, 0)

    def gather(self, keys: Iterable[Hashable]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All values under the keys, their weights, and how many came from each key (for per-key weights)."""
        present = [k for k in keys if k in self._sizes]
        if not present:
            return _EMPTY_I, _EMPTY_F, _EMPTY_I
        sizes = [self._sizes[k] for k in present]
        values = np.concatenate([self._values[k][:n] for k, n in zip(present, sizes, strict=True)])
        weights = (
            np.concatenate([self._weights[k][:n] for k, n in zip(present, sizes, strict=True)])
            if self._weighted else _EMPTY_F
        )
        return values, weights, np.array(sizes)

    def __getstate__(self) -> dict[str, object]:
        """For a snapshot: each list cut to its size (the spare capacity would be bytes to move, not data)."""
        state = dict(self.__dict__)
        for table in ("_values", "_weights"):
            state[table] = {k: a[: self._sizes[k]] for k, a in getattr(self, table).items()}
        return state

    def _grow(self, key: Hashable, size: int) -> np.ndarray:
        capacity = max(4, 2 * size)
        self._values[key] = _resized(self._values.get(key), size, capacity, np.int32)
        if self._weighted:
            self._weights[key] = _resized(self._weights.get(key), size, capacity, np.float64)
        return self._values[key]


def _resized(old: np.ndarray | None, size: int, capacity: int, dtype: type) -> np.ndarray:
    new = np.empty(capacity, dtype)
    if old is not None:
        new[:size] = old[:size]
    return new
