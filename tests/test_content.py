"""The site's content: exact bibliography, every seed paper noted, tags used, typography."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from util import ROOT

sys.path.insert(0, str(ROOT / "exts"))
from papercache import bib

DOCS = ROOT / "docs"
SEED_PAPERS = {  # key: (layer folder, the seed's listing month), from ../shared/CONTENT.md
    "stepfun2025step3": ("inference", "2025-07"),
    "zhu2025megascaleinfer": ("inference", "2025-07"),
    "hu2025demystifying": ("system", "2025-07"),
    "zhang2025sageattention": ("system", "2025-06"),
    "wu2025mirage": ("system", "2025-06"),
    "zhao2025insights": ("hardware", "2025-05"),
    "ding2025tilus": ("system", "2025-04"),
    "liu2024cachegen": ("inference", "2025-04"),
    "yao2025cacheblend": ("inference", "2025-04"),
    "wang2025tilelang": ("system", "2025-04"),
    "dong2024flexattention": ("system", "2024-12"),
    "cheng2024cdn": ("inference", "2024-10"),
    "sheng2025hybridflow": ("training", "2024-10"),
    "chang2024flux": ("system", "2024-10"),
    "shah2024flashattention3": ("system", "2024-07"),
    "jiang2024megascale": ("training", "2024-02"),
    "qi2024zerobubble": ("training", "2023-11"),
    "kwon2023pagedattention": ("inference", "2023-09"),
    "agrawal2023sarathi": ("inference", "2023-08"),
    "yu2022orca": ("inference", "2022-07"),
    "dao2022flashattention": ("system", "2022-07"),
    "yang2022tensorprograms": ("training", "2022-03"),
    "shamis2015ucx": ("system", "2015-07"),
}
CJK = r"[\u4e00-\u9fff]"
NOTE_SECTIONS = ("背景与问题", "核心思想", "方法", "实验与结果", "局限与讨论", "与其他工作的关系")
CARD = re.compile(r"```\{paper\}\s+(\S+)\n((?::[\w-]+:.*\n)*)")
REF = re.compile(r"\{(?:cite|paper)(?::\w+)?\}`([^`]+)`")


def pages() -> dict[str, str]:
    return {
        str(p.relative_to(DOCS).with_suffix("")): p.read_text(encoding="utf-8")
        for p in sorted(DOCS.rglob("*.md"))
        if not p.relative_to(DOCS).parts[0].startswith("_")
    }


def refs(text: str) -> list[str]:
    """Keys cited by {cite}/{paper} roles, outside code (the guide shows roles as examples)."""
    text = re.sub(r"````.*?````|``.*?``", "", text, flags=re.S)
    return [k.strip() for group in REF.findall(text) for k in group.split(",")]


def cards() -> dict[str, tuple[str, dict[str, str]]]:
    out = {}
    for doc, text in pages().items():
        for key, opts in CARD.findall(text):
            options = dict(re.findall(r":([\w-]+):\s*(.*)", opts))
            out[key] = (doc, options)
    return out


def test_every_bib_entry_is_complete_and_parses() -> None:
    db = bib.parse(ROOT / "references.bib")
    assert db.problems == []
    assert len(db.entries) >= 40
    for key, entry in db.entries.items():
        assert entry.title and entry.year and entry.authors, key
        # a venue (booktitle, journal, publisher, howpublished, arXiv) or, for a web source, its URL
        assert entry.venue or entry.fields.get("url"), f"{key} has no venue, publisher or URL"
        assert entry.links(), f"{key} has no doi, eprint or url"
        if entry.type == "misc" and not entry.fields.get("eprint"):
            # web sources change: the date they were read is part of the citation
            assert entry.fields.get("urldate"), f"{key}: a web source needs urldate"
        assert re.fullmatch(r"[a-z][a-z0-9-]*\d{4}[a-z0-9]+", key), f"{key} breaks the key scheme"


def test_no_bib_key_is_unused() -> None:
    used = set(cards())
    for text in pages().values():
        used.update(refs(text))
    keys = set(bib.parse(ROOT / "references.bib").entries)
    assert sorted(keys - used) == []
    assert sorted(used - keys) == []


def test_every_seed_paper_has_a_note_with_its_card() -> None:
    found = cards()
    for key, (layer, _listing_month) in SEED_PAPERS.items():
        assert key in found, f"no card for {key}"
        doc, options = found[key]
        assert doc == f"{layer}/papers/{key}", f"{key} is on {doc}"
        assert options.get("status") == "read", key
        text = pages()[doc]
        for heading in NOTE_SECTIONS:
            assert f"## {heading}" in text, f"{doc} lacks ## {heading}"


def test_every_note_has_its_own_card_and_no_card_date() -> None:
    found = cards()
    notes = [doc for doc in pages() if "/papers/" in doc]
    assert len(notes) >= 55
    for doc in notes:
        key = doc.rsplit("/", 1)[1]
        assert found.get(key, ("",))[0] == doc, f"{doc} has no card for {key}"
    for key, (_doc, options) in found.items():
        assert "date" not in options, f"{key}: the card date comes from references.bib"


def test_every_note_is_a_real_reading_note() -> None:
    """Six sections and 1,500-3,000 Chinese characters: a note, not an abstract."""
    for doc, text in pages().items():
        if "/papers/" not in doc:
            continue
        han = len(re.findall(CJK, text))
        assert 1500 <= han <= 3000, f"{doc}: {han} Chinese characters"
        headings = re.findall(r"^## (.+)$", text, re.M)
        assert headings[:6] == list(NOTE_SECTIONS), f"{doc}: {headings}"


def test_every_card_has_a_month_from_the_bibliography() -> None:
    entries = bib.parse(ROOT / "references.bib").entries
    for key in cards():
        assert re.fullmatch(r"\d{4}-\d{2}", entries[key].first_public()), key


CHAPTER_FOLDERS = (
    "overview",
    "hardware",
    "system",
    "training",
    "inference",
    "applications",
    "outlook",
)


def test_every_chapter_cites_a_source_from_2025_or_later() -> None:
    """Currency: every chapter of this fast-moving field rests on at least one recent source."""
    entries = bib.parse(ROOT / "references.bib").entries
    chapters = [
        doc
        for doc in pages()
        if doc.split("/")[0] in CHAPTER_FOLDERS and "/papers/" not in doc and doc.count("/") == 1
    ]
    assert len(chapters) >= 25
    stale = [
        doc
        for doc in chapters
        if not any(entries[k].year >= "2025" for k in refs(pages()[doc]) if k in entries)
    ]
    assert stale == []


def test_every_tag_is_used() -> None:
    vocabulary = set(re.findall(r"```\{tagdef\}\s+(\S+)", pages()["tags/index"]))
    used = set()
    for text in pages().values():
        front = re.match(r"---\n(.*?)\n---", text, re.S)
        if front and (m := re.search(r"^tags:\s*\[(.*)\]", front.group(1), re.M)):
            used.update(t.strip() for t in m.group(1).split(",") if t.strip())
    for _doc, options in cards().values():
        used.update(t.strip() for t in options.get("tags", "").split(",") if t.strip())
    assert sorted(vocabulary - used) == []
    assert sorted(used - vocabulary) == []


def test_chinese_punctuation_is_full_width() -> None:
    bad = []
    for doc, text in pages().items():
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        prose = re.sub(r"`[^`]*`|\$[^$]*\$", "", prose)
        for line in prose.splitlines():
            if line.startswith(("|", ":")):
                continue
            if re.search(rf"{CJK}[,;:!?](?=\s|$|{CJK})|{CJK}\((?={CJK})", line):
                bad.append(f"{doc}: {line[:60]}")
    assert bad == []


@pytest.mark.site
def test_papers_page_lists_every_card_by_first_appearance(real_site: Path) -> None:
    page = (real_site / "zh_CN" / "papers.html").read_text(encoding="utf-8")
    order = re.findall(r'#paper-([\w-]+)"', page)
    assert sorted(order) == sorted(cards())
    entries = bib.parse(ROOT / "references.bib").entries
    months = [entries[k].first_public() for k in order]
    assert months == sorted(months, reverse=True)
    # the month headings are those dates: μP appeared at NeurIPS in December 2021
    groups = re.split(r">(\d{4}-\d{2})<", page)
    group = groups[groups.index("2021-12") + 1]
    assert "#paper-yang2022tensorprograms" in group


@pytest.mark.site
def test_cited_in_is_filled_wherever_another_page_cites(real_site: Path) -> None:
    citing: dict[str, set[str]] = {}
    for doc, text in pages().items():
        for key in refs(text):
            citing.setdefault(key, set()).add(doc)
    for key, (doc, _options) in cards().items():
        others = citing.get(key, set()) - {doc}
        page = (real_site / "zh_CN" / f"{doc}.html").read_text(encoding="utf-8")
        block = page[page.index('class="pc-cited-in') :]
        block = block[: block.index("</div>")]
        links = re.findall(r'href="([^"#]+)\.html"', block)
        assert len(links) == len(others), f"{key}: {links} vs {sorted(others)}"
