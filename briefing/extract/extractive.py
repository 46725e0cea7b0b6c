"""The offline engine: the extraction a model would return, read from the text alone.

It copies every excerpt from the document, so the validator treats its output exactly like a
model's and can still reject it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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
from briefing.text.quotes import quoted_regions
from briefing.text.sentences import Sentence, sentences
from briefing.text.words import NAME_RE, content_stems, words

MAX_FACTS = 30
MIN_FACT_WORDS = 6
MAX_FACT_WORDS = 70
MIN_QUOTE_WORDS = 4

SPEECH_VERBS = (
    "said|says|say|noted|notes|added|adds|told|tells|explained|explains|stated|states|wrote|"
    "writes|emphasized|emphasised|emphasizes|reaffirmed|expressed|argued|argues|warned|warns|"
    "declared|declares|insisted|insists|acknowledged|asked|replied|continued|remarked|"
    "announced|saying|stating|adding|noting|writing|explaining|emphasizing|arguing|warning"
)
PARTICIPLES = frozenset(
    "saying stating adding noting writing explaining emphasizing arguing warning".split()
)
ROLE_WORDS = (
    "CEO|co-CEO|CFO|COO|CTO|chief executive|chief|president|founder|co-founder|chairman|chair|"
    "analyst|actor|actress|director|spokesperson|spokesman|spokeswoman|minister|senator|"
    "executive|producer|writer|economist|professor|investor|regulator|stars like|star"
)
PRONOUNS = {"he": "person", "she": "person", "they": "org", "it": "org"}
ORG_SUBJECTS = re.compile(r"\b(?:the company|the firm|the streamer|the group)\b", re.I)
FULL_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}"
NOT_NAMES = frozenset(
    """The This That These Those A An In On At For But And As With When While After Before
    Since Despite Meanwhile However Earlier Just AI CEO Key Points Why It Matters He She They
    We Our Its January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)

BULLET_RE = re.compile(r"^(?:[-•*–]|\d+[.)])\s+")
SCALE = r"(?:\s?(?:billion|million|trillion|thousand|bn|mn|tn|[mbk])\b)?"
NUM = r"\d[\d,]*(?:\.\d+)?"
FIGURE_RE = re.compile(
    rf"(?P<money>(?:US)?[$€£¥]\s?{NUM}{SCALE})"
    rf"|(?P<percent>{NUM}\s?(?:%|percent\b|per cent\b))"
    rf"|(?P<count>{NUM}\+?[ -](?:days?|weeks?|months?|years?|hours?|people|members|subscribers|"
    r"users|employees|jobs|titles|shows|films|movies|countries|episodes|customers|workers)\b)"
)
FUNCTION_WORDS = frozenset("to of at by in on for from with a an the and or".split())
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
CATEGORY_HINTS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (
        Category.financial,
        re.compile(r"revenue|earnings|profit|forecast|\$|%|quarter|investor", re.I),
    ),
    (
        Category.regulation,
        re.compile(r"safeguard|guardrail|union|regulat|law|consent|copyright|strike|protect", re.I),
    ),
    (Category.people, re.compile(r"\b(?:CEO|said|says|actor|actors|artists?)\b", re.I)),
    (Category.product, re.compile(r"\b(?:series|film|show|scene|production|tools?|model)\b", re.I)),
    (Category.strategy, re.compile(r"strateg|position|plan|invest|all in|commit", re.I)),
    (Category.industry, re.compile(r"industry|hollywood|studios", re.I)),
)


class ExtractiveEngine:
    """The offline engine: no model, no network; every excerpt copied from the text."""

    def read(self, docs: list[Document], check: Check, progress: Progress | None) -> Reading:
        """Each document read by `extract`; a document takes milliseconds, so no progress."""
        return Reading([(d, extract(d)) for d in docs])

    def write_top(self, material: Material, check: SentenceCheck) -> Top:
        """The lead points as printed: they are their sources' own sentences, so need no check."""
        return Top(lead_sentences(material.lead), [], Writer.offline)

    def info(self) -> EngineInfo:
        return EngineInfo(EngineKind.extractive)

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None


