"""Three outlets' takes on one story, and the merge of their offline extractions.

Shared by the tests of the merge stages: points, quotes, figures, spelling, copies, claims.
"""

from briefing.extract.extractive import extract
from briefing.ground.validator import ground_document
from briefing.merge import merge
from briefing.schemas import Document


def docs(*texts: str) -> list[Document]:
    return [
        Document(id=f"d{i}", label=i, source=f"outlet{i}.txt", text=t)
        for i, t in enumerate(texts, 1)
    ]


def merged(*texts: str):
    ds = docs(*texts)
    return ds, merge(ds, [ground_document(d, extract(d)) for d in ds])


A = (
    "Acme Corp reported quarterly revenue of $3.4 billion on Tuesday, up 12% from a year earlier.\n"
    "The company will open a new factory in Lyon next spring to build electric bicycles.\n"
    "Chief executive Jane Smith said: “We are building for the long run, not the next quarter.”\n"
)
B = (
    "Acme Corp’s revenue rose 12% to $3.4 billion in the quarter, the company said Tuesday.\n"
    "Acme plans to build electric bicycles at a new factory in Lyon from next spring.\n"
    "“We are building for the long term, not for the next quarter,” CEO Jane Smith said.\n"
    "Analysts at Borel Bank expect margins to shrink as steel prices climb this winter.\n"
)
C = (
    "Acme Corp posted revenue of $3.9 billion for the quarter, according to its filing.\n"
    "The Lyon factory of Acme will make electric bicycles starting next spring, staff said.\n"
)
