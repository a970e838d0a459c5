"""Real-world BibTeX (issue 14): one row per class of defect, each a minimal .bib and page.

Every row's build must finish without an exception (one would escape util.sphinx), warn with the
exact message at ``refs.bib:LINE``, show the right text and links, and write nothing outside its
output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from util import ROOT, html_pages, sphinx

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "exts")!r})
extensions = ["myst_parser", "sphinxcontrib.bibtex", "papercache"]
language = "zh_CN"
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
bibtex_default_style = "papercache"  # as docs/conf.py
suppress_warnings = ["bibtex.key_not_found"]
papercache_layers = {{"notes": "notes/"}}
html_theme = "basic"
html_search_options = {{"dict": {str(ROOT / "docs/_data/jieba_userdict.txt")!r}}}  # as docs/
"""
TAGS = "# 标签\n\n```{tagdef} kv-cache\nKV 缓存\n\nKV 缓存的管理。\n```\n"
INDEX = "# 首页\n\n```{toctree}\nnote\nbibliography\ntags/index\n```\n"
BIBLIOGRAPHY = "# 参考文献\n\n```{bibliography}\n:all:\n```\n"
LOCAL = "\n```{bibliography}\n:filter: docname in docnames\n:list: bullet\n```\n"
W = "WARNING: "


def cards(*keys: str) -> str:
    return "# 笔记\n\n" + "".join(f"```{{paper}} {key}\n\n摘要。\n```\n\n" for key in keys)


@dataclass
class Row:
    """A .bib (text, or bytes for an encoding), the note page, and what the build must show."""

    bib: str | bytes
    note: str
    warnings: list[str]
    shows: dict[str, list[str]] = field(default_factory=dict)  # page -> substrings it contains
    hides: list[str] = field(default_factory=list)  # substrings no page may contain
    files: dict[str, str] = field(default_factory=dict)  # more source files


