"""Entry types: the ones BibTeX styles format, and what every other type is formatted as."""

from __future__ import annotations

# The types of BibTeX's standard styles (and so of pybtex's plain, alpha, unsrt, ...).
BIBTEX_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    }
)
# Aliases documented by BibTeX (@conference) and biblatex (its "type aliases" and common types).
ALIASES = {
    "conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "online": "misc",
    "electronic": "misc",
    "www": "misc",
    "webpage": "misc",
    "software": "misc",
    "dataset": "misc",
    "mvbook": "book",
    "collection": "proceedings",
    "mvcollection": "proceedings",
    "mvproceedings": "proceedings",
    "bookinbook": "inbook",
    "suppbook": "inbook",
    "suppcollection": "incollection",
    "inreference": "incollection",
    "reference": "book",
    "periodical": "proceedings",
    "suppperiodical": "article",
    "patent": "misc",
}


def bibtex_type(kind: str) -> tuple[str, bool]:
    """Return (the type to format *kind* as, whether *kind* is known)."""
    kind = kind.lower()
    if kind in BIBTEX_TYPES:
        return kind, True
    if kind in ALIASES:
        return ALIASES[kind], True
    return "misc", False
