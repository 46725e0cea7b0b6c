"""The offline engine: the extraction a model would return, read from the text alone.

It copies every excerpt from the document, so the validator treats its output exactly like a
model's and can still reject it.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing.extract.engine import (
    Check,
    EngineInfo,
    Material,
    Progress,
    Reading,
    SentenceCheck,
    Top,
)
from briefing.extract.top import lead_sentences
from briefing.schemas import (
    Category,
    Document,
    EngineKind,
    Entity,
    EntityType,
    Extraction,
    Fact,
    Figure,
    Quote,
    Writer,
)
from briefing.text.attribution import How, Person, Speakers, name_words
from briefing.text.instructions import is_instruction
from briefing.text.lexicon import (
    FUNCTION_WORDS,
    NON_NAMES,
    STOPWORDS,
)
from briefing.text.quotes import is_title
from briefing.text.sentences import LIST_MARKER, Sentence, sentences
from briefing.text.words import NAME_RE, content_stems, words

# None of these was fitted to data: each says what it is for, and what it guards against.
MAX_FACTS = 30  # per document: enough for every event of a long article to find its outlets
MIN_FACT_WORDS = 6  # shorter lines are headings, captions and datelines, not statements
MAX_FACT_WORDS = 70  # longer "sentences" are paragraphs the sentence splitter could not cut
# "I'm not worried" is a statement, "fully committed" a phrase in quotation marks. On the 45
# annotated Multi-News dev clusters, 3 rather than 4 showed 83.9% rather than 79.9% of the
# quotes whose article names the speaker with that speaker, all of them right.
MIN_QUOTE_WORDS = 3
MAX_QUOTED_SHARE = 0.5  # past this, a fact is mostly quotation: it must name its speaker
HEADLINE_CHARS = 120  # an untitled document's headline: the start of its text
# A fact's worth: distinct content words, names past the first word, and any number. A name
# weighs about three content words and a number five: both are what a brief is read for.
CONTENT_WEIGHT = 0.3
NUMBER_WEIGHT = 1.5
MEASURE_WORDS = 4  # "revenue of the streaming unit": what a figure measures, at most
TAIL_WORDS = 3  # "200 engineers in Berlin": the unit words after a count


# Units a count must carry to be a figure. Kept short on purpose: a wider list (votes, cases,
# states, flights) added 10 figure rows to 50 Multi-News briefs, nearly all with meaningless labels.
COUNT_UNITS = (
    "days?|weeks?|months?|years?|hours?|people|members|subscribers|users|employees|jobs|titles|"
    "shows|films|movies|countries|episodes|customers|workers"
)
# "2-year-olds", "13 years old", "83 years ago": a person's age or a point in time, not a
# figure of the story; two people's ages are no disagreement between outlets.
AGE = re.compile(r"[ -](?:olds?|ago)\b")
# Words a measure neither opens nor ends on: what follows a count is its measure only when it
# starts as a noun phrase ("jobs in Lyon"), not as a clause ("to get my", "them people").
LABEL_EDGES = FUNCTION_WORDS | frozenset(
    "my your me him them us it is are was were be been no not who which".split()
)
CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")
SCALE = r"(?:[\s-]?(?:billion|million|trillion|thousand|bn|mn|tn|[mbk])\b)?"  # "$4.77-billion"
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # "$92,700," ends before its comma
FIGURE_RE = re.compile(
    rf"(?P<money>(?:US)?[$€£¥]\s?(?:{NUM}){SCALE})"
    rf"|(?P<percent>(?:{NUM})\s?(?:%|percent\b|per cent\b))"
    rf"|(?P<count>(?:{NUM})\+?[ -](?:{COUNT_UNITS})\b)"
)
METRIC_WORDS = (
    "revenue|revenues|sales|profit|profits|income|earnings|growth|subscribers|users|margin|"
    "shares|stock|price|cost|costs|budget|valuation|market share|content|spending|members"
)
CHANGE_RE = re.compile(
    r"\b(?:rose|rises|grew|grows|increased|jumped|climbed|fell|falls|declined|dropped|slid|"
    r"growth|up|down)\b[^,;]{0,40}?\d[\d,.]*\s?(?:%|percent|per cent)(?:\s(?:year-over-year|"
    r"year over year|from a year earlier))?",
    re.I,
)
# The first hint that occurs in a statement gives its category: words any business or policy
# story uses, in the order that settles overlaps (a fine is regulation, not money).
CATEGORY_HINTS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (
        Category.regulation,
        re.compile(
            r"regulat|\blaw\b|lawsuit|court|judge|ruling|legislat|antitrust|\bfined?\b|\bban"
            r"|copyright|\bunion\b|strike|safeguard|compliance",
            re.I,
        ),
    ),
    (
        Category.financial,
        re.compile(
            r"revenue|earnings|profit|loss|forecast|quarter|investor|shares|stock|sales|dividend"
            r"|valuation|[$€£¥%]|\b(?:b|m)illion\b",
            re.I,
        ),
    ),
    (
        Category.people,
        re.compile(
            r"\b(?:CEO|chief executive|resign\w*|appoint\w*|hired?|fired|employees)\b", re.I
        ),
    ),
    (
        Category.product,
        re.compile(
            r"\b(?:launch\w*|product|service|feature|release[ds]?|device|platform|tools?)\b", re.I
        ),
    ),
    (
        Category.strategy,
        re.compile(r"strateg|\bplans?\b|invest|acqui|merger|partnership|expan|commit", re.I),
    ),
    (Category.industry, re.compile(r"industry|sector|market|rivals|competitor", re.I)),
)


def _non_name(word: str) -> bool:
    """A capitalized word that is not a name: a sentence starter, a title, a day, a month."""
    return word.casefold() in NON_NAMES


class ExtractiveEngine:
    """The offline engine: no model, no network; every excerpt copied from the text."""

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        """Each document read by `extract`; a document takes milliseconds, so no progress.
        Who speaks in each comes back with the reading: the validator and the merge need it."""
        speakers = {d.id: Speakers.of(d.text) for d in docs}
        return Reading([(d, extract(d, speakers[d.id])) for d in docs], speakers=speakers)

    def write_top(self, material: Material, check: SentenceCheck) -> Top:
        """The lead points as printed: they are their sources' own sentences, so need no check."""
        return Top(lead_sentences(material.lead), [], Writer.offline)

    def info(self) -> EngineInfo:
        return EngineInfo(EngineKind.extractive)

    def close(self) -> None:
        pass