def extract(doc: Document) -> Extraction:
    """Read one document the way a careful model would, copying every excerpt verbatim."""
    text = doc.text
    sents = sentences(text)
    regions = quoted_regions(text)
    people = find_people(text)
    quotes = extract_quotes(text, regions, sents, people)
    facts = extract_facts(text, sents, regions)
    figures = extract_figures(sents)
    entities = extract_entities(text, regions, people)
    headline = doc.title or (facts[0].statement if facts else text[:120])
    summary = facts[0].statement if facts else headline
    return Extraction(
        headline=headline,
        summary=summary,
        facts=facts,
        quotes=quotes,
        figures=figures,
        entities=entities,
    )


# --- people and attribution ---------------------------------------------------------------------


def find_people(text: str) -> dict[str, Person]:
    """People named with a role or a speech verb; keyed by full name and by surname."""
    found: dict[str, Person] = {}
    role_re = re.compile(rf"(?P<role>(?:[A-Z][\w-]*\s+)?(?i:{ROLE_WORDS}))\s+(?P<name>{FULL_NAME})")
    verb_re = re.compile(rf"(?P<name>{FULL_NAME})\s+(?:{SPEECH_VERBS})\b")
    for m in role_re.finditer(text):
        _add_person(found, m.group("name"), m.group("role"))
    for m in verb_re.finditer(text):
        _add_person(found, m.group("name"), None)
    return found


def _add_person(found: dict[str, Person], name: str, role: str | None) -> None:
    parts = name.split()
    while parts and (parts[0] in NOT_NAMES or re.fullmatch(ROLE_WORDS, parts[0], re.I)):
        parts = parts[1:]
    if len(parts) < 2:
        return
    full = " ".join(parts)
    known = found.get(full)
    if role and role.lower().startswith("stars like"):
        role = "actor"
    if known is None or (role and not known.role):
        person = Person(full, role or (known.role if known else None))
        found[full] = person
        found.setdefault(parts[-1], person)


def _open_close(text: str, start: int, end: int) -> tuple[int, int]:
    """Positions of the quotation marks around an inner region."""
    i = start - 1
    while i > 0 and text[i].isspace():
        i -= 1
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return i, j


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("? ", 0, pos))
    return cut + 1 if cut >= 0 else 0


def resolve_speaker(text: str, start: int, end: int, people: dict[str, Person]) -> Person | None:
    """Who said the words between start and end, from the attribution around them."""
    open_mark, close_mark = _open_close(text, start, end)
    after = text[close_mark + 1 : close_mark + 120].split("\n", 1)[0]
    m = re.match(rf"\s*,?\s*(?P<subj>[^.!?\"“”«»]{{1,60}}?)\s+(?:{SPEECH_VERBS})\b", after)
    if m and not re.search(r"[\"“”«»]", m.group("subj")):
        person = _subject(text, m.group("subj"), open_mark, people)
        if person:
            return person
    m = re.match(rf"\s*,?\s*(?:{SPEECH_VERBS})\s+(?P<subj>{FULL_NAME})", after)
    if m:
        return _subject(text, m.group("subj"), open_mark, people)
    return _speaker_before(text, open_mark, people)


def _speaker_before(text: str, open_mark: int, people: dict[str, Person]) -> Person | None:
    # A quote that opens a paragraph is often introduced by the previous one ("..., saying,").
    para_start = text.rfind("\n", 0, open_mark) + 1
    lead = text[para_start:open_mark]
    if not lead.strip():
        prev_end = para_start - 1
        while prev_end > 0 and text[prev_end - 1] == "\n":
            prev_end -= 1
        prev = text[text.rfind("\n", 0, prev_end) + 1 : prev_end]
        if prev.rstrip().endswith((",", ":")):
            lead = prev
    sentence = lead[_sentence_start(lead, len(lead)) :] if lead.count(". ") else lead
    # A quote that opens a new sentence continues the speaker of the one before it.
    lead = sentence if sentence.strip() else lead
    verbs = list(re.finditer(rf"\b(?:{SPEECH_VERBS})\b", lead))
    if verbs:
        verb = verbs[-1]
        if verb.group() in PARTICIPLES:
            subj = lead
        else:
            # The subject sits in the verb's own clause: "..., he said it's « ... »".
            clauses = re.split(r"[,;:]", lead[: verb.start()])
            subj = clauses[-1] if clauses[-1].strip() else lead[: verb.start()]
        person = _subject(text, subj, open_mark, people, last=verb.group() not in PARTICIPLES)
        if person:
            return person
    return _last_person(lead, people)