ROWS = {
    # -- crashes ---------------------------------------------------------------------------------
    "entry types pybtex cannot format": Row(
        "@conference{doe2020conf,\n  title = {A Conference Paper},\n  author = {Doe, Jane},\n"
        "  booktitle = {SOSP},\n  year = {2020},\n}\n\n"
        "@video{doe2021talk,\n  title = {A Talk},\n  author = {Doe, Jane},\n  year = {2021},\n"
        "  url = {https://example.org/talk},\n}\n\n"
        "@report{doe2022rep,\n  title = {A Report},\n  author = {Doe, Jane},\n"
        "  institution = {ACME},\n  year = {2022},\n}\n",
        cards("doe2020conf", "doe2021talk")
        + "见 {cite}`doe2021talk` 与 {cite}`doe2022rep`。\n"
        + LOCAL,
        [
            f'refs.bib:8: {W}BibTeX entry "doe2021talk": @video is not a BibTeX entry type; it '
            "is formatted as @misc (use @misc, or a standard type such as @inproceedings) "
            "[papercache.bib]"
        ],
        {
            "bibliography.html": ["A conference paper. In <em>SOSP</em>. 2020.", "A talk. 2021."],
            "note.html": ["ACME, 2022", "A Conference Paper"],
        },
    ),
    "cited entry with neither author nor title": Row(
        "@misc{onlydoi,\n  doi = {10.1145/3600006.3613165},\n}\n",
        "# 笔记\n\n见 {cite}`onlydoi`。\n" + LOCAL,
        [f'refs.bib:1: {W}BibTeX entry "onlydoi" has no title or year [papercache.bib]'],
        {"note.html": ['">onlydoi</a>]', 'href="https://doi.org/10.1145/3600006.3613165"']},
    ),
    "required field missing for the entry type": Row(
        "@article{doe2024nojournal,\n  title = {No Journal},\n  author = {Doe, J.},\n"
        "  year = {2024},\n}\n",
        "# 笔记\n\n见 {cite}`doe2024nojournal`。\n" + LOCAL,
        [
            f"refs.bib:1: {W}missing journal in doe2024nojournal: shown with the fields it has, "
            "as @misc; add the field or change the entry type [bibtex.missing_field]"
        ],
        {"note.html": ["J. Doe. No journal. 2024."]},
    ),
    "file that is not UTF-8": Row(
        "@misc{muller2020x,\n  title = {Caf\u00e9 Study},\n  author = {M\u00fcller, J\u00f6rg},\n"
        "  year = {2020},\n}\n".encode("latin-1"),
        cards("muller2020x") + "见 {cite}`muller2020x`。\n" + LOCAL,
        [
            f"refs.bib:2: {W}refs.bib is not valid UTF-8 (byte 0xE9 at line 2, column 15); "
            'bytes that are not UTF-8 are read as Latin-1 ("é"): re-save the file as UTF-8 '
            "(e.g. iconv -f latin1 -t utf-8) [papercache.bib]"
        ],
        {"note.html": ["Café Study", "Jörg Müller"], "bibliography.html": ["Jörg Müller"]},
    ),
    # -- silent loss -----------------------------------------------------------------------------
    "keys that differ only in case": Row(
        "@misc{Kwon2023X,\n  title = {Upper},\n  year = {2023},\n}\n\n"
        "@misc{kwon2023x,\n  title = {Lower},\n  year = {2023},\n}\n",
        cards("Kwon2023X") + "见 {cite}`kwon2023x`。\n",
        [
            f'refs.bib:6: {W}duplicate BibTeX key "kwon2023x" (first defined at line 1 as '
            '"Kwon2023X"; BibTeX keys ignore case, so this entry is lost: rename one of them) '
            "[papercache.bib]",
            f'note.md:8: {W}unknown BibTeX key "kwon2023x" in {{cite}} (did you mean '
            '"Kwon2023X"?) [papercache.key]',
        ],
        {"note.html": ["Upper"]},
        ["Lower"],
    ),
    "stray brace swallowing the entries after it": Row(
        "@misc{good2020a,\n  title = {Good},\n  year = {2020},\n}\n\n"
        "@misc{stray2020b,\n  author = {Foo \\{ Bar \\{ Baz},\n  title = {Stray},\n"
        "  year = {2020},\n}\n\n"
        "@misc{lost2021c,\n  title = {Lost One},\n  year = {2021},\n}\n\n"
        "@misc{lost2021d,\n  title = {Lost Two},\n  year = {2021},\n}\n",
        cards("good2020a"),
        [
            f'refs.bib:6: {W}BibTeX entry "stray2020b" has an unbalanced "{{" (\\{{ counts as a '
            'brace too): it never closes and swallows the 2 entries after it ("lost2021c" at '
            'line 12 to "lost2021d" at line 17); balance it [papercache.bib]',
            f'refs.bib:6: {W}BibTeX entry "stray2020b" has no title or year [papercache.bib]',
        ],
        {"note.html": ["Good"]},
    ),
    "dates from date, year text, crossref; undated last": Row(
        "@inproceedings{iso2023a,\n  title = {ISO Date},\n  author = {Doe, J.},\n"
        "  date = {2023-09-12},\n"
        "  booktitle = {SOSP},\n}\n\n"
        "@misc{text1978b,\n  title = {Year In Words},\n  year = {January 1978},\n}\n\n"
        "@misc{press2025c,\n  title = {In Press},\n  year = {in press},\n}\n\n"
        "@inproceedings{child2024d,\n  title = {Inherited},\n  author = {Roe, R.},\n"
        "  crossref = {proc2024},\n}\n\n"
        "@proceedings{proc2024,\n  title = {Proceedings of OSDI},\n  year = {2024},\n"
        "  month = jul,\n}\n",
        cards("iso2023a", "text1978b", "press2025c", "child2024d")
        + "\n```{paperlist}\n:group-by: year\n:style: compact\n```\n",
        [
            f'refs.bib:13: {W}BibTeX entry "press2025c": year "in press" is not a year, so the '
            'paper is listed as undated (write the year of publication; put "in press" in '
            "note) [papercache.bib]"
        ],
        {
            "note.html": [
                "首次公开 2023-09",
                "首次公开 1978-01",
                "Proceedings of OSDI 2024",
                "首次公开 2024-07",
            ]
        },
    ),
    # -- links and text --------------------------------------------------------------------------
    "verbatim url and doi fields": Row(
        "@misc{verb2020a,\n  title = {Verbatim},\n  year = {2020},\n"
        "  url = {https://example.org/a%20b~c--d},\n}\n\n"
        "@misc{verb2020b,\n  title = {Doi},\n  year = {2020},\n"
        "  doi = {10.1000/a--b~c},\n}\n",
        cards("verb2020a", "verb2020b") + "见 {cite}`verb2020a`。\n" + LOCAL,
        [],
        {
            "note.html": [
                'href="https://example.org/a%20b~c--d"',
                'href="https://doi.org/10.1000/a--b~c"',
            ]
        },
    ),
    "unsafe links in any HTML": Row(
        "@misc{js2020a,\n  title = {Js},\n  year = {2020},\n  url = { JavaScript:alert(1)},\n}\n\n"
        "@misc{js2020b,\n  title = {Data},\n  year = {2020},\n"
        "  url = {data:text/html,<script>alert(1)</script>},\n}\n\n"
        "@misc{js2020c,\n  title = {Howpublished},\n  year = {2020},\n"
        "  howpublished = {\\url{javascript:alert(2)}},\n}\n",
        cards("js2020a") + "见 {cite}`js2020a`、{cite}`js2020b` 和 {cite}`js2020c`。\n" + LOCAL,
        [
            f'refs.bib:1: {W}BibTeX entry "js2020a": url "JavaScript:alert(1)" uses the scheme '
            '"javascript:", but only http(s) links are kept; the link is dropped [papercache.bib]',
            f'refs.bib:7: {W}BibTeX entry "js2020b": url "data:text/html,<script>alert(1)'
            '</script>" uses the scheme "data:", but only http(s) links are kept; the link is '
            "dropped [papercache.bib]",
        ],
        {"note.html": ["Js"]},
        ['href="javascript', 'href="data:', 'href="JavaScript', "<script>alert"],
    ),
    "LaTeX titles, math, CJK names and others": Row(
        "@misc{tex2020a,\n  title = {\\TeX{} and \\LaTeX: {\\~{Z}}ebra for \\$5},\n"
        "  author = {Doe, Jane and others},\n  year = {2020},\n}\n\n"
        "@misc{math2021b,\n  title = {Tiles of $16\\times 16$ and $\\alpha$-entmax},\n"
        "  author = {张, 三 and 李, 四},\n  year = {2021},\n}\n",
        cards("tex2020a", "math2021b") + "见 {cite}`math2021b` 与 {cite}`tex2020a`。\n" + LOCAL,
        [],
        {
            "note.html": [
                "TeX and LaTeX: Z̃ebra for $5",
                "Jane Doe, 等",
                "张三, 李四",
                "<mo>×</mo>",
                "<mi>α</mi>",
                "-entmax</strong>",
            ],
            "bibliography.html": [
                "张三 and 李四. Tiles of 16× 16 and α-entmax. 2021.",
                "Jane Doe et al. TeX",  # BibTeX's "and others" is not an author named others
            ],
        },
        ["三 张", "Jane Doe and others"],
    ),
    "several links and odd values in one field": Row(
        "@misc{multi2020a,\n  title = {Multi},\n  year = {2020},\n"
        "  url = {https://a.example.org; https://b.example.org},\n}\n\n"
        "@misc{noscheme2020b,\n  title = {No Scheme},\n  year = {2020},\n"
        "  url = {www.example.org/paper},\n  doi = {not-a-doi},\n}\n",
        cards("multi2020a", "noscheme2020b"),
        [
            f'refs.bib:1: {W}BibTeX entry "multi2020a": url "https://a.example.org; '
            "https://b.example.org\" holds 2 links; keep one link per field (the paper's own "
            "page); the link is dropped [papercache.bib]",
            f'refs.bib:7: {W}BibTeX entry "noscheme2020b": url "www.example.org/paper" has no '
            'scheme; write "https://www.example.org/paper"; the link is dropped [papercache.bib]',
            f'refs.bib:7: {W}BibTeX entry "noscheme2020b": doi "not-a-doi" is not a DOI (a DOI '
            "looks like 10.1145/3600006.3613165); the link is dropped [papercache.bib]",
        ],
        {"note.html": ["Multi", "No Scheme"]},
        ['href="https://a.example.org', 'href="www.'],
    ),
    # -- anchors and files -----------------------------------------------------------------------
    "tag slug that would leave the output directory": Row(
        "@misc{tag2020a,\n  title = {Tagged},\n  year = {2020},\n}\n",
        cards("tag2020a"),
        [
            'tags/index.md:9: ERROR: tag slug "../../../x" must be lowercase ASCII words '
            '(letters and digits) joined by hyphens, e.g. "x"; the tag is not defined [docutils]'
        ],
        files={"tags/index.md": TAGS + "\n```{tagdef} ../../../x\nX\n\nx\n```\n"},
    ),
    "card anchors of lossy keys": Row(
        "@misc{张三2020,\n  title = {Chinese Key},\n  year = {2020},\n}\n\n"
        "@misc{李四2020,\n  title = {Other Chinese Key},\n  year = {2020},\n}\n\n"
        "@misc{liu:2024,\n  title = {Colon},\n  year = {2024},\n}\n\n"
        "@misc{liu-2024,\n  title = {Hyphen},\n  year = {2024},\n}\n",
        cards("张三2020", "李四2020", "liu:2024", "liu-2024")
        + "见 {paper}`张三2020`、{paper}`李四2020`、{paper}`liu:2024` 与 {paper}`liu-2024`。\n",
        [],
        {"note.html": ['id="paper-liu-2024"']},
    ),
    # -- warnings --------------------------------------------------------------------------------
    "card BibTeX is the entry's own text": Row(
        "@misc{own2020a,\n  title = {Own Text},\n  note = {mail\n@twitter (handle)},\n"
        "  year = {2020},\n}\n% a comment after the entry\n% and another\n\n"
        "@misc{own2021b,\n  title = {Next},\n  year = {2021},\n}\n",
        cards("own2020a"),
        [],
        {"note.html": ["@twitter (handle)", "year</span>"]},
        ["a comment after the entry"],
    ),
}


