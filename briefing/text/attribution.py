"""Who said a quotation: one set of rules, by which the offline engine chooses a speaker and the
validator checks any engine's.

- The speaker is the subject of the speech verb that governs the quotation ("…," Smith said;
  Smith said: "…"; according to Smith; Acme wrote in a letter that "…"), or the speaker of the
  previous quotation when the text runs straight on from it.
- A pronoun ("he said") resolves only to the one person named in the sentence before the
  quotation or the one before that; two candidates and it resolves to no one.
- The speaker is a name: never a date, a sentence opener, a capitalised common noun
  ("Authorities"), or someone the words are addressed to ("told Smith", "Mr. Smith," inside).
- When the rules are not sure there is no speaker: the brief never guesses.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from briefing.text.lexicon import (
    ADDRESSING_VERBS,
    FUNCTION_WORDS,
    HONORIFICS,
    NAME_SUFFIX_ABBREVIATIONS,
    NAME_TITLE_ABBREVIATIONS,
    NON_NAMES,
    PASSIVE_AUXILIARIES,
    ROLE_WORDS,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from briefing.text.names import first_name_gender, known_first_name
from briefing.text.quotes import QUOTE_EDGES, TITLE_MAX_WORDS, is_title, quoted_regions
from briefing.text.words import NAME_RE

ATTRIBUTION_CHARS = 200  # how far after a closing mark "…," said X is looked for
# The longest subject read before a speech verb: "…," Christine Daugherty, vice president of
# sustainable food production for Tyson Foods, said (85 characters) fits.
SUBJECT_CHARS = 120
LEAD_CHARS = 400  # the longest lead-in read before an opening mark
SHORT_SUBJECT_WORDS = 2  # "he", "but she": a pronoun standing alone as the subject
ORG_SUBJECT_WORDS = 3  # "the company", "the firm's": a noun phrase standing for the organisation
LONG_RUN_WORDS = 3  # a longer run of capitalised words is a headline; its last word is the name
# How far back "he said" may look, through sentences about "he": 6 reaches through a
# first-person account told in "she" sentences (Multi-News dev, tuning half; 6 and 8 gave the
# same, 4 fell short).
PRONOUN_SENTENCES = 6
# How far back "the company", "it said" or "the statement" may look for what they stand for.
REFERENCE_SENTENCES = 4
QUOTED_SENTENCES = 4  # and past how many sentences that are all quotation (the same voice)
# Words between "but" or "and" and the second verb of one subject ("but has also promised").
CONJOINED_AUXILIARIES = "has|have|had|also|later|then|will|would|was|is"
DEBRIS_WORDS = 12  # a heading or link line between paragraphs is at most this long
# "She was…", "But he said", "With the animal belly-up, she held…": the pronoun is the subject.
SUBJECT_PRONOUN = re.compile(
    r"^\W*(?:[^,.;:!?\"“”]{1,60},\s*)?(?:(?:but|and|so|then|now|still|yet|later)\s+)?(he|she)\b",
    re.I,
)
HEADING_WORDS = 10  # a quoted subheading is a few words; a quoted paragraph is a statement
# A pull quote repeats at least this many words of the body ("He loved everybody"); shorter
# phrases ("fully committed") are as likely to be anyone's.
REPEAT_WORDS = 3
CONTINUATION_GAP = 3  # at most this many words between a quotation and the next that continues it

# A capitalised word of a name, with the prefixes of surnames that carry a second capital
# ("McDonnell", "O’Malley", "DeVine", "LaGuardia").
NAME_WORD = r"(?:Mc|Mac|O[’']|D[’']|De|Di|Da|Du|La|Le)?[A-Z][a-z]+(?:-[a-z]+)?"
# "Ted Sarandos", "Kang Kyung-wha", "Hae-sung Chun", "Nicholas S. Zeppos": two or three
# capitalised words, perhaps with a middle initial.
FULL_NAME = rf"(?<![\w’'-]){NAME_WORD}(?: [A-Z]\.)?(?:[ -]{NAME_WORD}){{1,2}}"
PARENTHETICAL = re.compile(r"\s*\([^()]{0,40}\)")
SUBJECT_TAIL = frozenset(
    """also has have had later then again previously recently separately further once still
    on in at last this that week month year day night morning afternoon evening today
    yesterday tonight earlier""".split()
)
# Words that make a run of capitalised words an organisation or an event, not a person.
ORG_WORDS = frozenset(
    """awards committee council department office court university college school party
    association agency company news times post journal network house senate congress police
    foods inc corp group foundation institute bank airlines motors club league union ministry
    board commission center centre hospital church museum festival games olympics press
    magazine review tribune herald daily weekly service services bureau administration
    newspaper paper government ministry""".split()
)
# A name after one of these is the object of a preposition inside the subject, not the subject.
PREPOSITIONS = frozenset("in of at from by for with on into about under near inside".split())
ARTICLES = frozenset("the a an".split())
ORG_TAIL_WORDS = 2  # "Xinhua news agency": the words that make a name an organisation's
SUBJECT_TAIL_WORDS = 3  # "Smith also", "Acme has since": words between a subject and its verb
# How a subject opens: a capital (a name), a determiner or a pronoun.
SUBJECT_OPENING = re.compile(
    r"\s*(?:[A-Z]|(?:the|a|an|his|her|its|their|our|one|two|three|he|she|it|they|we|i)\b)"
)
# A name's words named as such just before the marks: "Sarandos’s assertion that it ‘…’".
POSSESSED_WORDS = re.compile(
    r"(?P<name>(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)[’']s\s+"
    r"(?:assertion|statement|words|remarks?|comments?|claim|warning|argument|promise|pledge|"
    r"message|letter|tweet|post)\s+(?:that\s+)?(?:(?:it|he|she|they|we)\s+(?:\w+\s+)?)?$"
)
ENDS_ON_NAME = re.compile(r"[A-Z][\w’'-]+\s*$")  # "foreign minister Taro Kono" said
MASK = "\u2024"  # one dot leader: an abbreviation's full stop, hidden from sentence splitting
ABBREVIATION = re.compile(
    rf"\b(?:{NAME_TITLE_ABBREVIATIONS}|{NAME_SUFFIX_ABBREVIATIONS}|[A-Z])\."  # and initials
)
# Words that end a title written before a name: "State Fire Marshal Mike Causey", "Senior
# Libya Desk Officer", "White House Press Secretary Sarah Sanders". The words before one of
# these are part of the title, not of a name; a run that ends on one names no one. Words that
# are as often surnames or names of papers ("Judge", "Dean", "Star") are left out.
TITLE_END_WORDS = frozenset(
    """marshal officer general secretary commissioner attorney sheriff ambassador adviser
    advisor deputy lieutenant sergeant captain colonel commander admiral spokesman spokeswoman
    spokesperson treasurer comptroller auditor clerk premier envoy director executive president
    chairman chairwoman chair minister senator governor mayor chancellor superintendent
    inspector prosecutor ceo cfo coo cto founder co-founder manager analyst economist
    professor""".split()
)
# A name right after one of these, before a label's colon, is whom the words were said with,
# to or about ("Rice on Fox News With Chris Wallace:", "call between Clinton and Magariaf:").
LABEL_OBJECT_WORDS = frozenset("with to of for about against and between versus vs".split())
# "When asked whether '…'": the words are the unnamed asker's question, not the answer's.
ASKED_WHETHER = re.compile(
    r"\b(?:when|after|if|once|was|were|being|is|are)\s+asked\s+(?:whether|if|about)?\s*$", re.I
)
DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
COMPANY_SUFFIXES = frozenset({"inc", "ltd", "corp", "co", "llc", "plc", "group"})
PERSON_PRONOUNS = frozenset({"he", "she"})
# Nouns that only describe people, as an appositive does ("…, the owner of Afrique Oil, said").
PERSON_NOUNS = (
    r"(?:owner|resident|mother|father|son|daughter|wife|husband|brother|sister|friend|"
    r"neighbou?r|student|worker|employee|official|member|leader|veteran|survivor|witness|"
    r"victim|driver|pilot|officer|nurse|doctor|farmer|pastor|priest|author|artist)"
)
# "Mr Volkov was quoted as saying": the words between the name and the verb.
QUOTED_AS = re.compile(r"\s+(?:was|were|is|are|has been|had been)\s+quoted\s+as$")
# Where or how the words were said, between a speaker's name and the rest of the clause.
# "in the company's news release", "in a Tuesday research report": up to two words before the
# noun, so an owner or a day may stand there.
SETTING = re.compile(
    r"\s+(?:in|on|at|during)\s+(?:a|an|the|his|her|their|its)?\s*(?:[\w’'-]+\s+){0,2}"
    r"(?:statement|letter|tweet|post|interview|email|e-mail|news conference|press conference|"
    r"briefing|speech|hearing|release|report|note|memo|filing|Twitter|Facebook|Instagram)\b"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+day)?"
)
SURNAME_SPEAKS = re.compile(
    rf"(?<![\w’'-])(?P<surname>{NAME_WORD})"
    rf"(?:,\s+(?:the|a|an)\s+[^,.;:\"“”]{{1,60}},)?\s+(?:{SPEECH_VERBS})\b"
)
# "Jane Doe of Acme", "Mark Zandi at Moody's": a person, then the organisation they are from.
MEMBER_OF = re.compile(
    r"(?P<who>(?:[A-Z][\w.’'-]*\s+){1,3}?[A-Z][\w’'-]*)\s+(?:of|at|from)\s+(?:the\s+)?"
    r"[A-Z][\w&.’'-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&.’'-]*)*\s*$"
)
# "the statement says": words of a document, whose author the text names where it was put out.
DOCUMENT_SUBJECT = re.compile(
    r"\W*the\s+(?:[\w-]+\s+)?(?P<noun>statement|letter|tweet|post|release|email|memo|policy"
    r"|report|alert|website|flyer|notice|filing)",
    re.I,
)
ORG_SUBJECTS = re.compile(r"\b(?:the company|the firm|the group)\b", re.I)
_SPEECH = rf"(?:{SPEECH_VERBS})"
_ADDRESS = re.compile(
    rf"\b(?:{ADDRESSING_VERBS}|(?:said|wrote|letter|message|note|speech)\s+to)\s+"
    r"(?P<whom>(?:[A-Z][\w’'-]+\s+){0,4}[A-Z][\w’'-]+)"
)
_WRITTEN_TO = re.compile(
    r"\b(?:letter|message|note|speech|wrote|written|addressed)\s+to\s+"
    r"(?P<whom>(?:[A-Z][\w’'-]+\s+){0,4}[A-Z][\w’'-]+)"
)
# "Mr. Stumpf," opening the quotation, or ", Senator Warren" closing it: the person spoken to.
_VOCATIVE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Senator|Rep|Judge|Justice|Governor|President)\.?\s+)"
    r"(?P<open>[A-Z][\w’'-]+)\s*,"
    r"|,\s*(?:(?:Mr|Mrs|Ms|Dr|Sen|Senator|Rep|Judge|Justice|Governor|President)\.?\s+)"
    r"(?P<close>[A-Z][\w’'-]+)[.?!]?\s*$"
)
# "D.C.", "N.Y.", "Calif.": a state after a city ("a Washington, D.C., lawyer"), not a name.
_PLACE_ABBREVIATION = re.compile(r"(?:[A-Z][.\u2024]){2,}|[A-Z][a-z]{1,4}[.\u2024]")
# The lower-case particles of surnames: "al-Shaik", "bin Salman", "van Gogh", "de la Rosa".
SURNAME_PARTICLES = r"(?:(?:al|el|bin|ibn|van|von|de|da|di|du|der|den|la|le)(?:-|\s+))+"
# Titles and roles written before a name: "Dr.", "Sgt.", "Col.", "spokesman".
_TITLES = rf"(?:(?:{NAME_TITLE_ABBREVIATIONS})\.?\s+|(?i:{ROLE_WORDS})\s+)*"
# A title or honorific, then a capitalised name: "Mr Obama", "Senator Mitch McConnell of …".
_TITLED_NAME = re.compile(
    rf"(?:(?:{NAME_TITLE_ABBREVIATIONS})\.?|(?i:{ROLE_WORDS}))\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
)
# Speech verbs that are plural nouns as well: "his closing remarks", "the comments".
NOUN_FORMS = frozenset("remarks comments notes claims answers replies tweets posts calls".split())
NOUN_DETERMINER = re.compile(r"\b(?:his|her|their|its|our|my|the|a|an)\s+(?:[a-z]+\s+)?$", re.I)
PASSIVE_AUXILIARIES_END = re.compile(rf"\b(?:{PASSIVE_AUXILIARIES})\s+(?:\w+ly\s+)?$")
_IT_OPENS = re.compile(r"^\W*(?:(?:but|and|so|then|yet|later)\s+)?it\s+(?!is\b|was\b)", re.I)
_TITLE_IN_LEAD = re.compile(r"[\"“](?P<title>[^\"“”]{1,60})[\"”]")
# A sentence ends at a full stop and a space, or at one run straight into an opening curly
# mark ('was injured.“We hold…'): “ opens a quotation, never closes one.
_SENTENCE_END = re.compile(r"[.!?][\"”’»]?(?=\s)|[.!?](?=“)|\n")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’»]?\s+|[.!?](?=“)|\n\s*")


class How(StrEnum):
    """How the text attributes a quotation."""

    after = "after"  # "…," Smith said
    before = "before"  # Smith said: "…"
    pronoun = "pronoun"  # "…," she said, with one person she can be
    continuation = "continuation"  # a quotation running on from the previous one
    reported = "reported"  # a paragraph of quotation after "Smith said the talks failed."
    repeated = "repeated"  # a pull quote or heading repeating words attributed in the body
    none = "none"  # the text does not say, or the rules are not sure


@dataclass(frozen=True)
class Person:
    """A speaker as the text names them, with the role it gives when it gives one."""

    name: str
    role: str | None
    titled: bool = False  # the role is only the title before the name; a stated role wins


@dataclass(frozen=True)
class Attribution:
    """Who said a quotation, how the text says so, and whom it was said to."""

    speaker: Person | None
    how: How
    addressees: tuple[str, ...] = ()


@dataclass
class Speakers:
    """The attributions of one text's quotations, worked out once, in reading order."""

    text: str
    regions: list[tuple[int, int]] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    # "Stewart" on second reference: the one full name ("Martha Stewart") it is the surname of.
    surnames: dict[str, str] = field(default_factory=dict)
    _done: dict[tuple[int, int], Attribution] = field(default_factory=dict)
    _own: dict[tuple[int, int], Attribution] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Speakers:
        surnames = {
            word: next(iter(names))
            for word, names in surnamed(text).items()
            if len(names) == 1 and next(iter(names)).split()[-1] == word and not _non_name(word)
        }
        return cls(text, quoted_regions(text), find_people(text), surnames)

    def attribute(self, start: int, end: int) -> Attribution:
        """Who said the words inside the quotation marks between start and end."""
        key = (start, end)
        if key not in self._done:
            found = self.own(start, end)
            self._done[key] = found if found.speaker else _repeated(self, start, end, found)
        return self._done[key]

    def own(self, start: int, end: int) -> Attribution:
        """The attribution the text gives these words where they stand (no repeat elsewhere)."""
        key = (start, end)
        if key not in self._own:
            # In reading order: a quotation continues the one before, worked out first (a long
            # run of continued quotations would otherwise recurse once per quotation).
            for region in self.regions:
                if region[0] >= start:
                    break
                if region not in self._own:
                    self._own[region] = _attribute(self, *region)
            self._own[key] = _attribute(self, start, end)
        return self._own[key]

    def previous(self, start: int) -> tuple[int, int] | None:
        """The quotation before the one that opens at start (a quotation inside it aside, and a
        title quoted inside a sentence: 'as "It's a Small World" echoed')."""
        before = [
            r
            for r in self.regions
            if r[1] < start and not self.nested(r) and not _title_in_sentence(self.text, r)
        ]
        return max(before, key=lambda r: r[1]) if before else None

    def nested(self, region: tuple[int, int]) -> bool:
        """The quotation sits inside another: words the speaker quotes, not the speaker's."""
        return any(a < region[0] and region[1] <= b for a, b in self.regions if (a, b) != region)


