"""Groups joined pair by pair (union-find): copies of one article, documents of one story."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T", int, str)  # ordered, so a group is named by its smallest member


class DisjointSets(Generic[T]):
    """Items joined into groups; each group is named by its smallest item."""

    def __init__(self) -> None:
        self._parent: dict[T, T] = {}

    def find(self, item: T) -> T:
        """The item's group, by its smallest member (the item itself when never joined)."""
        parent = self._parent
        while parent.get(item, item) != item:
            parent[item] = parent.get(parent[item], parent[item])  # halve the path
            item = parent[item]
        return item

    def join(self, a: T, b: T) -> bool:
        """Put a and b in one group; False when they already were."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        low, high = (ra, rb) if ra < rb else (rb, ra)
        self._parent[high] = low
        self._parent.setdefault(low, low)
        return True

    def members(self) -> list[T]:
        """Every item that was ever joined, in the order first seen."""
        return list(self._parent)
