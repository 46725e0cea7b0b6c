"""Properties of grounding, for any text: exact offsets, typographic variants mapped back to the
original, and ingest that turns any bytes into a document or a one-line error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.ingest.files import load_sources
from briefing.schemas import MatchKind
from briefing.text.matching import IndexedText, cuts_token, normalize, normalize_with_map

WORDS = st.sampled_from(
    ["Netflix", "said", "revenue", "rose", "17%", "to", "$11.5", "billion", "Sarandos", "AI",
     "don’t", "“all", "in”", "—", "Müller", "café", "e\u0301t\u00e9", "«", "»", "한국", "1,200"]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\u00a0", " \n "])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "\u00a0": " "})


@given(TEXTS, st.data())
def test_any_whole_word_substring_is_found_at_exact_offsets(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    excerpt = text[start:end].strip()
    if not excerpt or cuts_token(text, text.find(excerpt), text.find(excerpt) + len(excerpt)):
        return
    span = IndexedText(text).find(excerpt)
    assert span is not None
    assert span.kind is MatchKind.exact
    assert text[span.start : span.end] == span.text == excerpt


@given(TEXTS, st.data())
def test_typographic_variants_map_back_to_the_original(text: str, data: st.DataObject) -> None:
    words = [
        i for i in range(len(text)) if (i == 0 or text[i - 1].isspace()) and not text[i].isspace()
    ]
    bounds = [*words, len(text)]
    a, b = sorted(data.draw(st.lists(st.sampled_from(bounds), min_size=2, max_size=2, unique=True)))
    original = text[a:b].strip()
    variant = original.translate(STRAIGHT).replace(" ", "  ")
    if not normalize(original):
        return
    span = IndexedText(text).find(variant, allow_fuzzy=False)
    assert span is not None
    assert text[span.start : span.end] == span.text
    assert normalize(span.text) == normalize(variant) == normalize(original)


@given(st.text(max_size=200) | st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_the_ascii_shortcut_normalizes_as_the_mapping_walk_does(text: str) -> None:
    assert normalize(text) == normalize_with_map(text)[0]


@given(st.text(max_size=200))
def test_every_normalized_character_maps_into_the_original(text: str) -> None:
    normalized, starts, ends = normalize_with_map(text)
    assert len(normalized) == len(starts) == len(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


# No deadline: each example writes and reads a file, and a loaded 2-core runner is slow.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60, deadline=None
)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_give_a_document_or_a_one_line_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    docs, errors = load_sources([str(path)])
    assert len(docs) + len(errors) == 1
    for e in errors:
        assert str(path) in str(e) and "\n" not in e.message
    for d in docs:
        assert d.text.strip()
