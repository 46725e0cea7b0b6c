"""Claim-level corroboration: the outlets that state a point's claim in their own words.

Merging links the sentences engines extracted; an outlet can state the same claim in a sentence
no engine picked, or inside a longer one ("…while Happy Gilmore 2 applied AI for age-regression
effects, and…"). For each point, every other outlet's text is searched, a sentence at a time,
for the claim: all the point's specific names (not the names the whole
story is about), all its numbers, and a content word of its own beside them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from briefing.merge.claims import count_outlets
from briefing.schemas import Citation, Document, KeyPoint, MatchKind, Span
from briefing.text.attribution import Speakers, find_people
from briefing.text.lexicon import NON_NAMES
from briefing.text.numbers import missing_numbers
from briefing.text.quotes import is_title, quoted_regions
from briefing.text.sentences import Sentence, sentences
from briefing.text.words import NAME_RE, content_stems

# A name used this many times per document is what the whole story is about ("Netflix", "AI"):
# it tells no claim from another. On the seeds, "Netflix" is used 9 times per document and the
# titles of its productions 1 to 2 times.
BACKGROUND_USES = 3
# Words that any sentence of a story about a technology uses of it: no evidence of one claim.
BACKGROUND_STEMS = frozenset({"use", "used", "said", "say", "new", "also"})
MIN_OWN_TERMS = 2  # content words of the point, besides its names, that the outlet's words share
# Nationality adjectives, which describe a name rather than make one: "the Argentine series".
DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ian|ine|ese|ish|ic|i)")
# "ChatGPT creator OpenAI", "Facebook parent Meta": the first name describes the second.
DESCRIPTOR = re.compile(r"\s+(?:creator|maker|owner|parent|developer|operator|publisher)\s+[A-Z]")
MAX_ANCHORS = 3  # a sentence naming more specifics is several claims; one outlet's match is chance
# "Sora 2" written "Sora": a name, then a version number.
VERSIONED = re.compile(r"(?P<base>.*[^\W\d])\s?\d+(?:\.\d+)?")


@dataclass
class _Story:
    """What the claim search needs of the documents, worked out once: their lower-case words,
    the names the story is about, and each capitalised word's sentences (a sentence or two
    adjacent ones), so a point's outlets are looked up, not searched for."""

    docs: list[Document]
    lower: set[str] = field(default_factory=set)
    background: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    windows: dict[str, list[tuple[Document, int, int]]] = field(default_factory=dict)
    # Worked out once per name: at thousands of documents the points share their names.
    named: dict[str, list[tuple[Document, int, int]]] = field(default_factory=dict)
    outlets_naming: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    versions: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # by document
    # Per statement, and per name and outlet: at 5,000 copies of one story, 36,297 points
    # have 234 statements, and a name's windows are those of a few outlets' thousand copies.
    anchored: dict[str, frozenset[str]] = field(default_factory=dict)
    by_outlet: dict[str, dict[str, list[tuple[Document, int, int]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, docs: list[Document], speakers: Mapping[str, Speakers]) -> _Story:
        story = cls(docs, background=_background(docs), labels={d.id: d.label for d in docs})
        for d in docs:
            # Who speaks where, as extraction worked it out, rather than finding it again.
            read = speakers.get(d.id)
            story.people.update(read.people if read else find_people(d.text))
            story.titles.update(_quoted_titles(d.text, read.regions if read else None))
            story.lower.update(re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", d.text))
            for start, end in _windows(sentences(d.text)):
                for word in set(re.findall(r"[A-Z][\w-]*", d.text[start:end])):
                    story.windows.setdefault(word, []).append((d, start, end))
        return story

    def naming(self, name: str) -> list[tuple[Document, int, int]]:
        """The windows that name it."""
        if name not in self.named:
            first = re.split(r"\s+|(?<=[^\W\d])(?=\d)", name)[0]
            self.named[name] = [
                w for w in self.windows.get(first, []) if self.holds(w[0].text[w[1] : w[2]], name)
            ]
        return self.named[name]

    def anchors(self, statement: str) -> frozenset[str]:
        """The names a claim is searched for by (see `_anchors`), once per statement."""
        if statement not in self.anchored:
            self.anchored[statement] = _anchors(statement, self)
        return self.anchored[statement]

    def naming_by_outlet(
        self, name: str, independent: dict[str, str]
    ) -> dict[str, list[tuple[Document, int, int]]]:
        """The windows that name it, by outlet, in the order of each outlet's first window
        (`independent` is the one corroborate was given: a story serves one call)."""
        if name not in self.by_outlet:
            grouped: dict[str, list[tuple[Document, int, int]]] = {}
            for w in self.naming(name):
                grouped.setdefault(independent.get(w[0].id, w[0].id), []).append(w)
            self.by_outlet[name] = grouped
        return self.by_outlet[name]

    def documents_naming(self, name: str) -> int:
        """How many documents name it."""
        if name not in self.outlets_naming:
            self.outlets_naming[name] = len({w[0].id for w in self.naming(name)})
        return self.outlets_naming[name]

    def holds(self, text: str, name: str) -> bool:
        """The text names it, possessive or not, "Sora2" as "Sora 2"."""
        return self.pattern(name).search(text) is not None

    def pattern(self, name: str) -> re.Pattern[str]:
        """What `holds` searches for, compiled once per name."""
        if name not in self.patterns:
            self.patterns[name] = _name_pattern(name)
        return self.patterns[name]

    def written_as(self, doc: Document, name: str) -> str:
        """The name as this document may write it: "Sora 2" may be plain "Sora" in a document
        that never gives Sora a number, when no document gives it another number."""
        m = VERSIONED.fullmatch(name)
        if m is None:
            return name
        base = m["base"].strip()
        if base not in self.versions:
            numbered = re.compile(rf"(?<![\w’'-]){re.escape(base)}\s?(\d+(?:\.\d+)?)(?![\w.])")
            self.versions[base] = {d.id: set(numbered.findall(d.text)) for d in self.docs}
        by_doc = self.versions[base]
        if by_doc.get(doc.id):
            return name  # the document numbers it itself: its plain name is another version
        return base if len(set().union(*by_doc.values())) == 1 else name


def corroborate(
    points: list[KeyPoint],
    docs: list[Document],
    independent: dict[str, str],
    speakers: Mapping[str, Speakers] | None = None,
) -> list[KeyPoint]:
    """Each point with the other outlets whose text states its claim added to its citations;
    `speakers` holds `Speakers.of` each document's text, by id, where it is known."""
    story = _Story.of(docs, speakers or {})
    return [_supported(p, story, independent) for p in points]


def _supported(point: KeyPoint, story: _Story, independent: dict[str, str]) -> KeyPoint:
    anchors = story.anchors(point.statement)
    if not _specific(anchors, story):
        return point
    added = _named_support(point, anchors, story, independent)
    if not added:
        return point
    citations = sorted([*point.citations, *added], key=lambda c: c.label)
    doc_ids = sorted({c.doc_id for c in citations}, key=story.labels.__getitem__)
    return point.model_copy(
        update={
            "citations": citations,
            "doc_ids": doc_ids,
            "corroboration": count_outlets(doc_ids, independent),
        }
    )


def _named_support(
    point: KeyPoint, anchors: frozenset[str], story: _Story, independent: dict[str, str]
) -> list[Citation]:
    """Other outlets' sentences that name every anchor and word the claim as its outlets do;
    the candidates are the sentences that name the rarest anchor."""
    rarest = min(anchors, key=lambda a: (story.documents_naming(a), a))
    by_outlet = dict(story.naming_by_outlet(rarest, independent))
    versioned = VERSIONED.fullmatch(rarest)
    if versioned:  # and those that write "Sora" for "Sora 2"
        base = versioned["base"].strip()
        for w in story.naming(base):
            if story.written_as(w[0], rarest) == base:
                outlet = independent.get(w[0].id, w[0].id)
                by_outlet[outlet] = [*by_outlet.get(outlet, []), w]
    counted = {independent.get(d, d) for d in point.doc_ids}
    own: set[str] | None = None  # worked out for the first outlet not yet counted
    added: list[Citation] = []
    # Outlet by outlet, its first window that states the claim (the citations are sorted by
    # label afterwards): the walk over every window, without the counted outlets' copies.
    for outlet, windows in by_outlet.items():
        if outlet in counted:
            continue
        for doc, start, end in windows:
            if own is None:
                own = _own_words(point)
            written = {a: story.written_as(doc, a) for a in anchors}
            # "Sora" for "Sora 2": the version number is no number the claim must carry there.
            claim = point.statement
            for name, plain in written.items():
                if plain != name:
                    claim = story.pattern(name).sub(plain, claim)
            if _states(doc.text[start:end], frozenset(written.values()), own, claim, story):
                added.append(_citation(doc, start, end))
                counted.add(outlet)
                break
    return added


def _citation(doc: Document, start: int, end: int) -> Citation:
    text = doc.text[start:end]
    span = Span(doc_id=doc.id, start=start, end=end, text=text, kind=MatchKind.exact, score=100)
    return Citation(doc_id=doc.id, label=doc.label, item_id=f"{doc.id}.s{start}", span=span)


def _anchors(statement: str, story: _Story) -> frozenset[str]:
    """The claim's specific names: the story's own names and its speakers aside, and a
    nationality that only describes the name beside it."""
    anchors = {_without(a, story.background) for a in _names(statement, story)} - {""}
    anchors = {a for a in anchors if a not in story.people}
    described = {a for a in anchors if DEMONYM.fullmatch(a) and _modifies(statement, a)}
    if anchors - described:
        anchors -= described  # "the Argentine series": the series is the name that matters
    return frozenset(anchors)


def _own_words(point: KeyPoint) -> set[str]:
    """The claim's own words, as any outlet that carries it words it."""
    worded = [point.statement, *(c.span.text for c in point.citations)]
    return {t for w in worded for t in _common_stems(w)} - BACKGROUND_STEMS


def _states(
    text: str, anchors: frozenset[str], own: set[str], statement: str, story: _Story
) -> bool:
    """The sentence names every anchor and every number of the claim, and words it as the
    claim's outlets do: two of their words, or one beside two names of the claim."""
    if not all(story.holds(text, a) for a in anchors) or missing_numbers(statement, [text]):
        return False
    needed = MIN_OWN_TERMS - (len(anchors) >= 2)
    return len(own & _common_stems(text)) >= needed


def _specific(anchors: frozenset[str], story: _Story) -> bool:
    """Names that single out one claim: two or three of them, or one title ("Happy Gilmore 2",
    or a word some outlet prints as a title in quotation marks, "The Eternaut"). One person or
    one place ("Ted Sarandos", "Hollywood") is what many sentences of a story name, whatever
    they claim; more than three names is several claims."""
    if len(anchors) > MAX_ANCHORS:
        return False
    return len(anchors) >= 2 or any(
        " " in a or any(ch.isdigit() for ch in a) or a in story.titles for a in anchors
    )


def _modifies(text: str, word: str) -> bool:
    """The word stands before a lower-case noun, as an adjective does: "Argentine series"."""
    return re.search(rf"\b{re.escape(word)}\s+[a-z]", text) is not None


def _windows(sents: list[Sentence]) -> Iterator[tuple[int, int]]:
    """Each sentence. (Two adjacent ones as well credited an outlet whose next sentence merely
    shared a story-wide word, "AI", with the claim.)"""
    for s in sents:
        yield s.start, s.end


def _without(name: str, background: set[str]) -> str:
    """The name without the story's own names in it: "Netflix CEO Ted Sarandos" is "Ted
    Sarandos" when Netflix is what the story is about."""
    return " ".join(w for w in name.split() if w.casefold() not in background)


def _name_pattern(name: str) -> re.Pattern[str]:
    """What `_Story.holds` searches for: the name, possessive or not, "Sora2" as "Sora 2"."""
    parts = re.split(r"(?<=[^\W\d])(?=\d)|\s+", name)
    pattern = r"\s?".join(re.escape(p) for p in parts if p)
    return re.compile(rf"(?<![\w’'-]){pattern}(?![\w-]|[’'][a-rt-z])")


def _names(text: str, story: _Story) -> set[str]:
    """Names in text: capitalised runs without starters and titles; a lone capitalised word
    only inside the sentence and when the sources never write it in lower case."""
    found = set()
    for m in NAME_RE.finditer(text):
        bare = [re.sub(r"[’']s$", "", w) for w in m.group().split()]  # OpenAI's is OpenAI
        words = [w for w in bare if w.casefold() not in NON_NAMES]
        run = " ".join(words)
        if DESCRIPTOR.match(text, m.end()):
            continue  # "ChatGPT creator OpenAI": ChatGPT only says which OpenAI
        opens = not text[: m.start()].strip(" \t-*•\"“‘'(")
        if not run or (len(words) == 1 and (opens or run.lower() in story.lower)):
            continue  # "Made characters appear younger…": the sentence's first word
        found.add(run)
    return found


def _background(docs: list[Document]) -> set[str]:
    """Names used so often that they are the story, not a claim in it (lower case)."""
    uses: Counter[str] = Counter()
    for d in docs:
        for m in NAME_RE.finditer(d.text):
            for w in m.group().split():
                uses[w.casefold()] += 1
    limit = BACKGROUND_USES * max(1, len(docs))
    return {w for w, n in uses.items() if n >= limit}


def _quoted_titles(text: str, regions: list[tuple[int, int]] | None = None) -> set[str]:
    """Names a text prints as titles, in quotation marks: « The Eternaut », "Halo 3"
    (`regions`: the text's quoted regions, when known)."""
    found: set[str] = set()
    for start, end in quoted_regions(text) if regions is None else regions:
        inner = text[start:end].strip(" \u00a0,.")
        if is_title(inner):
            found.update(w for w in inner.split() if w.casefold() not in NON_NAMES)
    return found


def _common_stems(text: str) -> set[str]:
    """Content stems of the words written in lower case: what is claimed, not who or what
    the claim is about ("Netflix", "AI" are names, and weigh nothing here)."""
    return set(content_stems(" ".join(re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", text))))