def _subject(
    text: str, subj: str, pos: int, people: dict[str, Person], *, last: bool = True
) -> Person | None:
    pronoun = re.search(r"\b(he|she|it|they)\s*$", subj.strip(), re.I)
    if pronoun and len(subj.split()) <= 2:
        if PRONOUNS[pronoun.group(1).lower()] == "person":
            return _last_person(text[max(0, pos - 1500) : pos], people)
        return _main_org(text)
    if ORG_SUBJECTS.search(subj) and len(subj.split()) <= 3:
        return _main_org(text)
    runs = [m for m in NAME_RE.finditer(subj) if m.group() not in NOT_NAMES]
    if not runs:
        return None
    run = runs[-1] if last else runs[0]
    person = _person_in(run.group(), people)
    if person:
        return person
    # An organisation speaking ("Netflix wrote in a letter ...").
    name = run.group().split()[-1] if len(run.group().split()) > 3 else run.group()
    return Person(name, None)


def _person_in(run: str, people: dict[str, Person]) -> Person | None:
    for key, person in people.items():
        if re.search(rf"\b{re.escape(key)}\b", run):
            return person
    return None


def _last_person(context: str, people: dict[str, Person]) -> Person | None:
    best: tuple[int, Person] | None = None
    for key, person in people.items():
        for m in re.finditer(rf"\b{re.escape(key)}\b", context):
            if best is None or m.start() > best[0]:
                best = (m.start(), person)
    return best[1] if best else None


def _main_org(text: str) -> Person | None:
    counts = Counter(
        m.group()
        for m in re.finditer(r"\b[A-Z][a-zA-Z]+\b", text)
        if m.group() not in NOT_NAMES and m.start() != _sentence_start(text, m.start())
    )
    return Person(counts.most_common(1)[0][0], None) if counts else None


# --- quotes ---------------------------------------------------------------------------------------


def is_title(inner: str) -> bool:
    """A short run of capitalised words in quotation marks names a work, not a statement."""
    tokens = words(inner)
    caps = sum(1 for t in tokens if t[:1].isupper() or t.isdigit())
    return 0 < len(tokens) <= 6 and caps >= len(tokens) - 1


def extract_quotes(
    text: str, regions: list[tuple[int, int]], sents: list[Sentence], people: dict[str, Person]
) -> list[Quote]:
    """Direct quotations with a resolved speaker, split at sentence boundaries."""
    quotes: list[Quote] = []
    for start, end in regions:
        inner = text[start:end]
        if len(words(inner)) < MIN_QUOTE_WORDS or is_title(inner):
            continue
        speaker = resolve_speaker(text, start, end, people)
        if speaker is None:
            continue
        for piece in sentences(inner):
            quote = piece.text.rstrip(" ,;:")
            if len(words(quote)) >= MIN_QUOTE_WORDS:
                quotes.append(Quote(speaker=speaker.name, role=speaker.role, text=quote))
    return quotes


# --- facts ----------------------------------------------------------------------------------------


def _quoted_share(sent: Sentence, regions: list[tuple[int, int]], text: str) -> float:
    inside = 0
    for start, end in regions:
        lo, hi = max(start, sent.start), min(end, sent.end)
        if hi > lo and len(words(text[start:end])) >= MIN_QUOTE_WORDS:
            inside += hi - lo
    return inside / max(1, sent.end - sent.start)