def extract(doc: Document, speakers: Speakers | None = None) -> Extraction:
    """Read one document the way a careful model would, copying every excerpt verbatim;
    `speakers` is `Speakers.of` its text when the caller has it already."""
    text = doc.text
    sents = sentences(text)
    speakers = Speakers.of(text) if speakers is None else speakers
    regions = speakers.regions
    quotes = extract_quotes(speakers)
    facts = extract_facts(sents, speakers)
    figures = extract_figures(sents)
    entities = extract_entities(text, regions, speakers.people)
    headline = doc.title or (facts[0].statement if facts else text[:HEADLINE_CHARS])
    summary = facts[0].statement if facts else headline
    return Extraction(
        headline=headline,
        summary=summary,
        facts=facts,
        quotes=quotes,
        figures=figures,
        entities=entities,
    )


# --- quotes ---------------------------------------------------------------------------------------


def extract_quotes(speakers: Speakers) -> list[Quote]:
    """Direct quotations whose speaker the attribution rules are sure of, split at sentence
    boundaries; the rest are left out rather than given to someone nearby."""
    quotes: list[Quote] = []
    for start, end in speakers.regions:
        inner = speakers.text[start:end]
        if len(words(inner)) < MIN_QUOTE_WORDS or is_title(inner):
            continue
        speaker = speakers.attribute(start, end).speaker
        if speaker is None:
            continue
        for piece in sentences(inner):
            quote = piece.text.rstrip(" ,;:")
            if len(words(quote)) >= MIN_QUOTE_WORDS:
                quotes.append(Quote(speaker=speaker.name, role=speaker.role, text=quote))
    return quotes


# --- facts ----------------------------------------------------------------------------------------


