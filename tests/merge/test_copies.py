"""Copies: a syndicated copy counts as one outlet."""

from ..merging import A, C, merged


def test_syndicated_copy_counts_once() -> None:
    copy = A.replace("Tuesday", "Tuesday afternoon")
    _, m = merged(A, copy, C)
    assert [set(p.doc_ids) for p in m.duplicates] == [{"d1", "d2"}]
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert len(lyon.doc_ids) == 3 and lyon.corroboration == 2