def build(tmp_path: Path, row: Row) -> tuple[object, Path, Path]:
    src, out = tmp_path / "src", tmp_path / "build" / "html"
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "bibliography.md": BIBLIOGRAPHY,
        "tags/index.md": TAGS,
        "note.md": row.note,
        **row.files,
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    bib = row.bib if isinstance(row.bib, bytes) else row.bib.encode("utf-8")
    (src / "refs.bib").write_bytes(bib)
    return sphinx(src, out, "--keep-going"), src, out


@pytest.mark.parametrize("name", sorted(ROWS))
def test_real_world_bibtex(tmp_path: Path, name: str) -> None:
    row = ROWS[name]
    before = set(tmp_path.parent.iterdir())
    result, src, out = build(tmp_path, row)
    assert result.returncode == 0, result.output
    assert [w.replace(str(src) + "/", "") for w in result.warnings] == row.warnings
    pages = html_pages(out)
    for page, parts in row.shows.items():
        for part in parts:
            assert part in pages[page], (page, part)
    for page, text in pages.items():
        for part in row.hides:
            assert part not in text, (page, part)
    # nothing outside the output: only the sources, the output and its doctrees and warnings
    assert set(tmp_path.parent.iterdir()) == before
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {"src", "build"}
    assert {p.name for p in (tmp_path / "build").iterdir()} == {
        "html",
        "html.doctrees",
        "html.warnings.txt",
    }