def _quoted(sent: Sentence, regions: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The quotations of at least MIN_QUOTE_WORDS words that overlap the sentence."""
    return [
        (start, end)
        for start, end in regions
        if min(end, sent.end) > max(start, sent.start)
        and len(words(text[start:end])) >= MIN_QUOTE_WORDS
    ]


def _quoted_share(sent: Sentence, quoted: list[tuple[int, int]]) -> float:
    inside = sum(min(end, sent.end) - max(start, sent.start) for start, end in quoted)
    return inside / max(1, sent.end - sent.start)


def _names_its_speakers(sent: Sentence, quoted: list[tuple[int, int]], speakers: Speakers) -> bool:
    """Each quotation is one sentence inside this one, and this one names who said it ("'They
    have great beaches,' Trump said"): read alone, it says whose words they are, and it makes
    one claim. "…," he said, or words running on from an earlier quotation, would not."""
    outside = sent.text
    for start, end in quoted:
        if start < sent.start or end > sent.end or len(sentences(speakers.text[start:end])) > 1:
            return False
        outside = outside.replace(speakers.text[start:end], " ")
    named = set(words(outside))
    for start, end in quoted:
        found = speakers.attribute(start, end)
        if found.how not in (How.after, How.before) or found.speaker is None:
            return False
        if not name_words(found.speaker.name) & {w.casefold() for w in named}:
            return False
    return True


def fact_candidates(sents: list[Sentence], speakers: Speakers) -> list[Sentence]:
    """Sentences that state something: not headings or list intros, and not mostly quotation
    unless they name the speaker."""
    out = []
    for sent in sents:
        body = LIST_MARKER.sub("", sent.text)
        offset = sent.start + len(sent.text) - len(body)
        is_item = body != sent.text
        n = len(words(body))
        if not (MIN_FACT_WORDS <= n <= MAX_FACT_WORDS) or body.endswith((":", "?")):
            continue
        if not is_item and not re.search(r"[.!\"”»’)]$", body):
            continue
        if is_instruction(body):
            continue  # words addressed to a model are no statement of the article
        cand = Sentence(offset, sent.end, body)
        quoted = _quoted(cand, speakers.regions, speakers.text)
        if _quoted_share(cand, quoted) <= MAX_QUOTED_SHARE or _names_its_speakers(
            cand, quoted, speakers
        ):
            out.append(cand)
    return out


def fact_score(sent: Sentence) -> float:
    """Content, names and numbers make a sentence worth a point; filler does not."""
    stems = content_stems(sent.text)
    names = [m for m in NAME_RE.finditer(sent.text) if m.start() > 0]
    numbers = re.findall(r"\d", sent.text)
    return len(set(stems)) * CONTENT_WEIGHT + len(names) + (NUMBER_WEIGHT if numbers else 0)


def categorize(statement: str) -> Category:
    """The first category whose hint occurs in the statement."""
    for category, pattern in CATEGORY_HINTS:
        if pattern.search(statement):
            return category
    return Category.other


def extract_facts(sents: list[Sentence], speakers: Speakers) -> list[Fact]:
    """The most informative sentences, each its own verbatim evidence, in reading order."""
    candidates = fact_candidates(sents, speakers)
    best = sorted(candidates, key=fact_score, reverse=True)[:MAX_FACTS]
    best.sort(key=lambda s: s.start)
    return [Fact(statement=s.text, evidence=[s.text], category=categorize(s.text)) for s in best]


# --- figures --------------------------------------------------------------------------------------


def _measures(sentence: str, start: int, end: int, kind: str) -> str:
    after = sentence[end:]
    of_phrase = re.match(r"\s+of\s+([^,.;:()]{3,40})", after)
    if of_phrase:
        label = " ".join(_trim_function_words(of_phrase.group(1).split()[:MEASURE_WORDS]))
        if _clean(label):
            return _share_of(sentence[:start], label) if kind == "percent" else label
    # "17% year-over-year revenue growth": a word or two that qualify the measure named after.
    qualified = re.match(rf"\s+((?:[\w-]+\s+){{1,2}}(?:{METRIC_WORDS}))\b", after)
    if qualified and _clean(qualified.group(1)):
        return qualified.group(1)
    if kind == "count" or re.match(rf"\s+(?:{METRIC_WORDS})\b", after):
        tail = re.match(r"\s*([^,.;:()]{3,40})", after)
        if tail:
            label = " ".join(_trim_function_words(tail.group(1).split()[:TAIL_WORDS]))
            if _clean(label):
                return label
    clause_start = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start)) + 1
    clause = sentence[clause_start:start]
    metric = list(re.finditer(rf"(?:\b[\w’'-]+\s+)?\b(?:{METRIC_WORDS})\b", clause))
    if metric:
        label = _without_verb(metric[-1].group().strip())
        if kind == "money" and label.split()[-1] == "growth":
            label = label.rsplit(" ", 1)[0] if " " in label else ""  # money is not a growth
        if label and _clean(label):
            return label
    # No word names what the number measures: the clause around it says it, a guess would not.
    return clause_around(sentence, start, end)


def _without_verb(label: str) -> str:
    """ "revenue" of "generated revenue", "holds shares", "have cost": the word before a
    measure qualifies it ("annual revenue", "Alphabet shares") unless it is a little word or
    reads as a verb."""
    first, _, rest = label.partition(" ")
    verb_like = re.fullmatch(r"[a-z][\w-]*(?:ed|[^s’'u]s)", first) is not None
    return rest if rest and (first.lower() in STOPWORDS or verb_like) else label


def _share_of(before: str, whole: str) -> str:
    """ "the algorithm that drives 80% of watched content": the share of the whole that
    the relative clause's subject accounts for, in the sentence's words; else the whole."""
    m = re.search(
        r"\b(?P<subject>(?:the|its|their|our)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
        r"(?:that|which)\s+(?P<verb>[a-z]+s)\s+$",
        before,
    )
    if m is None:
        return whole
    return f"share of {whole} that {m['subject']} {m['verb']}"


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause that holds sentence[start:end], cut at commas, semicolons, colons, dashes and
    parentheses: "the company lost $5.2 billion as oil prices plummeted"."""
    cuts = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    left = max((c + 1 for c in cuts if c < start), default=0)
    right = min((c for c in cuts if c >= end), default=len(sentence))
    return sentence[left:right].strip().rstrip(".!?")


def _clean(label: str) -> bool:
    """A measure a reader can take as it is: no open parenthesis, no dangling little word, no
    piece of a hyphenated word ("-olds")."""
    words_of = label.split()
    return (
        bool(words_of)
        and label[0].isalnum()
        and "(" not in label
        and words_of[0].lower() not in LABEL_EDGES  # "as a police", "to get my"
        and words_of[-1].lower() not in LABEL_EDGES  # "2 hours no"
    )


def _trim_function_words(tokens: list[str]) -> list[str]:
    while tokens and tokens[-1].lower() in FUNCTION_WORDS:
        tokens = tokens[:-1]
    return tokens


def extract_figures(sents: list[Sentence]) -> list[Figure]:
    """Money, percentages and counts with units, each with what it measures and any change."""
    figures: list[Figure] = []
    for sent in sents:
        body = LIST_MARKER.sub("", sent.text)
        change_match = CHANGE_RE.search(body)
        for m in FIGURE_RE.finditer(body):
            kind = m.lastgroup or "count"
            if kind == "count" and AGE.match(body, m.end()):
                continue
            change = None
            if change_match and kind == "money":
                change = change_match.group().strip()
            figures.append(
                Figure(
                    value=m.group().strip(),
                    measures=_measures(body, m.start(), m.end(), kind),
                    change=change,
                    evidence=body,
                )
            )
    return figures


# --- entities -------------------------------------------------------------------------------------


def extract_entities(
    text: str, regions: list[tuple[int, int]], people: dict[str, Person]
) -> list[Entity]:
    """People, organisations and titles of works as the document writes them."""
    entities: dict[str, Entity] = {}
    for key, person in people.items():
        if key == person.name:
            surname = person.name.split()[-1]
            aliases = [surname] if re.search(rf"\b{surname}\b", text) else []
            entities[key] = Entity(name=key, type=EntityType.person, aliases=aliases)
    for start, end in regions:
        inner = text[start:end].strip(" ,.")
        if is_title(inner) and inner not in entities:
            entities[inner] = Entity(name=inner, type=EntityType.work, aliases=[])
    counts = Counter(m.group() for m in NAME_RE.finditer(text))
    for name, n in counts.items():
        if name in entities or _non_name(name) or name in people:
            continue
        if n >= 2 or re.fullmatch(r"[A-Z][A-Z0-9-]{1,}", name) or len(name.split()) >= 2:
            # Acronyms and camel-cased names are almost always organisations in news copy.
            org = re.search(r"[A-Z]{2}|[a-z][A-Z]", name)
            kind = EntityType.organization if org else EntityType.other
            entities[name] = Entity(name=name, type=kind, aliases=[])
    return list(entities.values())
