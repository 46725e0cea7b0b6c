"""Figures: the same value groups across outlets, different values disagree."""

from ..merging import A, B, C, merged


def test_figures_group_and_disagree() -> None:
    _, m = merged(A, B, C)
    rows = {f.value: f for f in m.figures}
    assert rows["$3.4 billion"].corroboration == 2
    assert rows["$3.9 billion"].corroboration == 1
    assert any(
        {p.text for p in d.positions} == {"$3.4 billion", "$3.9 billion"} for d in m.disagreements
    )