def _title_in_sentence(text: str, region: tuple[int, int]) -> bool:
    """A work's title in quotation marks with words of its sentence on both sides."""
    start, end = region
    open_mark, close_mark = _marks(text, start, end)
    inside = text[open_mark + 1 : close_mark].strip(QUOTE_EDGES)
    before = text[text.rfind("\n", 0, open_mark) + 1 : open_mark]
    after = text[close_mark + 1 :].split("\n", 1)[0]
    return (
        is_title(inside)
        and re.search(r"\w\s*$", before) is not None
        and bool(re.match(r"\s*\w", after))
    )


def same_speaker(name: str, other: str) -> bool:
    """Two names for one speaker: they share a word that is a name ("Sarandos", "Ted Sarandos")."""
    return bool(name_words(name) & name_words(other))


def name_words(name: str) -> set[str]:
    """The words of a name that identify it: no roles, titles, starters or possessive 's."""
    written = re.findall(r"[^\W\d_][\w’'-]*", name.replace("’", "'"))  # O’Malley is O'Malley
    words = {re.sub(r"'s$", "", w).casefold() for w in written}
    return {w for w in words if w not in NON_NAMES and len(w) > 1}


# --- people --------------------------------------------------------------------------------------


def find_people(text: str) -> dict[str, Person]:
    """People named with a role or a speech verb; keyed by full name and by surname."""
    found: dict[str, Person] = {}
    # "CEO Ted Sarandos"; "the acting transport minister, Hishammuddin Hussein,"
    role_re = re.compile(
        rf"(?P<role>(?:[A-Z][\w-]*\s+)?(?i:{ROLE_WORDS}))(?:\s+|,\s+(?={FULL_NAME},))"
        rf"(?P<name>{FULL_NAME})"
    )
    verb_re = re.compile(rf"(?P<name>{FULL_NAME})\s+(?:{SPEECH_VERBS})\b")
    # "Bathily Seye, the owner of a chain of gas stations, said": a person described between
    # commas, by a noun only people are, before the verb.
    described_re = re.compile(
        rf"(?P<name>{FULL_NAME}),\s+(?:the|an?)\s+(?:[\w’'-]+\s+){{0,4}}?"
        rf"(?P<role>(?i:{ROLE_WORDS})|{PERSON_NOUNS})\b[^,;.]{{0,80}},\s+(?:{SPEECH_VERBS})\b"
    )
    for m in described_re.finditer(text):
        _add_person(found, m.group("name"), m.group("role"))
    for m in role_re.finditer(text):
        _add_person(found, m.group("name"), m.group("role"))
    for m in verb_re.finditer(text):
        _add_person(found, m.group("name"), None)
    # "In the interview, Damon says…", "Chun, the South's lead delegate, said", "Jamie writes":
    # one name speaking is the one person the text names in full with it (a full name whose
    # first word is a first name the name lists know: "Netflix Bets Big" is a headline).
    named = surnamed(text)
    for m in SURNAME_SPEAKS.finditer(text):
        word, names = m["surname"], named.get(m["surname"], set())
        if len(names) == 1 and word not in found and not _non_name(word):
            _add_person(found, next(iter(names)), None)
            found.setdefault(word, found[next(iter(names))])
    # "Trent says" is no one in particular when the text names Carlie, James and Shannon Trent
    # and gives none of them a role ("Actor Tom Hale" beside his wife is the Hale who speaks);
    # "Donald Trump" and "Donald J. Trump" are one man.
    return {
        k: p
        for k, p in found.items()
        if " " in k or k == p.name or p.role or len({n.split()[0] for n in named.get(k, ())}) < 2
    }


def full_names(text: str) -> dict[str, set[str]]:
    """Each word of a person's full name, with the full names it is part of: a full name is two
    or three capitalised words, the first a first name the name lists know, none an
    organisation's word ("Netflix Bets Big" is a headline, "Tyson Foods" a company)."""
    found: dict[str, set[str]] = {}
    pattern, pos = re.compile(FULL_NAME), 0
    while (m := pattern.search(text, pos)) is not None:
        parts = _trimmed(m.group()).split()
        if len(parts) >= 2 and not known_first_name(parts[0]) and _title(parts[0]):
            # "Chancellor Nicholas S. Zeppos": the name starts after the title ("New York
            # State" is no "York State").
            pos = m.start() + len(m.group().split()[0]) + 1
            continue
        pos = m.end()
        if (
            len(parts) >= 2
            and not set(map(str.casefold, parts)) & ORG_WORDS
            and known_first_name(parts[0])
        ):
            for part in parts:
                found.setdefault(part, set()).add(" ".join(parts))
    return found


