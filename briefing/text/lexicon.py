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

# Capitalized words that are not names: sentence starters, roles, days, months, pronouns.
_NON_NAME_WORDS = """the a an and but or nor so yet for in on at by of to from with as if when while
    after before since this that these those it its he she they we i you his her their our my your
    there here then also however meanwhile still even just only both each all some many most
    mr mrs ms dr prof sir madam chief executive officer president vice chairman chairwoman chair
    director founder co-founder head minister secretary senator governor mayor general manager
    senior analyst analysts inc ltd corp co llc plc group monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec"""
NON_NAMES = frozenset(_NON_NAME_WORDS.split())
