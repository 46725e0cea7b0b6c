"""Key points: counted by the distinct outlets that report them."""

from ..merging import A, B, C, merged


def test_points_are_counted_by_distinct_outlets() -> None:
    _, m = merged(A, B, C)
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert lyon.corroboration == 3 and lyon.doc_ids == ["d1", "d2", "d3"]
    borel = next(p for p in m.key_points if "Borel" in p.statement)
    assert borel.corroboration == 1
