"""Off-topic inputs: a document that shares little of its own vocabulary with the others is
another story that came along in the folder or the feed, and must not count as a source."""

from __future__ import annotations

from collections import Counter

from briefing.schemas import Document
from briefing.text.words import content_stems

TOP_TERMS = 15  # a document's most frequent content words: what it is about
# Off-topic when fewer than this share of them occur anywhere else. On 50 Multi-News clusters
# with one article of another cluster added, < 0.3 caught 41 of the 50 strays, and flagged 10
# of the clusters' own articles, 6 of them crawl notices, spam or embeds rather than articles.
MIN_SHARED = 0.3
MIN_DOCUMENTS = 3  # with two documents, neither can be told to be the stray


def off_topic(docs: list[Document]) -> list[str]:
    """Ids of the documents about another story, in input order; none when fewer than three."""
    if len(docs) < MIN_DOCUMENTS:
        return []
    stems = [content_stems(d.text) for d in docs]
    df = Counter(t for s in stems for t in set(s))
    strays = []
    for i, doc in enumerate(docs):
        top = [t for t, _ in Counter(t for t in stems[i] if len(t) > 2).most_common(TOP_TERMS)]
        # Another document has the term when more than this one does (df counts this one).
        if top and sum(df[t] > 1 for t in top) / len(top) < MIN_SHARED:
            strays.append(doc.id)
    # If most documents look like strays, there is no one story to stray from.
    return (
        strays
        if len(docs) - len(strays) >= MIN_DOCUMENTS - 1 and len(strays) < len(docs) / 2
        else []
    )