def fact_candidates(
    text: str, sents: list[Sentence], regions: list[tuple[int, int]]
) -> list[Sentence]:
    """Sentences that state something: not headings, list intros or mostly quotation."""
    out = []
    for sent in sents:
        body = BULLET_RE.sub("", sent.text)
        offset = sent.start + len(sent.text) - len(body)
        is_item = body != sent.text
        n = len(words(body))
        if not (MIN_FACT_WORDS <= n <= MAX_FACT_WORDS) or body.endswith((":", "?")):
            continue
        if not is_item and not re.search(r"[.!\"”»’)]$", body):
            continue
        cand = Sentence(offset, sent.end, body)
        if _quoted_share(cand, regions, text) <= 0.5:
            out.append(cand)
    return out


def fact_score(sent: Sentence) -> float:
    """Content, names and numbers make a sentence worth a point; filler does not."""
    stems = content_stems(sent.text)
    names = [m for m in NAME_RE.finditer(sent.text) if m.start() > 0]
    numbers = re.findall(r"\d", sent.text)
    return len(set(stems)) * 0.3 + len(names) + (1.5 if numbers else 0)


def categorize(statement: str) -> Category:
    """The first category whose hint occurs in the statement."""
    for category, pattern in CATEGORY_HINTS:
        if pattern.search(statement):
            return category
    return Category.other


def extract_facts(text: str, sents: list[Sentence], regions: list[tuple[int, int]]) -> list[Fact]:
    """The most informative sentences, each its own verbatim evidence, in reading order."""
    candidates = fact_candidates(text, sents, regions)
    best = sorted(candidates, key=fact_score, reverse=True)[:MAX_FACTS]
    best.sort(key=lambda s: s.start)
    return [Fact(statement=s.text, evidence=[s.text], category=categorize(s.text)) for s in best]


# --- figures --------------------------------------------------------------------------------------


def _measures(sentence: str, start: int, end: int, kind: str) -> str:
    after = sentence[end:]
    of_phrase = re.match(r"\s+of\s+([^,.;:()]{3,40})", after)
    if of_phrase:
        return " ".join(of_phrase.group(1).split()[:4])
    if kind == "count" or re.match(rf"\s+(?:{METRIC_WORDS})\b", after):
        tail = re.match(r"\s*([^,.;:()]{3,40})", after)
        if tail:
            return " ".join(_trim_function_words(tail.group(1).split()[:3]))
    clause_start = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start)) + 1
    clause = sentence[clause_start:start]
    metric = list(re.finditer(rf"(?:\b[\w’'-]+\s+)?\b(?:{METRIC_WORDS})\b", clause))
    if metric:
        return metric[-1].group().strip()
    return " ".join(content_words_before(clause, 4)) or "value"


def _trim_function_words(tokens: list[str]) -> list[str]:
    while tokens and tokens[-1].lower() in FUNCTION_WORDS:
        tokens = tokens[:-1]
    return tokens


def content_words_before(clause: str, n: int) -> list[str]:
    """The last n words of a clause, skipping trailing prepositions."""
    return _trim_function_words(clause.split())[-n:]


def extract_figures(sents: list[Sentence]) -> list[Figure]:
    """Money, percentages and counts with units, each with what it measures and any change."""
    figures: list[Figure] = []
    for sent in sents:
        body = BULLET_RE.sub("", sent.text)
        change_match = CHANGE_RE.search(body)
        for m in FIGURE_RE.finditer(body):
            kind = m.lastgroup or "count"
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
        if name in entities or name in NOT_NAMES or name in people:
            continue
        if n >= 2 or re.fullmatch(r"[A-Z][A-Z0-9-]{1,}", name) or len(name.split()) >= 2:
            # Acronyms and camel-cased names are almost always organisations in news copy.
            org = re.search(r"[A-Z]{2}|[a-z][A-Z]", name)
            kind = EntityType.organization if org else EntityType.other
            entities[name] = Entity(name=name, type=kind, aliases=[])
    return list(entities.values())
