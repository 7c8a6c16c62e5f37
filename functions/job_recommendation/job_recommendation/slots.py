"""Dense integer slots for string ids, with per-slot NumPy columns that grow by doubling."""

from collections.abc import Iterable, Mapping

import numpy as np

ColumnSpec = tuple[type, float | int | bool, tuple[int, ...]]  # dtype, value of an empty slot, row shape


class SlotTable:
    """Slots of removed ids are reused, so the columns stay as large as the peak population, not the history."""

    def __init__(self, spec: Mapping[str, ColumnSpec], capacity: int = 1024) -> None:
        self._spec = dict(spec)
        self.capacity = capacity
        self.columns = {
            name: np.full((capacity, *shape), empty, dtype) for name, (dtype, empty, shape) in spec.items()
        }
        self.alive = np.zeros(capacity, bool)
        self.ids: list[str | None] = [None] * capacity
        self.slot_of: dict[str, int] = {}
        self._free: list[int] = []
        self.high = 0  # every used slot is below this mark

    def allocate(self, key: str) -> int:
        slot = self._free.pop() if self._free else self._take_new()
        self.slot_of[key] = slot
        self.ids[slot] = key
        self.alive[slot] = True
        return slot

    def release(self, key: str) -> int:
        slot = self.slot_of.pop(key)
        self.ids[slot] = None
        self.alive[slot] = False
        for name, (_, empty, _shape) in self._spec.items():
            self.columns[name][slot] = empty
        self._free.append(slot)
        return slot

    def __getstate__(self) -> dict[str, object]:
        """For a snapshot: the columns cut at the high mark (the slots above it hold nothing yet)."""
        state = dict(self.__dict__)
        keep = max(self.high, 1)
        state["columns"] = {name: column[:keep] for name, column in self.columns.items()}
        state["alive"], state["ids"], state["capacity"] = self.alive[:keep], self.ids[:keep], keep
        return state

    def slots_for(self, keys: Iterable[str]) -> np.ndarray:
        return np.array([self.slot_of[k] for k in keys if k in self.slot_of], np.int64)

    def _take_new(self) -> int:
        if self.high == self.capacity:
            self._double()
        self.high += 1
        return self.high - 1

    def _double(self) -> None:
        grown = self.capacity
        for name, (dtype, empty, shape) in self._spec.items():
            tail = np.full((grown, *shape), empty, dtype)
            self.columns[name] = np.concatenate([self.columns[name], tail])
        self.alive = np.concatenate([self.alive, np.zeros(grown, bool)])
        self.ids.extend([None] * grown)
        self.capacity *= 2
