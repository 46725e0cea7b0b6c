"""Finding excerpts in the seed articles: exact, normalized, guarded fuzzy, offsets always right."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from briefing.schemas import MatchKind, Span
from briefing.text.matching import (
    FUZZY_MIN_SCORE,
    IndexedText,
    cuts_token,
    find_span,
    normalize,
)

SEEDS = Path(__file__).parents[2] / "seeds"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
S0, S1, S2, S3, S4 = TEXTS

S1_STORYTELLER = (
    "AI can give creatives better tools to enhance their overall TV/movie experience for our "
    "members, but it doesn’t automatically make you a great storyteller if you’re not."
)
S3_REVENUE = (
    "Netflix’s quarterly revenue rose 17% year-over-year to $11.5 billion, although that was "
    "below the company’s forecast."
)


def assert_span(text: str, span: Span | None) -> Span:
    """Every span must be a literal slice of the original text."""
    assert span is not None
    assert text[span.start : span.end] == span.text
    assert span.text == span.text.strip()
    return span


def test_exact_means_literal() -> None:
    span = assert_span(S3, find_span(S3, S3_REVENUE, "d4"))
    assert span.kind == MatchKind.exact
    assert span.text == S3_REVENUE
    assert span.score == 100
    assert span.doc_id == "d4"


def test_case_difference_is_normalized_not_exact() -> None:
    span = assert_span(S3, find_span(S3, S3_REVENUE.upper(), "d4"))
    assert span.kind == MatchKind.normalized
    assert span.text == S3_REVENUE


def test_surrounding_whitespace_of_excerpt_is_ignored() -> None:
    span = assert_span(S3, find_span(S3, f"  {S3_REVENUE}\n", "d4"))
    assert span.kind == MatchKind.exact


def test_excerpt_across_a_line_break() -> None:
    # S1 has "Sarandos added,\n\n“We’re confident"; the excerpt has one space and straight quotes.
    excerpt = "Sarandos added, \"We're confident AI will help our creative partners"
    span = assert_span(S1, find_span(S1, excerpt, "d2"))
    assert span.kind == MatchKind.normalized
    assert "\n\n“We’re" in span.text


def test_curly_and_straight_quotes_match_both_ways() -> None:
    text = "He said: “It’s the studio’s ‘best’ year.” And then left."
    span = assert_span(text, find_span(text, "\"It's the studio's 'best' year.\"", "x"))
    assert span.text == "“It’s the studio’s ‘best’ year.”"
    straight = "He said: \"It's the studio's 'best' year.\""
    span = assert_span(straight, find_span(straight, "“It’s the studio’s ‘best’ year.”", "x"))
    assert span.kind == MatchKind.normalized


def test_guillemets_with_nbsp() -> None:
    words = "very well positioned to effectively leverage ongoing advances in AI."
    span = assert_span(S3, find_span(S3, words, "d4"))
    assert span.text == words
    quoted = f'it is "{words}"'
    span = assert_span(S3, find_span(S3, quoted, "d4"))
    assert span.kind == MatchKind.normalized
    assert span.text == f"it is «\xa0{words}\xa0»"


def test_dashes_zero_width_and_soft_hyphens() -> None:
    text = "Revenue rose 17% year–over–year; a great story\u00adteller\u200b said so."
    span = assert_span(text, find_span(text, "17% year-over-year; a great storyteller said", "x"))
    assert span.kind == MatchKind.normalized
    assert span.text == "17% year–over–year; a great story\u00adteller\u200b said"


def test_accented_french_and_german() -> None:
    french = "Votre adresse e-mail ne sera pas publiée."
    assert assert_span(S3, find_span(S3, french, "d4")).kind == MatchKind.exact
    german = "Der Konzern äußerte sich: Die Übernahme für 1,2 Mrd. Euro sei „völlig überzogen“."
    span = assert_span(german, find_span(german, "DIE ÜBERNAHME FÜR 1,2 MRD. EURO", "x"))
    assert span.text == "Die Übernahme für 1,2 Mrd. Euro"
    span = assert_span(german, find_span(german, "Der Konzern äusserte sich", "x"))
    assert span.text == "Der Konzern äußerte sich"


@pytest.mark.parametrize("text_form, excerpt_form", [("NFD", "NFC"), ("NFC", "NFD")])
def test_decomposed_accents(text_form: str, excerpt_form: str) -> None:
    sentence = "Le critique a jugé le film très réussi, même si la fin déçoit."
    text = "Préambule. " + unicodedata.normalize(text_form, sentence) + " Fin."
    excerpt = unicodedata.normalize(excerpt_form, "a jugé le film très réussi, même si")
    span = assert_span(text, find_span(text, excerpt, "x"))
    assert span.kind == MatchKind.normalized
    assert unicodedata.normalize("NFC", span.text) == "a jugé le film très réussi, même si"
    # The span never splits an accent from its letter.
    assert not unicodedata.combining(text[span.end])


def test_excerpt_ending_in_decomposed_letter_keeps_the_accent() -> None:
    text = unicodedata.normalize("NFD", "Il a été décidé à Orléans")
    span = assert_span(text, find_span(text, "décidé", "x"))
    assert span.text == unicodedata.normalize("NFD", "décidé")
    # A plain 'e' must not match half of an accented letter, though it is a literal substring.
    assert "Il a e" in text
    assert find_span(text, "Il a e", "x", allow_fuzzy=False) is None


def test_non_ascii_before_the_match_keeps_offsets_right() -> None:
    prefix = "Ünïcödé ﬁrst — “smart” quotes… 넷플릭스 ½ ß\u00ad\u200b\n\n"
    text = prefix + S3
    span = assert_span(text, find_span(text, S3_REVENUE.lower(), "x"))
    assert span.start == len(prefix) + S3.index(S3_REVENUE)
    assert span.text == S3_REVENUE


def test_korean_text() -> None:
    text = (
        "넷플릭스는 생성형 AI를 적극 활용하겠다고 밝혔다. 테드 서랜도스 CEO는 "
        "“훌륭한 작품에는 훌륭한 예술가가 필요하다”고 말했다."
    )
    span = assert_span(text, find_span(text, "훌륭한 작품에는 훌륭한 예술가가 필요하다", "x"))
    assert span.kind == MatchKind.exact
    decomposed = unicodedata.normalize("NFD", text)
    assert len(decomposed) > len(text)  # Hangul syllables become jamo
    span = assert_span(decomposed, find_span(decomposed, "테드 서랜도스 CEO는", "x"))
    assert span.kind == MatchKind.normalized
    assert unicodedata.normalize("NFC", span.text) == "테드 서랜도스 CEO는"


def test_one_character_typo_in_a_long_excerpt_is_fuzzy_with_a_score() -> None:
    typo = S3_REVENUE.replace("forecast", "forcast")
    span = assert_span(S3, find_span(S3, typo, "d4"))
    assert span.kind == MatchKind.fuzzy
    assert FUZZY_MIN_SCORE <= span.score < 100
    assert span.text == S3_REVENUE


def test_source_typo_is_found_from_the_corrected_spelling() -> None:
    # S3 misspells "Billionaires’ Bunker" as "Binlionaires’ Bunker".
    excerpt = (
        "the producers of « Billionaires’ Bunker » used the technology as a pre-production tool"
    )
    span = assert_span(S3, find_span(S3, excerpt, "d4"))
    assert span.kind == MatchKind.fuzzy
    assert "Binlionaires" in span.text
    assert span.text.endswith("pre-production tool")


def test_dropped_article_is_fuzzy() -> None:
    excerpt = (
        "studios are more inclined to use generative AI for special effects rather than "
        "replacing role of actors"
    )
    span = assert_span(S3, find_span(S3, excerpt, "d4"))
    assert span.kind == MatchKind.fuzzy
    assert span.text.endswith("replacing the role of actors")


def test_changed_digit_is_not_found_even_fuzzily() -> None:
    changed = S3_REVENUE.replace("$11.5", "$12.5")
    assert find_span(S3, changed, "d4") is None
    near = IndexedText(S3, "d4").nearest(changed)
    # The characters agree well beyond the threshold: only the digit guard rejects it.
    assert near is not None and near.score >= 98
    assert_span(S3, near)


def test_moved_decimal_point_is_not_found() -> None:
    # Word by word "17.5" and "175" differ only by spacing; the digit guard must catch it.
    text = "In its report, the company said that its operating margin rose 175% over the period."
    excerpt = "the company said that its operating margin rose 17.5% over the period."
    assert find_span(text, excerpt, "x") is None
    assert find_span(text, excerpt.replace("17.5", "175").replace("period", "peroid"), "x")


def test_changed_scale_word_is_not_found() -> None:
    assert find_span(S3, S3_REVENUE.replace("billion", "million"), "d4") is None


def test_sentence_from_another_outlet_is_not_found() -> None:
    # S3 prints the same Sarandos remark with four words changed.
    assert find_span(S3, S1_STORYTELLER, "d4") is None
    near = IndexedText(S3, "d4").nearest(S1_STORYTELLER)
    assert near is not None and "creators better tools to improve" in near.text


def test_cross_outlet_pair_above_the_character_threshold_is_still_rejected() -> None:
    s1_wording = "We’re all in on that, but we’re not chasing novelty for novelty’s sake."
    near = IndexedText(S3, "d4").nearest(s1_wording)
    # Measured: 93.9, above FUZZY_MIN_SCORE; the word-level guard is what rejects it.
    assert near is not None and near.score >= FUZZY_MIN_SCORE
    assert find_span(S3, s1_wording, "d4") is None


def test_revenue_bullet_from_another_outlet_is_not_found() -> None:
    bullet = "17% revenue growth to $11.5 billion this quarter (though below expectations)"
    assert find_span(S0, bullet, "d1") is not None
    assert find_span(S3, bullet, "d4") is None


def test_partial_excerpt_with_invented_tail_is_not_found() -> None:
    invented = S3_REVENUE[:-1] + " and analysts at Goldman Sachs raised their price target."
    assert find_span(S3, invented, "d4") is None
    assert IndexedText(S3, "d4").nearest(invented) is not None


def test_short_excerpts_are_never_fuzzy() -> None:
    assert find_span(S3, "Ted Sarandoz said", "d4") is None
    assert find_span(S3, "Ted Sarandos said", "d4") is not None


def test_matches_do_not_cut_numbers_or_words() -> None:
    assert find_span(S3, "revenue rose 1", "d4") is None
    assert find_span(S3, "5 billion", "d4") is None
    assert find_span(S3, "etflix", "d4") is None
    assert cuts_token("17.5%", 0, 3)
    assert not cuts_token("17.5%", 0, 4)


def test_trailing_punctuation_is_forgiven_only_when_needed() -> None:
    # S1 prints "advances in AI,”": a period in the excerpt is not a reason to fail.
    span = assert_span(S1, find_span(S1, "leverage ongoing advances in AI.", "d2"))
    assert span.kind == MatchKind.normalized
    assert span.text == "leverage ongoing advances in AI"
    text = "Margins reached 17.5% this year."
    assert find_span(text, "Margins reached 17.", "x") is None


def test_empty_excerpt() -> None:
    assert find_span(S3, "   ", "d4") is None
    assert IndexedText(S3, "d4").nearest("") is None


def test_normalize() -> None:
    assert normalize("  «\u00a0Ça  va\u202f»  ") == '"ça va"'
    assert normalize("It’s — “OK”") == 'it\'s - "ok"'
    assert normalize("e\u0301") == normalize("é")


def test_indexed_text_find_all_lists_every_occurrence() -> None:
    index = IndexedText(S3, "d4")
    spans = index.find_all("sarandos")
    assert len(spans) == S3.count("Sarandos") + S3.count("sarandos")
    for span in spans:
        assert_span(S3, span)


def _token_boundaries(text: str) -> list[int]:
    return [i for i in range(len(text) + 1) if not cuts_token(text, i, i)]


@pytest.mark.parametrize("doc", range(len(TEXTS)))
def test_random_substrings_are_found_exactly(doc: int) -> None:
    text = TEXTS[doc]
    index = IndexedText(text, f"d{doc + 1}")
    bounds = _token_boundaries(text)
    rng = random.Random(doc)
    checked = 0
    while checked < 150:
        start = rng.choice(bounds)
        ends = [b for b in bounds if start < b <= start + 200]
        if not ends:
            continue
        excerpt = text[start : rng.choice(ends)]
        if not excerpt.strip():
            continue
        span = assert_span(text, index.find(excerpt))
        assert span.kind == MatchKind.exact
        assert span.text == excerpt.strip()
        checked += 1


@pytest.mark.parametrize("doc", range(len(TEXTS)))
def test_random_substrings_rewritten_are_found_normalized(doc: int) -> None:
    text = TEXTS[doc]
    index = IndexedText(text, f"d{doc + 1}")
    bounds = _token_boundaries(text)
    rng = random.Random(100 + doc)
    for _ in range(100):
        start = rng.choice(bounds)
        end = max([b for b in bounds if b <= start + 120] or [start])
        excerpt = text[start:end]
        if len(excerpt.strip()) < 2:
            continue
        rewritten = " ".join(excerpt.replace("’", "'").replace("“", '"').upper().split())
        span = assert_span(text, index.find(rewritten, allow_fuzzy=False))
        assert normalize(span.text) == normalize(excerpt)


@pytest.mark.parametrize("doc", range(len(TEXTS)))
def test_random_typos_are_found_fuzzily_at_the_right_place(doc: int) -> None:
    text = TEXTS[doc]
    index = IndexedText(text, f"d{doc + 1}")
    sentences = [s for s in text.split("\n") if len(s) >= 60 and text.count(s) == 1]
    rng = random.Random(200 + doc)
    for sentence in rng.sample(sentences, min(8, len(sentences))):
        letters = [i for i, ch in enumerate(sentence) if ch.isalpha()]
        at = rng.choice(letters)
        typo = sentence[:at] + ("q" if sentence[at] != "q" else "z") + sentence[at + 1 :]
        span = assert_span(text, index.find(typo))
        assert span.kind == MatchKind.fuzzy
        assert span.start >= text.index(sentence) - 2
        assert span.end <= text.index(sentence) + len(sentence) + 2
