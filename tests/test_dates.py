"""A card's date is the paper's first public appearance, read from its BibTeX entry alone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exts"))
from papercache import bib


def entry(**fields: str) -> bib.BibEntry:
    return bib.BibEntry("k", "misc", 1, "", fields, (), ())


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # arXiv v1 before the venue: the arXiv month (the id's YYMM)
        ({"year": "2023", "month": "October", "eprint": "2309.06180"}, "2023-09"),
        # the venue before the arXiv version (μP: NeurIPS 2021, arXiv March 2022)
        ({"year": "2021", "month": "December", "eprint": "2203.03466"}, "2021-12"),
        # a venue known only by year loses to an arXiv month of the same year ...
        ({"year": "2024", "eprint": "2405.04434"}, "2024-05"),
        # ... but not to one of a later year
        ({"year": "2019", "eprint": "2001.08361"}, "2019"),
        ({"year": "2022", "month": "jul"}, "2022-07"),
        ({"year": "2022", "month": "7"}, "2022-07"),
        ({"date": "2023-09-12"}, "2023-09"),  # biblatex
        ({"year": "2015"}, "2015"),
        ({"eprint": "2401.10774v3"}, "2024-01"),
        ({"eprint": "hep-th/9901001", "year": "1999"}, "1999"),  # old-style id: no month in it
        ({"eprint": "2309.06180", "archiveprefix": "HAL", "year": "2024"}, "2024"),
        ({"year": "in press"}, ""),
        ({}, ""),
    ],
)
def test_first_public_is_the_earlier_of_arxiv_and_venue(fields: dict, expected: str) -> None:
    assert entry(**fields).first_public() == expected


def test_month_names_and_numbers() -> None:
    assert [bib.month_number(m) for m in ("dec", "December", "12", "13", "", "Q1")] == [
        "12",
        "12",
        "12",
        "",
        "",
        "",
    ]
