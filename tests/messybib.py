"""A generated .bib of real-world mess: every class of issue 14, mixed, at any size.

Deterministic for a given size and seed, so a failure can be reproduced; written here rather than
copied from other projects' bibliographies.
"""

from __future__ import annotations

import random

FAMILIES = ("Kwon", "Müller", "O'Neil", "van der Berg", "Zhang", "Nguyễn", "Smith", "Dao")
GIVEN = ("Woosuk", "Jörg", "Ana María", "Ying", "Tri", "J.", "Li-Wei")
CJK = ("张, 三", "李, 四", "王, 小明", "{欧阳修}")
TITLES = (
    "Efficient Serving with {PagedAttention}",
    "\\TeX{} and \\LaTeX{} for Systems",
    "{\\~{Z}}ero-Copy Transfers for \\$5",
    "Tiles of $16\\times 16$ and $\\alpha$-entmax",
    "Caf{\\'e} Scheduling -- a Survey",
    "50% Faster {GPU} Kernels & More",
    "Unbalanced math $x^2 in a title",
    "Ümlauts wrïtten dïrectly",
    "{Nested {Braces} Everywhere}",
)
TYPES = ("article", "inproceedings", "misc", "conference", "report", "thesis", "online", "video")
URLS = (
    "https://example.org/a%20b~c--d",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://a.example.org; https://b.example.org",
    "www.example.org/paper",
    '"https://example.org/quoted"',
    "\\url{https://example.org/wrapped}",
)
YEARS = ("2023", "January 1978", "in press", "n.d.", "2021--2022", "{2020}")


def generate(n: int, seed: int = 14) -> tuple[bytes, list[str]]:
    """Return (the .bib as bytes, the keys meant to exist) with about *n* entries."""
    rng = random.Random(seed)
    out = ['@string{sosp = "Proc. of SOSP"}', "@comment{exported by a reference manager}"]
    keys: list[str] = []
    out.append("@proceedings{proc2024,\n  title = {Proceedings of OSDI},\n  year = {2024},\n}")
    for i in range(n):
        kind = rng.choice(TYPES)
        family = rng.choice(FAMILIES)
        key = f"{family.split()[-1].lower().replace(chr(39), '')}{2000 + i % 25}x{i}"
        roll = rng.random()
        if roll < 0.02:
            key = f"张三{i}"
        elif roll < 0.03:
            key = f"{i}"
        elif roll < 0.04:
            key = f"liu:{i}"
        elif roll < 0.06 and keys:
            key = rng.choice(keys).upper()  # a case variant of an earlier key
        fields = [f"title = {{{rng.choice(TITLES)}}}"]
        if rng.random() < 0.9:
            people = [f"{{{family}}}, {rng.choice(GIVEN)}", rng.choice(CJK)]
            if rng.random() < 0.3:
                people.append("others")
            fields.append(f"author = {{{' and '.join(people)}}}")
        if rng.random() < 0.05:
            fields = [f"doi = {{10.1145/{i}.{i}}}"]  # neither author nor title
        if kind in ("inproceedings", "conference"):
            fields.append(rng.choice(("booktitle = sosp", "booktitle = sosp # { 2023}")))
        elif kind == "article" and rng.random() < 0.7:
            fields.append("journal = {Journal of Systems}")
        if rng.random() < 0.3:
            fields.append(f"date = {{{rng.choice(('2023-09-12', '2022-07', 'spring'))}}}")
        else:
            fields.append(f"year = {{{rng.choice(YEARS)}}}")
        if rng.random() < 0.1:
            fields.append("crossref = {proc2024}")
        if rng.random() < 0.5:
            fields.append(f"url = {{{rng.choice(URLS)}}}")
        if rng.random() < 0.1:
            fields.append("howpublished = {\\url{javascript:alert(2)}}")
        if rng.random() < 0.2:
            fields.append(f"eprint = {{{rng.choice(('2309.06180', 'not an id'))}}}")
        if rng.random() < 0.03:
            fields.append("note = {contact\n@twitter (handle)}")  # an @ that starts a line
        if rng.random() < 0.01:
            fields.append("author = {Foo \\{ Bar}")  # a stray brace that pybtex recovers from
        if rng.random() < 0.02:
            fields.append("month = notamacro")  # an undefined @string macro
        body = ",\n  ".join(fields)
        open_, close = ("(", ")") if rng.random() < 0.02 else ("{", "}")
        out.append(f"@{kind}{open_}{key},\n  {body},\n{close}")
        if rng.random() < 0.05:
            out.append("% a comment line an exporter left behind")
        keys.append(key)
    # near the end, one entry that never closes swallows the few after it
    out.insert(len(out) - 5, "@misc{runaway2020,\n  author = {Foo \\{ Bar \\{ Baz},\n}")
    text = "\n\n".join(out) + "\n"
    data = text.encode("utf-8")
    # one Latin-1 byte in an otherwise UTF-8 file, as a hand edit in the wrong editor leaves it
    cut = data.index(b"title = {", len(data) // 2)
    data = data[:cut] + b"note = {Caf\xe9},\n  " + data[cut:]
    return data, keys
