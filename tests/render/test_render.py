"""Markdown rendering keeps a source's text from breaking the brief's structure."""

from briefing.pipeline import brief_from_documents
from briefing.render import render
from briefing.schemas import Document


def test_table_cells_and_line_breaks_are_contained() -> None:
    text = (
        "Acme | Co said revenue rose 12% to $3.4 billion in the quarter.\n"
        "Acme | Co will open a factory in Lyon to build electric bicycles.\n"
    )
    other = (
        "Acme | Co’s revenue was $3.4 billion, up 12%, and a Lyon factory will build bicycles.\n"
    )
    docs = [
        Document(id="d1", label=1, source="a.txt", title="Acme\nresults", text=text),
        Document(id="d2", label=2, source="b.txt", title="Acme # results", text=other),
    ]
    md = render(brief_from_documents(docs), "md")
    assert md.startswith("# Acme")
    table = [line for line in md.splitlines() if line.startswith("| $3.4 billion")]
    assert table and table[0].count(" | ") == 3  # the pipe inside a cell is escaped
    assert "\\|" in md or "|" not in table[0].split("|")[2]
    assert "\n# results" not in md and "\nresults" not in md


def test_json_is_the_whole_brief() -> None:
    docs = [Document(id="d1", label=1, source="a.txt", text="Acme Corp said revenue rose 12%.")]
    brief = brief_from_documents(docs)
    data = render(brief, "json")
    assert '"sources"' in data and '"validation"' in data and '"raw"' not in data


def test_the_offline_bottom_line_is_each_point_with_its_markers_and_count() -> None:
    lede = "Acme Corp will build a bicycle plant in Lyon that employs 400 people from next year."
    other = "The city of Lyon welcomed the plan on Tuesday, and the regional council backed it."
    docs = [
        Document(id="d1", label=1, source="a.txt", text=lede),
        Document(
            id="d2",
            label=2,
            source="b.txt",
            text=f"{other}\n{lede.replace('will', 'said it will')}",
        ),
    ]
    brief = brief_from_documents(docs, engine="extractive")
    (first, *_) = brief.bottom_line
    point = brief.key_points[0]
    assert (first.text, first.cites, first.sources) == (point.statement, [point.id], 2)
    assert f"\n{point.statement} [1][2] (2 of 2 sources)\n" in render(brief, "md")