def test_card_anchors_are_unique_and_links_reach_their_card(tmp_path: Path) -> None:
    _, _, out = build(tmp_path, ROWS["card anchors of lossy keys"])
    page = (out / "note.html").read_text(encoding="utf-8")
    ids = re.findall(r'<div class="pc-card docutils container" id="([^"]+)"', page)
    assert len(ids) == 4 and len(set(ids)) == 4 and all(i != "paper-" for i in ids)
    targets = re.findall(r'data-target="([^"]+)"', page)
    assert targets == [f"{i}-bibtex" for i in ids]  # each copy button copies its own card
    links = re.findall(r'class="pc-paper-ref reference internal" href="#([^"]+)"', page)
    assert links == ids  # {paper} links in the same order as the cards
    title = r'">\s*<p class="pc-card-title"><strong>([^<]+)'
    titles = [re.search(re.escape(f'id="{i}') + title, page)[1] for i in ids]
    assert titles == ["Chinese Key", "Other Chinese Key", "Colon", "Hyphen"]


def test_undated_papers_are_grouped_last(tmp_path: Path) -> None:
    _, _, out = build(tmp_path, ROWS["dates from date, year text, crossref; undated last"])
    page = (out / "note.html").read_text(encoding="utf-8")
    groups = re.findall(r'<p class="[^"]*\bpc-group\b[^"]*">([^<]+)</p>', page)
    assert groups == ["2024", "2023", "1978", "未注明日期"]
