"""Copies: a syndicated copy counts as one outlet."""

from ..merging import A, C, merged


def test_syndicated_copy_counts_once() -> None:
    copy = A.replace("Tuesday", "Tuesday afternoon")
    _, m = merged(A, copy, C)
    assert [set(p.doc_ids) for p in m.duplicates] == [{"d1", "d2"}]
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert len(lyon.doc_ids) == 3 and lyon.corroboration == 2


def test_copies_form_one_group_joined_once_per_copy() -> None:
    # Four copies of one story and one other story: three pairs join the copies, each to
    # the first copy, and the other story is in none.
    from briefing.merge.copies import find_duplicates

    from ..merging import B, docs

    texts = [A, A.replace("Tuesday", "Monday"), B, A, A.replace("spring", "summer")]
    pairs = find_duplicates(docs(*texts))
    assert [p.doc_ids for p in pairs] == [("d1", "d2"), ("d1", "d4"), ("d1", "d5")]
    assert pairs[1].similarity == 1.0 and all(0.5 <= p.similarity < 1 for p in pairs[::2])