def surnamed(text: str) -> dict[str, set[str]]:
    """Each word of a full name with the full names it stands for alone: those it ends, when
    there are any ("Parker said" is Eugene Parker, whatever "the Parker Solar Probe" is named
    after), else those it is a first name of ("Jamie writes")."""
    found: dict[str, set[str]] = {}
    for word, names in full_names(text).items():
        found[word] = {n for n in names if n.split()[-1] == word} or names
    return found


def _title(word: str) -> bool:
    """A title or role written before a name: "Chancellor", "Coach", "Senator"."""
    return word.casefold() in TITLE_WORDS or re.fullmatch(ROLE_WORDS, word, re.I) is not None


def _add_person(found: dict[str, Person], name: str, role: str | None) -> None:
    parts = _past_title(name.split())
    # "Mayor Michael Bloomberg", "State Fire Marshal Mike Causey": the title is the role
    titles: list[str] = name.split()[: len(name.split()) - len(parts)]
    while (
        parts
        and parts[0].casefold() not in HONORIFICS
        and (_non_name(parts[0]) or re.fullmatch(ROLE_WORDS, parts[0], re.I))
    ):
        titles = [*titles, parts[0]] if parts[0].casefold() in TITLE_WORDS else []
        parts = parts[1:]
    if len(parts) < 2 and not (titles and parts):
        return  # "Ms Syson" and "President Trump" are people; "Mayor" or "Syson" alone is not
    if parts[-1].casefold() in ORG_WORDS | COMPANY_SUFFIXES:
        return  # "Whole Foods said", "Acme Corp said": an organisation speaking, not a person
    full = " ".join(parts)
    known = found.get(full)
    if role and (known is None or not known.role or known.titled):
        person = Person(full, role)
    elif known is None:
        person = Person(full, " ".join(titles) or None, titled=bool(titles))
    else:
        return
    found[full] = person
    found.setdefault(parts[-1], person)


def _non_name(word: str) -> bool:
    """A capitalized word that is not a name: a sentence starter, a title, a day, a month."""
    return word.casefold() in NON_NAMES


# --- the rules -----------------------------------------------------------------------------------


def _attribute(speakers: Speakers, start: int, end: int) -> Attribution:
    text = speakers.text
    open_mark, close_mark = _marks(text, start, end)
    inner = text[start:end]
    if speakers.nested((start, end)) or _whole_line(text, open_mark, close_mark):
        return Attribution(None, How.none)  # a heading or a pull quote: no attribution of its own
    if ASKED_WHETHER.search(_lead(text, open_mark)):
        return Attribution(None, How.none)
    vocatives = _vocatives(inner)
    found = _after(speakers, inner, open_mark, close_mark) or _before(speakers, open_mark)
    if found is None:
        found = _continuation(speakers, open_mark)
    if found.speaker is None and found.how == How.none and not found.addressees:
        found = _reported(speakers, open_mark, end) or found
    if found.speaker is not None and any(
        same_speaker(found.speaker.name, who) for who in (*found.addressees, *vocatives)
    ):
        return Attribution(None, How.none, found.addressees + vocatives)
    return Attribution(found.speaker, found.how, found.addressees + vocatives)


def _repeated(speakers: Speakers, start: int, end: int, found: Attribution) -> Attribution:
    """A heading or pull quote ('A tragic accident') that repeats words of the body's
    quotations is theirs when every quotation holding those words is one speaker's."""
    inner = _tokens(speakers.text[start:end])
    if len(inner) < REPEAT_WORDS or speakers.nested((start, end)) or found.addressees:
        return found
    line_start = speakers.text.rfind("\n", 0, start) + 1
    if re.search(rf"\b{_SPEECH}\b", speakers.text[line_start:start]):
        return found  # "An official calls the sounds '…'": the heading says who, unnamed
    if not _in_heading(speakers.text, start, end):
        return found  # words in a sentence of the body: the sentence says whose they are
    owners: list[Person | None] = []
    for region in speakers.regions:
        if (
            region != (start, end)
            and not speakers.nested(region)
            and _holds(_tokens(speakers.text[slice(*region)]), inner)
        ):
            owners.append(speakers.own(*region).speaker)
    first = owners[0] if owners else None
    if first is None or any(o is None or not same_speaker(o.name, first.name) for o in owners):
        return found
    return Attribution(first, How.repeated, found.addressees)


