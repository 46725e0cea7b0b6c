"""What the stages know about news English: words that carry no content, verbs of speech,
capitalised words that are not names. One list per kind of knowledge, shared by every stage."""

from __future__ import annotations

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each even
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just let me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told noted added according per via one ones may might
    must shall like well many much new recent recently already still yet s t re ve ll d m
    its it's that's we're we've you're they're isn't doesn't don't can't won't""".split()
)

# Verbs that attribute words to a speaker, in the forms news copy uses. One list for the
# offline engine (to find a speaker) and the validator (to check one), so the two agree.
SPEECH_VERB_FORMS = (
    "said says say saying noted notes noting added adds adding told tells wrote writes writing "
    "stated states stating explained explains explaining emphasized emphasised emphasizes "
    "emphasizing stressed argued argues arguing insisted insists remarked declared declares "
    "continued commented recalled warned warns warning asked replied answered acknowledged "
    "reaffirmed expressed announced asks asking pressed pressing questioned grilled urged "
    "challenged demanded claims claimed reveals revealed tweeted tweets posted responded "
    "admitted conceded suggested testified predicted pleaded instructed described describes "
    "describing averred averring quipped joked observed lamented complained complaining "
    "boasted cautioned confirmed countered contended denied maintained mentioned promised "
    "protested recounted reiterated retorted shouted vowed yelled read reads called calls "
    "calling dubbed denounced slammed blasted praised criticized criticised condemned thought "
    "thinking captioned "
    # the present tense of news copy ("Nikolov elaborates", "Smith recalls")
    "elaborated elaborates explains stresses recalls replies answers acknowledges announces "
    "admits concedes suggests predicts observes cautions confirms contends denies maintains "
    "mentions recounts reiterates retorts remarks comments responds testifies thinks quips"
).split()
# "was called", "had been described": the subject is who the words were said of or to, not who
# said them.
PASSIVE_AUXILIARIES = "was|were|is|are|be|been|being|get|gets|got"
# Speech verbs whose object is the person spoken to, never the speaker: "Warren pressed Stumpf".
ADDRESSING_VERBS = (
    "told|tells|telling|asked|asks|asking|pressed|pressing|questioned|grilled|urged|instructed"
)
# Participles open a clause whose subject came before ("..., saying"), not after.
SPEECH_PARTICIPLES = frozenset(f for f in SPEECH_VERB_FORMS if f.endswith("ing"))
# Longest first, so that an alternation never stops at a prefix of a longer form.
SPEECH_VERBS = "|".join(sorted(SPEECH_VERB_FORMS, key=lambda f: (-len(f), f))) + r"|according\s+to"

# Words that give a person's role or title before or after the name.
ROLE_WORDS = (
    "CEO|co-CEO|CFO|COO|CTO|chief executive|chief|president|founder|co-founder|chairman|chair|"
    "analyst|actor|actress|director|spokesperson|spokesman|spokeswoman|minister|senator|"
    "executive|producer|writer|economist|professor|investor|regulator|star|Sen\\.|Rep\\.|"
    "representative|judge|justice|attorney|lawyer|prosecutor|governor|mayor|secretary|"
    "commissioner|sheriff|detective|chancellor|coach|dean|principal|counselor|teacher|inspector|"
    "superintendent"
)

# Capitalized words that are not names, compared in lower case: sentence starters and pronouns,
# titles and roles, groups of people ("Officials said"), company suffixes, days and months.
_STARTER_WORDS = """the a an and but or nor so yet for in on at by of to from with as if when while
    after before since despite this that these those it its he she they we i you his her their
    our my your there here then also however meanwhile earlier still even just only both each
    all some many most why what how where who which once until unless although though
    because whereas whether upon during"""
_TITLE_WORDS = """mr mrs ms dr prof sir madam ceo chief executive officer president vice chairman
    chairwoman chair director founder co-founder head minister secretary senator governor mayor
    general manager senior analyst analysts"""
_OTHER_WORDS = """officials authorities experts investigators researchers scientists sources
    witnesses residents prosecutors officers deputies doctors lawmakers critics
    ai inc ltd corp co llc plc group monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec"""
TITLE_WORDS = frozenset(_TITLE_WORDS.split())
NON_NAMES = frozenset(_STARTER_WORDS.split()) | TITLE_WORDS | frozenset(_OTHER_WORDS.split())
# Abbreviations whose full stop ends no sentence: titles before a name or a number ("Ms. Pao",
# "No. 2"), and the suffixes of names ("Acme Inc.", "Smith Jr."). One list for the sentence
# splitter and the attribution rules.
NAME_TITLE_ABBREVIATIONS = "Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|St|No"
NAME_SUFFIX_ABBREVIATIONS = "Inc|Corp|Co|Ltd|Jr|Sr"
# Titles that make a surname a person's name: "Ms Syson said".
HONORIFICS = frozenset("mr mrs ms dr prof sir madam".split())

# Grammatical words that a fuzzy match may see dropped or swapped, and that a figure's measure
# never ends on ("revenue of" is "revenue").
FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for with from and or that as its their our his her".split()
)
