"""What a number measures, as the nouns news writes for it: shared by the merge (which figures
can disagree) and the check (does a number measure the same thing in its source)."""

from __future__ import annotations

import re

# What a number can measure in business and general news, as the nouns that name it; words of
# one group name the same measure ("sales" and "revenue"). Only a measure named on both sides
# can make two numbers disagree, or one "measure something else": precision first.
MEASURES: dict[str, tuple[str, ...]] = {
    "revenue": ("revenue", "revenues", "sales", "turnover"),
    "profit": ("profit", "profits", "earnings", "income", "ebitda", "eps"),
    "loss": ("loss", "losses", "deficit"),
    "customers": ("subscribers", "subscriptions", "members", "users", "customers", "accounts"),
    "viewing": ("viewing", "viewers", "views", "watched", "watching", "content"),
    "price": ("price", "prices", "stock", "shares"),
    "cost": ("cost", "costs", "spending", "expenses", "budget", "capex", "investment"),
    "margin": ("margin", "margins"),
    "valuation": ("valuation", "capitalization", "capitalisation"),
    "jobs": ("jobs", "employees", "workers", "staff", "workforce", "layoffs", "positions"),
    "debt": ("debt", "borrowing", "loans", "bonds"),
    "votes": ("votes", "voters", "turnout", "seats"),
    "casualties": ("deaths", "dead", "killed", "injured", "wounded", "casualties", "victims"),
    "cases": ("cases", "infections", "patients", "hospitalizations"),
    "rate": ("inflation", "unemployment", "interest"),
    "fine": ("fine", "fines", "penalty", "settlement", "damages"),
    "donation": ("donation", "donations", "donated", "donors", "gift", "gifts", "pledge", "grant"),
    "payment": ("pay", "pays", "paid", "repay", "repaid", "payment", "payments", "refund"),
}
MEASURE_GROUP = {word: group for group, words in MEASURES.items() for word in words}


def measure_groups(text: str) -> frozenset[str]:
    """The measures the text names: "Kleiner's costs" gives {"cost"}."""
    return frozenset(
        MEASURE_GROUP[w] for w in re.findall(r"[a-z]+", text.lower()) if w in MEASURE_GROUP
    )