def _in_heading(text: str, start: int, end: int) -> bool:
    """The quotation sits in a line that is no sentence: a heading or a headline ("Suspect
    described as 'desperate'"), not words inside a paragraph of the body."""
    line_end = text.find("\n", end)
    line = text[text.rfind("\n", 0, start) + 1 : len(text) if line_end < 0 else line_end]
    ends = line.rstrip(QUOTE_EDGES.replace(".", "").replace("!", "").replace("?", ""))[-1:]
    return ends not in ".!?" and text[start:end].strip()[-1:] not in ".!?"


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W_][\w’'-]*", text.replace("’", "'"))]


def _holds(words: list[str], part: list[str]) -> bool:
    """The words hold the part as a run, in order."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _masked(text: str) -> str:
    """The text with the full stops of abbreviations, initials and decimals hidden ("Sen.
    Lindsey Graham", "John F. Kennedy", "105.1"), so that a subject may hold them; same
    length."""
    masked = ABBREVIATION.sub(lambda m: m.group()[:-1] + MASK, text)
    return DECIMAL_POINT.sub(MASK, masked)  # "Power 105.1's The Breakfast Club"


def _unmasked(text: str) -> str:
    return text.replace(MASK, ".")


def _whole_line(text: str, open_mark: int, close_mark: int) -> bool:
    """The quotation is a subheading such as 'A tragic accident': its own line, short, with no
    sentence's closing punctuation, and not introduced by the paragraph before ("saying,")."""
    line_start = text.rfind("\n", 0, open_mark) + 1
    line_end = text.find("\n", close_mark)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:open_mark].strip() or text[close_mark + 1 : line_end].strip():
        return False
    inner = text[open_mark + 1 : close_mark].strip()
    introduced = text[:line_start].rstrip().endswith((",", ":"))
    # "“… prevent the evacuation of …”" alone on its line: an excerpt shown as a heading,
    # however long, not the previous speaker going on.
    short = len(inner.split()) <= HEADING_WORDS or inner.startswith(("…", "..."))
    return short and inner[-1:] not in ".!?," and not introduced


def _vocatives(inner: str) -> tuple[str, ...]:
    match = _VOCATIVE.search(inner.strip())
    if match is None:
        return ()
    return tuple(v for v in (match["open"], match["close"]) if v)


def _marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Positions of the quotation marks around an inner region."""
    i = start - 1
    while i > 0 and text[i].isspace():
        i -= 1
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return i, j


def _after(speakers: Speakers, inner: str, open_mark: int, close_mark: int) -> Attribution | None:
    """'"…," Smith said', '"…?" asked Smith': the attribution that follows the closing mark."""
    if inner.rstrip().endswith("."):
        return None  # the quoted sentence is over: a name after it starts a new sentence
    text = speakers.text
    after = _masked(text[close_mark + 1 : close_mark + ATTRIBUTION_CHARS].split("\n", 1)[0])
    subject = rf"(?P<subj>[^.!?\"“”«»]{{1,{SUBJECT_CHARS}}}?)"
    m = re.match(rf"\s*,?\s*{subject}\s+(?P<verb>{_SPEECH})\b", after)
    if m and not SUBJECT_OPENING.match(m["subj"]) and not ENDS_ON_NAME.search(m["subj"]):
        m = None  # '…," emphasizing that…': a clause of the sentence, not its attribution
    if m and not SUBJECT_OPENING.match(m["subj"]) and _lead_has_speaker(speakers, open_mark):
        # 'Doe called it "a disaster" at the meeting, Roe said': Roe reports Doe's words.
        return None
    if m and not SUBJECT_OPENING.match(m["subj"]):
        # '"…" and drove there, fire chief Jane Doe said.': the sentence goes on to its end.
        found = _sentence_final(speakers, after, open_mark)
        if found is not None:
            return found
    if m and not m["verb"].startswith("according"):
        addressees = _addressees(after[m.start("verb") :])
        role = _bare_role(speakers, m["subj"])
        if role is not None:
            return Attribution(role or None, How.after if role else How.none, addressees)
        person, how = _subject(speakers, _unmasked(m["subj"]), open_mark, last=True)
        if person is not None:
            return Attribution(person, How.pronoun if how else How.after, addressees)
        return Attribution(None, How.none, addressees)
    m = re.match(rf"\s*,?\s*(?P<verb>{_SPEECH})\s+(?P<subj>[^.,;:!?]+)", after)
    if m is None or m["verb"] in SPEECH_PARTICIPLES:
        m = re.match(
            rf"\s*,?\s*[^.!?\"“”«»]{{0,{SUBJECT_CHARS}}}?\baccording\s+to\s+(?P<subj>[^.,;:!?]+)",
            after,
        )
    if m is None:
        # '…," emphasizing that…': a participle goes on with the sentence; but 'The signal
        # "is the standard" for recorders, said Jane Doe.' ends on its attribution.
        return _sentence_final(speakers, after, open_mark)
    # "said Postmedia CEO Paul Godfrey", "said the sheriff", "according to the alert"; what
    # follows the name ("in a statement Monday", "on Twitter") is not part of it.
    phrase = SETTING.split(_unmasked(m["subj"]), 1)[0]
    words = phrase.split()
    if re.match(r"(?!(?:the|a|an)\b)[a-z]", phrase.strip()) and (
        words[0] in PREPOSITIONS | SUBJECT_TAIL or not ENDS_ON_NAME.search(phrase)
    ):
        return None  # "said on Tuesday", "said quietly": no subject here ("said study author
        # Jane Doe" has one)
    named = (
        None if ENDS_ON_NAME.search(phrase) else _named_after_description(after[m.end("subj") :])
    )
    if named is not None:  # "said the boy's former coach, Don Clark."
        return Attribution(speakers.people.get(named, Person(named, None)), How.after)
    member = _person_from(speakers, phrase)
    if member is False:
        return Attribution(None, How.none)
    if member is not None:  # "said Jane Doe of the county office in Manteo"
        return Attribution(speakers.people.get(member, Person(member, None)), How.after)
    role = _bare_role(speakers, phrase)
    if role is not None:
        return Attribution(role or None, How.after if role else How.none)
    person, _ = _subject(speakers, phrase, open_mark, last=True)
    return Attribution(person, How.after if person else How.none)


def _person_from(speakers: Speakers, phrase: str) -> str | Literal[False] | None:
    """The full name that opens the words after a verb, before where the person is from:
    "Jane Doe of the county office in Manteo", "Bob Roe at Acme" (a first name the lists
    know, or a person the text names, so "Bank of America" is no one). False when a name
    that could be a person's opens it: then the place they are from is not the speaker."""
    m = re.match(rf"\s*{_TITLES}(?P<name>{FULL_NAME})\s+(?:of|at|from|with)\s", phrase)
    if m is None:
        return None
    name = _trimmed(m["name"])
    if len(name.split()) < 2 or set(name.casefold().split()) & ORG_WORDS:
        return None  # "Grace Church of Dover" is a church
    if known_first_name(name.split()[0]) or name in speakers.people:
        return name
    # "said Tasos Georgelis of the city's Department of…", a first name no list knows: the
    # department did not say it, and who did is not sure.
    return False


def _named_after_description(rest: str) -> str | None:
    """The full name set off after a description, ending the sentence: ', Don Clark.'"""
    m = re.match(rf"\s*,\s*(?P<name>{FULL_NAME})\s*(?:[.;]|$)", _unmasked(rest))
    if m is None or not known_first_name(m["name"].split()[0]):
        return None
    return m["name"]


def _labelled(speakers: Speakers, lead: str) -> Attribution | None:
    """'Media caption Oceanographer Dr Simon Boxall: "…"': a person's full name and a colon
    right before the words, as captions and transcripts label a speaker ("Mother:" is no
    name, nor "Related:")."""
    m = re.search(rf"(?P<name>{FULL_NAME})\s*:\s*$", lead)
    if m is None:
        return None
    name = _trimmed(m["name"])
    before = (lead[: m.start()] + m["name"]).split()[: -len(name.split()) or None]
    while before and before[-1].casefold() not in LABEL_OBJECT_WORDS and _title(before[-1]):
        before.pop()  # "and Mayor Tom Field:": the title is his
    if before and before[-1].casefold() in LABEL_OBJECT_WORDS:
        return None  # "Rice on Fox News With Chris Wallace:", "statement to mother of Smith:"
    person = speakers.people.get(name)
    if person is None and len(name.split()) >= 2 and known_first_name(name.split()[0]):
        person = Person(name, None)
    return Attribution(person, How.before) if person else None


def _lead_has_speaker(speakers: Speakers, open_mark: int) -> bool:
    """The words before the opening mark in its sentence have a speech verb of their own."""
    return re.search(rf"\b{_SPEECH}\b", _masked(_lead(speakers.text, open_mark))) is not None


def _sentence_final(speakers: Speakers, after: str, open_mark: int) -> Attribution | None:
    """'The signal "is the standard" for recorders, said Jane Doe, an engineer.': words quoted
    inside a sentence whose own lead-in names no speaker, attributed where the sentence ends."""
    end = re.search(r"[.!?](?=\s|$)", after)
    sentence = after[: end.start()] if end else ""
    if not sentence or re.search(r"[\"“”«»]", sentence) or _lead_has_speaker(speakers, open_mark):
        return None
    m = re.search(rf",\s*(?P<verb>{_SPEECH})\s+(?P<subj>[^,;:]+)(?:,[^,;:]*)?$", sentence)
    # "…, police Lt. Mark Gagan said.": the name before the verb ends the sentence.
    m = m or re.search(
        rf",\s*(?P<subj>[^,;:]+?)\s+(?P<verb>{_SPEECH})(?:\s+[A-Z]?[a-z]+)?$", sentence
    )
    if m is None or m["verb"] in SPEECH_PARTICIPLES or m["verb"].startswith("according"):
        return None
    if m["subj"].strip().casefold() in PERSON_PRONOUNS:
        # '"We lost all contact" with the jet, he said.': the one person "he" can be.
        person, _ = _subject(speakers, m["subj"], open_mark, last=True)
        return Attribution(person, How.pronoun) if person else None
    words = m["subj"].split()
    if not words or not words[-1][:1].isupper() or not ENDS_ON_NAME.search(m["subj"]):
        return None  # "…, said on Tuesday": no one
    person, _ = _subject(speakers, _unmasked(m["subj"]), open_mark, last=True)
    return Attribution(person, How.after) if person else None


def _before(speakers: Speakers, open_mark: int) -> Attribution | None:
    """'Smith said: "…"', 'according to Smith, "…"', '…, saying "…"': the lead-in before it."""
    lead = _masked(_lead(speakers.text, open_mark))
    owned = POSSESSED_WORDS.search(lead)
    if owned:  # "Ted Sarandos’s assertion that it ‘helps…’"
        person, _ = _subject(speakers, _unmasked(owned["name"]), open_mark, last=True)
        return Attribution(person, How.before if person else How.none)
    # "is said to be considering" reports a rumour, not words ("said to reporters" does not).
    verbs = [v for v in re.finditer(rf"\b{_SPEECH}\b(?!\s+to\s+(?:be|have)\b)", lead)]
    if not verbs:
        return _labelled(speakers, _unmasked(lead))
    verb = verbs[-1]
    # "said Sunday on CNN's "State of the Union" that": a title between is no quotation.
    rest = _TITLE_IN_LEAD.sub(lambda m: "" if _title_like(m["title"]) else m[0], lead[verb.end() :])
    if rest.count('"') or re.search(r"[.!?]\s", rest):
        return None  # the verb belongs to an earlier sentence or quotation
    if _after_quotation(lead[: verb.start()]):
        return None  # '"…," says Potts, "…"': the earlier quotation's attribution, split
    if re.search(rf"\b(?:{PASSIVE_AUXILIARIES})\s+(?:\w+ly\s+)?$", lead[: verb.start()]):
        return Attribution(None, How.none)  # "Smith was called '…'": words said of Smith
    addressees = _addressees(lead[verb.start() :])
    if verb.group().startswith("according"):
        person, _ = _subject(speakers, _unmasked(lead[verb.end() :]), open_mark, last=False)
        return Attribution(person, How.before if person else How.none, addressees)
    participle = verb.group() in SPEECH_PARTICIPLES
    # "told Izvestia:" names whom the words were said to, never who said them.
    addressing = re.fullmatch(ADDRESSING_VERBS, verb.group()) is not None
    inverted = None if participle or addressing else _inverted_subject(lead[: verb.start()], rest)
    if inverted is not None:  # "…, said mission scientist Nicola Fox, of APL: '…'"
        member = _person_from(speakers, inverted)
        speaker = speakers.people.get(member, Person(member, None)) if member else None
        if member is None:
            speaker = _subject(speakers, inverted, open_mark, last=True)[0]
        return Attribution(speaker, How.before if speaker else How.none, addressees)
    head = _quoted_blanked(speakers, _unmasked(lead[: verb.start()]), open_mark - len(lead))
    attributed = _attributed_clause(head) if participle else None
    if attributed is not None:
        # '"…," Damon said, adding: "…"': the participle goes on with the earlier quotation's
        # own attribution, whose subject is the speaker of both.
        subj, participle = attributed, False
    elif participle:
        subj = head
    else:
        # The subject sits in the verb's own clause: "..., he said it's « ... »"; a relative
        # "who said" or "which says" stands for the name before it.
        # "which it described as": the relative is the object, the pronoun the subject.
        object_relative = re.search(r"\b(?:which|that|whom)\s+(it|he|she|they)\s+$", head, re.I)
        relative = re.search(r",?\s*\b(?:who|which)\s+(?:\w+\s+)?$", head)
        head = head[: relative.start()] if relative else head
        clauses = re.split(r"[;:]", head)
        subj = clauses[-1] if clauses[-1].strip() else head
        if object_relative:
            subj = object_relative[1]
        elif relative and (antecedent := _antecedent(head)):
            # "…, alongside that of the actor Alyssa Milano, who said:": "who" is the name
            # right before it, however the clause that holds the name opens.
            subj = antecedent
        role = _bare_role(speakers, subj)
        if role is not None:
            return Attribution(role or None, How.before if role else How.none, addressees)
    conjoined = re.search(rf"\b(?:but|and|then)(?:\s+(?:{CONJOINED_AUXILIARIES}))*\s*$", subj)
    if conjoined and len(verbs) > 1:
        # "Kang said the talks were a step but acknowledged: '…'", "Council head Jane Doe has
        # said …, but has promised '…'": the first speech verb's subject.
        first = _unmasked(lead[: verbs[0].start()])
        subj = re.sub(r",?\s*\b(?:who|which)\s+(?:\w+\s+)?$", "", first)
        participle = False
    elif conjoined:
        # "Kang met the envoy but acknowledged: '…'": the subject that opens the sentence.
        subj, participle = head, True
    person, pronoun = _subject(speakers, subj, open_mark, last=not participle)
    how = How.pronoun if pronoun else How.before
    return Attribution(person, how if person else How.none, addressees)


def _attributed_clause(head: str) -> str | None:
    """The subject of the attribution that ends the words before a participle: '"…," Damon
    said, ' or '"…," said Damon, ' give Damon (a name or a pronoun)."""
    tail = re.search(r"[,?!…][\"”’]\s+(?P<clause>[^\"“”]+?),\s*$", head)
    if tail is None:
        return None
    clause = _masked(tail["clause"])
    m = re.fullmatch(rf"(?P<subj>[^,;:]{{1,{SUBJECT_CHARS}}}?)\s+{_SPEECH}(?:\s+[a-z]+)?", clause)
    m = m or re.fullmatch(rf"{_SPEECH}\s+(?P<subj>[^,;:]{{1,{SUBJECT_CHARS}}})", clause)
    return _unmasked(m["subj"]) if m else None


def _antecedent(head: str) -> str | None:
    """The name that ends the words before a relative "who": a full name, or a surname the
    text uses alone, perhaps after a title ("Sen. Warren")."""
    m = re.search(rf"(?<![\w’'-])(?P<name>{FULL_NAME}|{NAME_WORD})\s*$", _unmasked(head))
    if m is None or _non_name(m["name"].split()[0]):
        return None
    return m["name"]


def _quoted_blanked(speakers: Speakers, head: str, start: int) -> str:
    """The words before a verb (at `start` in the text) with the quoted titles inside them
    blanked, one ending right at the verb aside ('The group "Moms United" said'): a book's
    title in a relative clause ("whose book, 'A Shore Thing,' hit shelves, told …") is nobody
    speaking."""
    text, end = speakers.text, start + len(head)
    if start < 0 or text[start:end] != head:
        return head  # a lead-in from the paragraph before: positions unknown
    inside = [
        (a, b)
        for a, b in speakers.regions
        if start < a
        and b < end
        and text[b:end].strip(QUOTE_EDGES + " ")
        and _title_like(text[a:b].strip(QUOTE_EDGES))
    ]
    return _outside_quotes(text, start, end, inside)


def _inverted_subject(head: str, rest: str) -> str | None:
    """The subject after the verb in '…, said Jane Doe, of Acme: "…"': a clause before the verb
    ends on a comma, and a name follows it, up to the colon that opens the quotation."""
    m = re.fullmatch(r"\s*(?P<subj>[^,;:]+?)\s*(?:,[^;:]*)?:\s*", _unmasked(rest))
    if m is None or not head.rstrip().endswith(",") or not ENDS_ON_NAME.search(m["subj"]):
        return None
    return m["subj"]


def _after_quotation(head: str) -> bool:
    """The words before a speech verb end on a quotation's closing mark ('"…," says'), and it
    is a statement, not a title ('on "Fox News Sunday," saying')."""
    closed = re.search(r"(?:[\"“]|^)(?P<words>[^\"“”]*)[,?!…][\"”]\s*$", head)
    return closed is not None and not _title_like(closed["words"].strip())


def _lead(text: str, open_mark: int) -> str:
    """The sentence that leads into an opening mark; the previous paragraph when the quotation
    opens its own and that paragraph ends on ',' or ':' ("…, saying:")."""
    para_start = text.rfind("\n", 0, open_mark) + 1
    lead = text[max(para_start, open_mark - LEAD_CHARS) : open_mark]
    if not lead.strip():
        prev_end = para_start - 1
        while prev_end > 0 and text[prev_end - 1] == "\n":
            prev_end -= 1
        prev = text[text.rfind("\n", 0, prev_end) + 1 : prev_end]
        if not prev.rstrip().endswith((",", ":")):
            return ""
        lead = prev[-LEAD_CHARS:]
    ends = list(_SENTENCE_END.finditer(_masked(lead).rstrip()))
    return lead[ends[-1].end() :] if ends else lead


def _title_like(words: str) -> bool:
    """A work's title or a scare-quoted word: a few capitalised words, small words between
    ("State of the Union", "Meet the Press"), or one word ("disgusting")."""
    parts = words.split()
    return is_title(words) or (
        0 < len(parts) <= TITLE_MAX_WORDS
        and parts[0][:1].isupper()
        and parts[-1][:1].isupper()
        and all(p[:1].isupper() or p.casefold() in FUNCTION_WORDS for p in parts)
    )


def _reported(speakers: Speakers, open_mark: int, end: int) -> Attribution | None:
    """'Smith said the ruling was unfair.' then a paragraph that is all quotation with no
    attribution of its own: news prose introduces a new voice by name, so it is still Smith."""
    text = speakers.text
    para_start = text.rfind("\n", 0, open_mark) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    if text[para_start:open_mark].strip() or text[end:para_end].strip(QUOTE_EDGES):
        return None  # the quotation is not the whole paragraph
    prev_end = len(text[:para_start].rstrip())
    prev = text[text.rfind("\n", 0, prev_end) + 1 : prev_end]
    ends = list(_SENTENCE_END.finditer(_masked(prev).rstrip()))
    last = prev[ends[-2].end() :] if len(ends) > 1 else prev
    if not last.rstrip().endswith(".") or re.search(r"[\"“”«»]", last):
        return None  # a quotation of its own, a question, a heading: not a report of speech
    verb = re.search(rf"\b{_SPEECH}\b", _masked(last))
    if verb is None or verb.group() in SPEECH_PARTICIPLES or verb.group().startswith("according"):
        return None
    if re.fullmatch(ADDRESSING_VERBS, verb.group()) and not verb.group().startswith("tel"):
        return None  # "Warren asked Stumpf whether…": the next words may be the answer
    head = last[: verb.start()]
    if re.search(rf"\b(?:{PASSIVE_AUXILIARIES})\s+(?:\w+ly\s+)?$", head):
        return None
    person, _ = _subject(speakers, head, prev_end, last=True)
    return Attribution(person, How.reported) if person else None


def _continuation(speakers: Speakers, open_mark: int) -> Attribution:
    """A quotation that runs straight on from the previous one ('"…," she said. "…"') is the
    same speaker's; anything else the text leaves unattributed."""
    previous = speakers.previous(open_mark)
    if previous is None:
        return Attribution(None, How.none)
    _, prev_close = _marks(speakers.text, *previous)
    between = speakers.text[prev_close + 1 : open_mark]
    # "Story continues below advertisement", "Slideshow (5 Images)": page furniture between
    # two paragraphs of one speaker's words.
    lines = between.split("\n")
    if len(lines) > 2:
        between = "\n".join([lines[0], *(x for x in lines[1:-1] if not _debris(x)), lines[-1]])
    earlier = speakers.own(*previous)
    gap_words = re.findall(r"[^\W\d_][\w’'-]*", between)
    # Nothing but a few words or the previous quotation's own "she said." in between.
    said = rf"[\s,]*(?:[^.!?\"“”«»]{{1,{SUBJECT_CHARS}}}?\s+)?{_SPEECH}[^.!?]*[.,:]?\s*"
    # The clause must be on the previous quotation's own line: a sentence of its own in a
    # paragraph between ("Bob Roe asked Doe whether…") is someone else speaking.
    first, _, rest = between.partition("\n")
    own_clause = re.fullmatch(said, _masked(first)) is not None and not rest.strip()
    # "…" ⏎ The signal "…": a new paragraph that opens on its own words is its own sentence.
    opens_paragraph = "\n" not in between or not between.rsplit("\n", 1)[1].strip()
    runs_on = (
        between.count("\n") <= 2
        and opens_paragraph
        and (len(gap_words) <= CONTINUATION_GAP or own_clause)
    )
    if earlier.speaker is not None and not runs_on and _aside_about(speakers, between, earlier):
        return Attribution(earlier.speaker, How.continuation)
    if earlier.speaker is None or not runs_on:
        return Attribution(None, How.none)
    if own_clause:
        return Attribution(earlier.speaker, How.continuation)
    own = name_words(
        " ".join([earlier.speaker.name, earlier.speaker.role or "", *earlier.addressees])
    )
    if name_words(" ".join(m.group() for m in NAME_RE.finditer(between))) - own:
        return Attribution(None, How.none)  # someone else is named in between
    return Attribution(earlier.speaker, How.continuation)


def _aside_about(speakers: Speakers, between: str, earlier: Attribution) -> bool:
    """'"…," says Dr. Jane Doe. Massages are alternatives she suggests. "…"': the previous
    quotation's own clause, then one sentence of the same paragraph about the speaker as
    "he" or "she", naming no one and reporting no one's words."""
    assert earlier.speaker is not None
    ends = list(_SENTENCE_BREAK.finditer(_masked(between)))
    if "\n" in between or len(ends) != 2 or ends[1].end() != len(between):
        return False
    said = rf"[\s,]*(?:[^.!?\"“”«»]{{1,{SUBJECT_CHARS}}}?\s+)?{_SPEECH}[^.!?]*[.]\s*"
    clause, aside = between[: ends[0].end()], between[ends[0].end() :]
    pronouns = {p.casefold() for p in re.findall(r"\b(he|she)\b", aside, re.I)}
    # Words the speaker reports ("alternatives he suggests") are his; anyone else's are not.
    others = re.sub(rf"(?i:\b(?:he|she))\s+{_SPEECH}\b", " ", aside)
    if re.fullmatch(said, _masked(clause)) is None or re.search(rf"\b{_SPEECH}\b", others):
        return False
    if len(pronouns) != 1 or _gender(speakers.text, earlier.speaker.name) not in (None, *pronouns):
        return False
    runs = [m.group() for m in NAME_RE.finditer(aside)]
    opener = aside.split()[0].strip(",;:") if aside.split() else ""
    if runs and runs[0] == opener and _common_opener(speakers, opener):
        runs = runs[1:]  # "Massages, baths and … are": a common noun opening the sentence
    return not name_words(" ".join(runs)) - name_words(earlier.speaker.name)


def _common_opener(speakers: Speakers, word: str) -> bool:
    """A capitalised word opening a sentence that is no one's name: the text knows no one by
    it, it is no first name, and the text never capitalises it inside a sentence."""
    if word in speakers.surnames or word in speakers.people or known_first_name(word):
        return False
    return not any(
        not _opens_sentence(speakers.text, m.start())
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", speakers.text)
    )


def _addressees(clause: str) -> tuple[str, ...]:
    """Whom the words were addressed to: 'told Smith', 'asked Jane Smith', 'pressed Smith'."""
    return tuple(m["whom"] for m in _ADDRESS.finditer(clause[:SUBJECT_CHARS]))


def _bare_role(speakers: Speakers, subj: str) -> Person | Literal[False] | None:
    """'the sheriff', 'the chief executive': a role with no name. It is the one person the text
    gives that role; False when it gives it to no one or several; None when subj has a name."""
    m = re.search(rf"(?i:\bthe\s+(?:[a-z]+\s+)?(?P<role>{ROLE_WORDS}))\s*$", subj.strip())
    if m is None:
        return None
    role = m["role"].casefold()
    holders = {p.name: p for p in speakers.people.values() if p.role and role in p.role.casefold()}
    return next(iter(holders.values())) if len(holders) == 1 else False


def _subject(speakers: Speakers, subj: str, pos: int, *, last: bool) -> tuple[Person | None, bool]:
    """The person or organisation a subject names, and whether it was a pronoun. With `last`
    the subject is the one that ends at the verb; else the one that opens the words."""
    subj = PARENTHETICAL.sub("", subj)  # "John Boehner (R-Ohio) said"
    clause = subj.split(",")[-1] if last else subj  # "When Smith was asked, he said"
    clause = _without_adverbs(clause)  # "He also tweeted", "she then added": the pronoun
    pronoun = re.search(r"\b(he|she|it|they)\s*$", clause.strip(), re.I)
    opening = None if last else re.match(r"\W*(he|she)\s+(?!said|says)", subj, re.I)
    if opening:  # "He takes offense at the rules, saying, '…'": the sentence's subject
        return _one_person_before(speakers, pos, opening[1].lower()), True
    if pronoun and len(clause.split()) <= SHORT_SUBJECT_WORDS:
        if pronoun[1].lower() in PERSON_PRONOUNS:
            return _one_person_before(speakers, pos, pronoun[1].lower()), True
        if pronoun[1].lower() == "it":
            return _organisation_before(speakers, pos), True
        return None, True  # "they said": which people, the text's grammar does not say
    # "the company said", and "At the same time, the company claims": the clause at the verb
    # is the subject; "the company" there is the firm the text has been speaking of.
    named = [
        c for c in (subj, clause) if ORG_SUBJECTS.search(c) and len(c.split()) <= ORG_SUBJECT_WORDS
    ]
    if named:
        return _organisation_named(speakers, named[0], pos), False
    definite = re.fullmatch(r"\W*the\s+(?P<noun>[a-z]+)", clause.strip(), re.I)
    if definite and definite["noun"].casefold() in ORG_WORDS:
        return _definite_organisation(speakers.text, definite["noun"]), False  # "the committee"
    document = DOCUMENT_SUBJECT.fullmatch(clause.strip())
    owner = document and re.match(r"\W*the\s+(?P<who>[A-Z][\w&-]*)\s", clause.strip())
    if owner and _is_name(speakers.text, owner["who"]) and not _non_name(owner["who"]):
        # "according to the Disneyland website": the document's owner, as named there
        return _person_in(owner["who"], speakers.people) or _organisation(owner["who"]), False
    if document:  # "'…,' the statement says": whoever the text says put it out
        return _issuer(speakers, pos, document["noun"]), False
    run = _run_at_verb(speakers.text, subj) if last else _first_run(speakers.text, subj)
    if run is None:
        return None, False
    person = _person_in(run, speakers.people)
    if person:
        return person, False
    return _organisation(run), False


def _organisation(run: str) -> Person:
    """An organisation speaking ("Acme wrote in a letter"): the name past a possessive ("North
    Korea's Rodong Sinmun newspaper" is the newspaper's), or a headline's last word."""
    owned = re.sub(r"^.*[’']s\s+(?=[A-Z])", "", run)
    words = owned.split()
    capitalised = [w for w in words if w[:1].isupper()]  # "Ana de la Rosa" is three
    return Person(words[-1] if len(capitalised) > LONG_RUN_WORDS else owned, None)


def _without_adverbs(clause: str) -> str:
    """The clause without the adverbs and times that end it ("He also", "She later on")."""
    words = clause.split()
    while len(words) > 1 and words[-1].casefold() in SUBJECT_TAIL:
        words = words[:-1]
    return " ".join(words)


def _run_at_verb(text: str, subj: str) -> str | None:
    """The name that is the verb's subject: the run that ends the words before it, past any
    appositive ("Graham, co-sponsor of a bill to protect Mueller, said": Graham)."""
    clauses = [c.strip() for c in subj.split(",")]
    while len(clauses) > 1 and (not clauses[-1] or _appositive(clauses[-1])):
        clauses.pop()
    if not clauses:
        return None
    clause = QUOTED_AS.sub("", SETTING.sub(" ", clauses[-1]).strip())
    member = _member_of(clause)
    if member is not None and _is_name(text, member):
        return member
    for m in reversed(list(NAME_RE.finditer(clause))):
        run = _trimmed(m.group())
        if not run or not _is_name(text, run):
            continue
        # Only a few words may stand between the name and its verb ("Smith also", "Acme has",
        # "Trump on Tuesday"); "a Pao spokeswoman" or "Acme workers" are not Pao or Acme.
        tail = clause[m.end() :].split()
        before = clause[: m.start()].split()
        governing = [w for w in before if w.casefold() not in ARTICLES][-1:]
        if governing and governing[0].casefold() in PREPOSITIONS:
            # "an editorial published in JAMA Pediatrics said", "In an interview with the
            # BBC, …": not JAMA's or the BBC's words
            return None
        if tail and _modifies_noun(text, run, tail[0]):
            return None  # "Aviation analysts called it": a common noun opening the sentence
        if len(tail) <= SUBJECT_TAIL_WORDS and all(_tail_word(w) for w in tail):
            return _with_particle(clause[: m.start()], run)
        org = list(itertools.takewhile(lambda w: w.casefold() in ORG_WORDS, tail))[:ORG_TAIL_WORDS]
        if org and all(_tail_word(w) for w in tail[len(org) :]):
            # "Toronto police", "the Rodong Sinmun newspaper", "the Xinhua news agency"
            return " ".join([run, *org])
        return None
    return None


def _modifies_noun(text: str, run: str, following: str) -> bool:
    """'Aviation analysts', 'Retail investors': one capitalised word that the text only ever
    writes opening a sentence, before a lower-case noun, is a common noun modifying it; a
    name before its verb is followed by the verb or an adverb ("Smith also said")."""
    bare = following.strip(".,;:")
    if " " in run or not bare[:1].islower() or bare.casefold() in SUBJECT_TAIL | FUNCTION_WORDS:
        return False
    if known_first_name(run):
        return False
    return all(
        _opens_sentence(text, m.start())
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(run)}(?![\w’'-])", text)
    )


def _with_particle(before: str, run: str) -> str:
    """The run with the given names before a surname's lower-case particle ("Ahmed al-Shaik",
    "Ludwig van Beethoven"), which the run of capitalised words leaves out."""
    m = re.search(rf"(?:{NAME_WORD}\s+){{1,3}}{SURNAME_PARTICLES}$", before)
    return m.group() + run if m and known_first_name(m.group().split()[0]) else run


def _member_of(clause: str) -> str | None:
    """'Jane Doe of Acme', 'Mark Zandi at Moody's': the person, not where they work. Only a name
    of two or three words counts ("Bank of America" is one organisation)."""
    m = MEMBER_OF.search(clause)
    if m is None:
        return None
    run = _trimmed(m["who"])
    words = run.split()
    if not 2 <= len(words) <= 3 or words[-1].casefold() in ORG_WORDS | COMPANY_SUFFIXES:
        return None
    return run


def _tail_word(word: str) -> bool:
    """A word that may sit between a subject and its verb: an adverb, an auxiliary, a time."""
    bare = word.strip(".,;:").casefold()
    return bare in SUBJECT_TAIL or bare in NON_NAMES


def _appositive(clause: str) -> bool:
    """'an independent who…', 'vice president of Acme', 'South Korea's head coach': a
    description set off by commas; it opens or ends on a word in lower case."""
    words = clause.split()
    if re.fullmatch(r"\d{1,3}", clause):
        return True  # "Gaspar Pasqualetto, of Diamond Bar, 83, said": an age
    if clause[0].isupper() and words[-1].casefold() in ORG_WORDS:
        return False  # "Toronto police", "the North's Rodong Sinmun newspaper": a subject
    if (
        words[-1].casefold() in ORG_WORDS
        and any(w[0].isupper() for w in words)
        and not {w.casefold() for w in words} & PREPOSITIONS
    ):
        return False  # "the state-run Xinhua news agency" (but "the head of the X committee")
    if re.match(r"(?:and|but|yet|so)\s+[A-Z]", clause):
        return False  # "…, and Zeppos said": a second clause with its own subject
    if _role_then_name(clause) and not {w.casefold() for w in words} & PREPOSITIONS:
        return False  # "…, daycare spokeswoman Lissa Christman said": the subject itself
    if _PLACE_ABBREVIATION.fullmatch(clause):
        return True  # "a Washington, D.C., lawyer": the state of a place inside a description
    if _TITLED_NAME.match(clause):
        return False  # "In 2013, Senator Mitch McConnell …", "…, Mr Obama said": the subject
    return clause[0].islower() or words[-1][0].islower() or _non_name(words[0])


def _role_then_name(clause: str) -> bool:
    """A few words ending on a role and a full name: "daycare spokeswoman Lissa Christman"."""
    role = rf"(?:[\w’'-]+\s+){{0,3}}?(?i:{ROLE_WORDS})\s+{_TITLES}{FULL_NAME}"
    return re.fullmatch(role, clause.strip()) is not None


def _first_run(text: str, subj: str) -> str | None:
    """The name that opens the sentence's main clause ('Netflix CEO Ted Sarandos reaffirmed
    the approach, saying'; 'In a statement, Acme said'), past introductory phrases."""
    for clause in (c.strip() for c in PARENTHETICAL.sub("", subj).split(",")):
        m = NAME_RE.match(clause)
        if m is None:
            continue
        run = _trimmed(m.group())
        if " " not in run and re.search(r"(?:ed|ing)$", run):
            continue  # "Pressed by host Chris Wallace, …": a participle opens the phrase
        if re.search(r"[’']s$", run):
            return None  # "Razak's announcement came after…": the subject is what is his
        after_run = clause[m.end() :]
        holder = re.match(rf"\s+(?i:{ROLE_WORDS})\s+{_TITLES}(?P<name>{FULL_NAME})", after_run)
        # "Snopes fact checker and staff writer David Emery posted …": the name the
        # lower-case description ends on, when that description ends on a role.
        holder = holder or re.match(
            rf"(?:\s+[a-z][\w-]*){{0,6}}?\s+(?i:{ROLE_WORDS})\s+{_TITLES}(?P<name>{FULL_NAME})",
            after_run,
        )
        if holder is not None:  # "Pentagon spokesman Col. Rob Manning issued …": the person
            return _trimmed(holder["name"])
        dropped = m.group().split()[: m.group().split().index(run.split()[0])] if run else []
        titled = all(w.casefold() in TITLE_WORDS for w in dropped) or (
            dropped and dropped[-1].casefold() in TITLE_END_WORDS
        )
        if run and titled and _is_name(text, run):
            # "President Trump" is Trump, "Netflix CEO Ted Sarandos" is Sarandos; "In the
            # video" is no one
            return run
        if run:
            return None  # "In the video…" opens with a phrase; the subject is not a name
    return None


def _trimmed(run: str) -> str:
    """A run of capitalised words without the starters, titles and dates at its ends
    ("But Midjourney" is Midjourney; "On Tuesday" is nothing; "State Fire Marshal Mike Causey"
    is Mike Causey; "Senior Libya Desk Officer" is nothing)."""
    words = _past_title(run.split())
    while words and _non_name(words[0]):
        words = words[1:]
    while words and _non_name(words[-1]) and words[-1].casefold() not in COMPANY_SUFFIXES:
        words = words[:-1]
    if not any(c.isalpha() for w in words for c in w):
        return ""  # "In 2013, …": a year is no one
    return " ".join(words)


def _past_title(words: list[str]) -> list[str]:
    """The words after a run of title words: a title ends on its last title word, and whatever
    capitalised words stand before that word in the run are the title's too ("State Fire
    Marshal", "Attorney General"). A title of one word before one name ("President Trump",
    "General Motors") is left whole: the other rules know those."""
    ends = [i for i, w in enumerate(words) if w.casefold() in TITLE_END_WORDS]
    if not ends:
        return words
    last = ends[-1]
    rest = words[last + 1 :]
    if all(_non_name(w) for w in rest):
        return []  # the run is all title: "the Libya Desk Officer" names no one
    if len(rest) == 1 and last == 0:
        return words
    return rest


def _is_name(text: str, run: str) -> bool:
    """A run is a name when the text capitalises it inside a sentence, or never writes it in
    lower case: "Authorities" opening a sentence is the common noun "authorities" elsewhere."""
    if " " in run:
        return True
    word = re.escape(run)
    inside = any(
        not _opens_sentence(text, m.start())
        for m in re.finditer(rf"(?<![\w’'-]){word}(?![\w’'-])", text)
    )
    lower = rf"(?<![\w’'.-]){word.lower()}(?![\w’'-]|\.\w)"  # not in netflix.com
    return inside or re.search(lower, text) is None


def _one_person_before(speakers: Speakers, pos: int, pronoun: str) -> Person | None:
    """Whom "he" or "she" before pos can be: the one person named earlier in its sentence,
    else in the sentence before, and so back while those sentences are about "he" or "she"
    too (or are all quotation); nobody when two people are named and nothing tells them apart."""
    text = speakers.text
    end, start = pos, _sentence_start(text, pos)
    own, back, quoted, passed = True, 0, 0, False
    while back < PRONOUN_SENTENCES and quoted <= QUOTED_SENTENCES and end > 0:
        window = _outside_quotes(text, start, end, speakers.regions)
        end, start = start, _sentence_start(text, _before_end(text, start))
        blank = re.search(r"\w", window) is None  # all quotation, only its marks left
        found = None if blank else _candidates(speakers, window, pronoun)
        if own:
            own = False
            # "She described Jones as '…'": a name after the pronoun is no antecedent of it.
            first = re.search(rf"(?i:\b{pronoun}\b)", window)
            if first is not None:
                window = window[: first.start()]
                found = _candidates(speakers, window, pronoun) if re.search(r"\w", window) else None
            if found is not None:
                return found or None
            continue  # nobody named earlier in the pronoun's own sentence
        if blank or (_debris(window) and found is None):
            # '"…," she said. "…" She added: "…"': the same voice goes on; and a heading or a
            # "Related: …" line between paragraphs is no sentence about anyone.
            quoted += 1
            continue
        back += 1
        if _about(window, pronoun) and found is None:
            continue  # "She was moved to answer. '…,' she said": she is still the one before
        if found is None and not passed and _names_no_one(speakers, window, pronoun):
            # "Doe raises a question. Maybe the tests were wrong. '…?' he asked.": a sentence
            # with no one in it, once, does not hide the person the story was about.
            passed = True
            continue
        if found is False:
            found = _reporter(speakers, window, pronoun, start) or False
        return found or None
    return None


def _names_no_one(speakers: Speakers, sentence: str, pronoun: str) -> bool:
    """The sentence brings in nobody "he" or "she" could be: no capitalised word but an
    organisation's, a date or a common word opening it, no person described ("his wife", "a
    witness") and no pronoun of the other sex."""
    other = r"she|her|hers" if pronoun == "he" else r"he|him|his"
    if re.search(rf"\b(?:{other})\b", sentence, re.I):
        return False
    described = rf"\b(?:{PERSON_NOUNS}|(?i:{ROLE_WORDS})|man|woman|boy|girl|person)s?\b"
    if re.search(described, sentence):
        return False
    opener = next(iter(sentence.split()), "").strip(",;:")
    for m in NAME_RE.finditer(sentence):
        run = _trimmed(m.group())
        if not run or set(run.casefold().split()) & ORG_WORDS:
            continue
        if run == opener and _common_opener(speakers, run):
            continue
        return False
    return True


def _reporter(speakers: Speakers, sentence: str, pronoun: str, pos: int) -> Person | None:
    """The person whose words a sentence reports, when they open it as the subject of its
    first speech verb: in "Greco said Ortega has shown no remorse. He called it…" the one
    reporting goes on; the people named in what was reported are not the one speaking."""
    masked = _masked(sentence)
    # "In his closing remarks, Sen. Jay Rockefeller said": a noun ("his remarks") is no verb.
    verbs = (
        v
        for v in re.finditer(rf"\b{_SPEECH}\b", masked)
        if not (v.group() in NOUN_FORMS and NOUN_DETERMINER.search(masked[: v.start()]))
    )
    verb = next(verbs, None)
    if verb is None or verb.group() in SPEECH_PARTICIPLES or verb.group().startswith("accord"):
        return None
    head = sentence[: verb.start()]
    if not head.strip() or re.search(r"[\"“”]", head) or PASSIVE_AUXILIARIES_END.search(head):
        return None
    if re.search(r"\b(?:he|she|it|they|who|which|that)\s*$", head, re.I):
        return None  # a pronoun or a relative: not a name the sentence gives
    person, _ = _subject(speakers, head, pos, last=True)
    if person is None or not _could_be_person(speakers.text, person):
        return None
    if _gender(speakers.text, person.name) not in (None, pronoun):
        return None
    return person


def _organisation_before(speakers: Speakers, pos: int) -> Person | None:
    """Whom "it said" stands for: the organisation that is the subject of the sentence before,
    or of the last sentence of a run about "it" ("Acme said … . But it criticised … . It
    said: '…'"); nobody when that sentence's subject is no organisation's name."""
    text = speakers.text
    end, start = pos, _sentence_start(text, pos)
    if re.match(r"\W*(?:the company|the firm|the group)\b", text[start:end], re.I):
        return _company(speakers, start)  # "The company said it … which it described as '…'"
    for _ in range(REFERENCE_SENTENCES):
        end, start = start, _sentence_start(text, _before_end(text, start))
        if end <= 0:
            return None
        window = _outside_quotes(text, start, end, speakers.regions)
        if re.search(r"\w", window) is None or _IT_OPENS.match(window):
            continue  # all quotation, or a sentence about "it" too
        definite = re.match(r"\W*the\s+(?P<noun>[a-z]+)\b", window, re.I)
        if definite and definite["noun"].casefold() in ORG_WORDS:
            return _definite_organisation(text, definite["noun"])  # "The committee said…"
        found = _organisation_subject(speakers, window)
        return _organisation(found[0]) if found and _plainly_organisation(*found) else None
    return None


def _organisation_named(speakers: Speakers, subj: str, pos: int) -> Person | None:
    """Whom "the company", "the firm" or "the group" opening subj stands for: the name the text
    gave it in quotation marks, else the organisation it has been speaking of."""
    m = ORG_SUBJECTS.search(subj)
    if m is None or len(subj.split()) > ORG_SUBJECT_WORDS:
        return None
    return _named_in_quotes(speakers, m.group(), pos) or _company(speakers, pos)


def _named_in_quotes(speakers: Speakers, noun: str, pos: int) -> Person | None:
    """Whom "the group" before pos stands for when the text gave its name in quotation marks
    right after those words ('The group "Moms United" is hoping…'): that name, when it gave
    one and only one."""
    head = re.compile(rf"\b(?i:the\s+{noun.split()[-1]})\s+[\"“‘']$")
    names = {
        inner.rstrip(",.")
        for a, b in speakers.regions
        if b < pos
        and head.search(speakers.text[max(0, a - len(noun) - 4) : a])
        and (inner := speakers.text[a:b].strip())
        and _title_like(inner.rstrip(",."))
        and len(inner.split()) > 1
    }
    return Person(next(iter(names)), None) if len(names) == 1 else None


def _definite_organisation(text: str, noun: str) -> Person | None:
    """Whom "the committee" is: the one name the text gives ending in that word ("the
    International Olympic Committee"); no one when it gives none or several."""
    word = noun.casefold()
    runs = {
        run
        for m in NAME_RE.finditer(text)
        if (run := _trimmed(m.group()))
        and len(run.split()) > 1
        and run.split()[-1].casefold() == word
    }
    return Person(next(iter(runs)), None) if len(runs) == 1 else None


def _issuer(speakers: Speakers, pos: int, noun: str) -> Person | None:
    """Who put out "the statement" before pos: the subject of the nearest sentence that says
    so ("Georgia Power released a statement saying…"), if it is a name."""
    text = speakers.text
    end, start = pos, _sentence_start(text, pos)
    # "Acme released a statement", and "Jane Doe in a statement said" or "said in a statement".
    issued = re.compile(
        rf"\b(?:(?:released|issued|put\s+out|posted|sent|published|wrote|tweeted)\s+"
        rf"|(?:said|says|wrote)\s+(?:in|on)\s+|in\s+(?=(?:\S+\s+){{1,3}}(?:said|says|wrote)\b))"
        rf"(?:a|an|its|the|their|his|her)\s+(?:[\w-]+\s+){{0,2}}?{noun}s?\b",
        re.I,
    )
    # "the Samsung policy", "Acme's statement": the name the noun is given, as it was named.
    owned = re.compile(rf"(?P<who>(?:[A-Z][\w&-]*\s+){{0,3}}[A-Z][\w&-]*?)(?:[’']s)?\s+{noun}\b")
    for _ in range(REFERENCE_SENTENCES + 1):
        window = _outside_quotes(text, start, end, speakers.regions)
        verb = issued.search(window)
        if verb is not None:
            run = _run_at_verb(text, window[: verb.start()])
            if run is None:  # "the group said on its website": whom "the group" stands for
                return _organisation_named(
                    speakers, window[: verb.start()].strip(QUOTE_EDGES), start
                )
            return _person_in(run, speakers.people) or _organisation(run)
        runs = [r for r in (_trimmed(m["who"]) for m in owned.finditer(window)) if r]
        if runs:
            return _person_in(runs[-1], speakers.people) or _organisation(runs[-1])
        if start <= 0:
            return None
        end, start = start, _sentence_start(text, _before_end(text, start))
    return None


def _plainly_organisation(run: str, spoke: bool) -> bool:
    """A name that is an organisation's on its face: one of its words says so ("Acme Corp",
    "the Rodong Sinmun newspaper"), or it speaks and is several words, the first no first
    name ("McNeil Consumer Healthcare said"). "Chapa said" may be a person's surname."""
    words = run.split()
    if set(run.casefold().split()) & (ORG_WORDS | COMPANY_SUFFIXES):
        return True
    return spoke and len(words) > 1 and not known_first_name(words[0])


def _organisation_subject(speakers: Speakers, sentence: str) -> tuple[str, bool] | None:
    """The name a sentence has speak, or else opens with, when it is no person's; and whether
    it speaks."""
    verb = re.search(rf"\b{_SPEECH}\b", _masked(sentence))
    run = _run_at_verb(speakers.text, sentence[: verb.start()]) if verb else None
    spoke = run is not None
    run = run or _first_run(speakers.text, sentence)
    if run is None or _person_in(run, speakers.people) or run.split()[-1] in speakers.surnames:
        return None
    main = _main_org(speakers.text)
    if (
        known_first_name(run.split()[0])
        and not set(run.casefold().split()) & ORG_WORDS
        and not (main is not None and run == main.name)
    ):
        return None  # "Jane Doe" said: a person, no "it" ("Tyson", the text's company, is)
    return run, spoke


def _debris(line: str) -> bool:
    """A line of the page that is no sentence: a heading, a link, "Story continues below"."""
    bare = line.strip()
    # A sentence ends on . ! or ?, perhaps inside quotation marks or a parenthesis;
    # "Slideshow (5 Images)" does not.
    return (
        "\n" not in bare
        and len(bare.split()) <= DEBRIS_WORDS
        and not re.search(r"[.!?][\"”’»)]*$", bare)
    )


def _about(window: str, pronoun: str) -> bool:
    """The sentence's subject is the same pronoun: "She was…", "But he said", "'…,' she said"."""
    m = SUBJECT_PRONOUN.match(window)
    if m is not None and m[1].lower() == pronoun:
        return True
    # "If this proves true, '…,' he said.": the pronoun speaks in the sentence.
    return re.search(rf"(?i:\b{pronoun})\s+(?:\w+\s+)?(?:{SPEECH_VERBS})\b", window) is not None


def _candidates(speakers: Speakers, window: str, pronoun: str) -> Person | Literal[False] | None:
    """The one person a pronoun can be in this window; False when several or an unnamed one
    can; None when nobody is named here."""
    # "wrote a letter to Patriarch Kirill": he is not the "he" of the letter's words (but
    # whom a question was asked, as in an interview, may well answer it).
    spoken_to = [m["whom"] for m in _WRITTEN_TO.finditer(window)]
    named = {
        p.name: p
        for p in _people_in(window, speakers.people, speakers.surnames)
        if not any(same_speaker(p.name, who) for who in spoken_to)
        and _could_be_person(speakers.text, p)
    }
    # A title the text gives ("Mr. Stumpf" is no "she"), else a first name given to one sex
    # only ("Debbie" is no "he"), rules a person out.
    everyone = list(named)
    named = {n: p for n, p in named.items() if _gender(speakers.text, n) in (None, pronoun)}
    # A definite "the senator" is someone the story knows: the one senator it names, else
    # someone unnamed who may be "he" as well; "an investor" asking is no one in particular.
    unnamed = False
    for m in re.finditer(rf"\b(?i:the)\s+(?i:{ROLE_WORDS})\b", window):
        holder = _bare_role(speakers, m.group())
        if not holder:
            unnamed = True
        elif _gender(speakers.text, holder.name) in (None, pronoun) and not any(
            same_speaker(holder.name, n) for n in named
        ):
            named[holder.name] = holder
    unnamed = unnamed or _told_by_someone_unnamed(window, list(named), everyone)
    if not named and not unnamed:
        return None
    return next(iter(named.values())) if len(named) == 1 and not unnamed else False


def _told_by_someone_unnamed(window: str, named: list[str], everyone: list[str]) -> bool:
    """'The reality star told DeGeneres, "…"': the one a pronoun may be is told something by
    someone the window does not name (of any sex), so the pronoun after it may be either."""
    for m in _ADDRESS.finditer(window):
        if not m.group().startswith(("told", "tell")):
            continue  # "investors asked Tom Reed": whom a question was put to may answer it
        whom = [n for n in named if same_speaker(n, m["whom"])]
        teller = window[: m.start()]
        others = [n for n in everyone if n not in whom and name_words(n) & name_words(teller)]
        if whom and not others:
            return True
    return False


def _could_be_person(text: str, person: Person) -> bool:
    """Whether "he" or "she" can be this name: not an organisation ("White House") or a place
    ("United States", "New York"). A person is one the text gives a role, whose first name
    the name lists know, or one of whose names the text uses alone (on second reference)."""
    words = person.name.split()
    if {w.casefold() for w in words} & ORG_WORDS:
        return False
    if person.role or known_first_name(words[0]) or len(words) < 2:
        return True
    if words[0].casefold().rstrip(".") in HONORIFICS:
        return True  # "Ms Syson": a title only a person has
    return any(_used_alone(text, w) for w in words)


def _used_alone(text: str, word: str) -> bool:
    """The text writes the word inside a sentence with no other capitalised word beside it:
    "Graham said", not "Lindsey Graham" or "United States"."""
    for m in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", text):
        capital_before = re.search(r"[A-Z][\w’'.-]*\s+$", text[max(0, m.start() - 30) : m.start()])
        capital_after = re.match(r"\s+[A-Z]", text[m.end() :])
        if not (capital_before or capital_after or _opens_sentence(text, m.start())):
            return True
    return False


def _before_end(text: str, start: int) -> int:
    """Just before the terminator of the sentence that ends at start."""
    return max(0, len(text[:start].rstrip()) - 1)


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence that holds pos starts (blank lines are no sentences)."""
    head_start = max(0, pos - LEAD_CHARS)
    # "Sen. Lindsey Graham (R-S.C.) says…": an abbreviation's full stop ends no sentence.
    ends = list(_SENTENCE_BREAK.finditer(_masked(text[head_start:pos])))
    return head_start + ends[-1].end() if ends else head_start


def _gender(text: str, name: str) -> str | None:
    """'he' or 'she' when the text titles the person so (Mr., Mrs., Ms.) or the first name is
    only ever a man's or a woman's; else None."""
    surname = re.escape(name.split()[-1])
    titled = rf"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z]\w+\s+)?{surname}\b"
    titles = {m[1] for m in re.finditer(titled, text)}
    given = rf"(?<![\w’'-])({NAME_WORD})\s+{surname}\b"
    if len({m[1] for m in re.finditer(given, text) if known_first_name(m[1])}) > 1:
        titles = set()  # "Barry Sherman" and "Honey Sherman": "Ms. Sherman" is only one of them
    if titles == {"Mr"}:
        return "he"
    if titles and "Mr" not in titles:
        return "she"
    return first_name_gender(name)


def _outside_quotes(text: str, start: int, end: int, regions: list[tuple[int, int]]) -> str:
    """text[start:end] with quoted words blanked: a name inside a quotation is not its speaker."""
    chars = list(text[start:end])
    for a, b in regions:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


def _people_in(
    window: str, people: dict[str, Person], surnames: dict[str, str] | None = None
) -> list[Person]:
    """The people a window names: those the text knows, full names, and surnames standing alone
    for the one full name the text gives them."""
    found = [p for key, p in people.items() if re.search(rf"\b{re.escape(key)}\b", window)]
    for word, full in (surnames or {}).items():
        if _surname_alone(window, word) and not any(same_speaker(full, p.name) for p in found):
            found.append(people.get(full, Person(full, None)))
    for m in re.finditer(rf"\b{FULL_NAME}\b", window):
        name = _trimmed(m.group())
        following = re.match(r"[’']?s?\s+([\w-]+)", window[m.end() :])
        if following and (
            re.fullmatch(ROLE_WORDS, following[1], re.I) or following[1].casefold() in ORG_WORDS
        ):
            continue  # "Wells Fargo chief executive", "Canadian Business magazine": no person
        if set(name.casefold().split()) & ORG_WORDS:
            continue  # "the American Made Awards", "the Senate Intelligence Committee"
        if " " in name and not any(same_speaker(name, p.name) for p in found):
            found.append(Person(name, None))
    return found


def _surname_alone(window: str, word: str) -> bool:
    """The window writes the surname as a name of its own: not the last word of another
    ("Ocracoke Island" is not "Long Island"), though a title, a starter or a possessive
    ("Acme’s Dunn") may precede it."""
    for m in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", window):
        before = re.search(r"([A-Z][\w’'.-]*)\s+$", window[max(0, m.start() - 30) : m.start()])
        prev = before[1].rstrip(".") if before else ""
        if not prev or _non_name(prev) or _title(prev) or re.search(r"[’']s$", prev):
            return True
    return False


def _person_in(run: str, people: dict[str, Person]) -> Person | None:
    for key, person in people.items():
        if re.search(rf"\b{re.escape(key)}\b", run):
            return person
    return None


def _company(speakers: Speakers, pos: int) -> Person | None:
    """Whom "the company" before pos stands for: the organisation that is the subject of the
    nearest sentence before with a name for subject, when it speaks there ("Acme said…"), is
    the organisation the text is about, or is named as one ("Acme Corp"); else no one."""
    main = _main_org(speakers.text)
    text = speakers.text
    end, start = pos, _sentence_start(text, pos)
    for _ in range(REFERENCE_SENTENCES + 1):
        window = _outside_quotes(text, start, end, speakers.regions).strip(QUOTE_EDGES)
        found = _organisation_subject(speakers, window) if window else None
        if found is not None:
            run, spoke = found
            if _plainly_organisation(run, spoke) or (
                main is not None and same_speaker(run, main.name)
            ):
                return _organisation(run)
            return None  # "Texas passed a law": a place, not a company
        if start <= 0:
            break
        end, start = start, _sentence_start(text, _before_end(text, start))
    return None


def _main_org(text: str) -> Person | None:
    """The organisation the text is about: the name it uses most inside sentences, a name of
    several words counted by its first ("Tyson Foods" is Tyson), people aside."""
    people = find_people(text)
    counts: Counter[str] = Counter()
    for m in NAME_RE.finditer(text):
        run = _trimmed(m.group())
        if run and not _opens_sentence(text, m.start()) and _person_in(run, people) is None:
            counts[run.split()[0]] += 1
    return Person(counts.most_common(1)[0][0], None) if counts else None


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \"“'‘(")
    return not before or before.endswith((".", "!", "?", "\n"))
