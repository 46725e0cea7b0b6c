"""Key points: counted by the distinct outlets that report them."""

from ..merging import A, B, C, merged


def test_points_are_counted_by_distinct_outlets() -> None:
    _, m = merged(A, B, C)
    lyon = next(p for p in m.key_points if "Lyon" in p.statement)
    assert lyon.corroboration == 3 and lyon.doc_ids == ["d1", "d2", "d3"]
    borel = next(p for p in m.key_points if "Borel" in p.statement)
    assert borel.corroboration == 1


def test_an_outlet_that_gives_another_figure_does_not_back_the_point() -> None:
    plant = "The company will open a new factory in Lyon next spring with {} workers.\n"
    texts = [plant.format(300), plant.format(300).replace("new ", ""), plant.format(450)]
    _, m = merged(*texts)
    shown = [p for p in m.key_points if "Lyon" in p.statement]
    assert shown and all(len(set(p.doc_ids) & {"d1", "d3"}) < 2 for p in shown)
    three_hundred = next(p for p in shown if "300" in p.statement)
    assert three_hundred.doc_ids == ["d1", "d2"]
    assert all("300" in c.span.text for c in three_hundred.citations)
    # ...and the figure it gives instead is where the sources differ, under its own outlet.
    (differ,) = m.disagreements
    assert {(p.text, p.citation.doc_id) for p in differ.positions} >= {("450 workers", "d3")}
