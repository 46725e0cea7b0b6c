"""Which points each part of a brief shows: the same for Markdown, HTML and the email."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.schemas import Brief, KeyPoint, Writer

MAX_SINGLE_SHOWN = 5  # "only one source reports": a handful of claims, the rest under More
MAX_MORE_SHOWN = 15  # past this, "More" gives a count: the JSON brief keeps every point


@dataclass(frozen=True)
class Sections:
    """Key points several outlets carry, claims only one carries, and the rest."""

    multi: list[KeyPoint]
    single: list[KeyPoint]
    more: list[KeyPoint]
    more_hidden: int  # points past MAX_MORE_SHOWN, only in the JSON brief


def sections(brief: Brief, more_limit: int | None = MAX_MORE_SHOWN) -> Sections:
    """The points in the order the selection gave, none that the bottom line prints as it is."""
    printed = {cid for s in brief.bottom_line if s.written_by is Writer.offline for cid in s.cites}
    left = [p for p in brief.key_points if p.id not in printed]
    shown = [p for p in left if p.id not in brief.more]
    single = [p for p in shown if p.id in brief.single_source]
    # Past the budget: what several outlets carry first, then claims of one outlet.
    past = [p for p in left if p.id in brief.more]
    more = [p for p in past if p.corroboration > 1] + single[MAX_SINGLE_SHOWN:]
    more += [p for p in past if p.corroboration == 1]
    return Sections(
        multi=[p for p in shown if p.id not in brief.single_source],
        single=single[:MAX_SINGLE_SHOWN],
        more=more[:more_limit],
        more_hidden=len(more) - len(more[:more_limit]),
    )
