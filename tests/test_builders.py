"""Every builder Sphinx ships writes no broken internal link for the basic root."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp
from test_discovery import add_map_page
from util import ROOT, sphinx, warnings

# the deliberate javascript: URL of the "evil" entry (test_cards.py checks the messages)
EXPECTED_WARNINGS = 2


class _Links(HTMLParser):
    """The hrefs and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel")
        for name, value in attrs:
            if tag == "link" and rel in ("index", "search") and value in UPSTREAM_HEAD_LINKS:
                continue
            if name == "href" and value is not None:
                self.hrefs.append(value)
            elif name in ("id", "name") and value:  # <a name> is what Sphinx's index writes
                self.ids.add(value)


# Sphinx's own layout links these in the <head> of its singlehtml output, which writes neither
# (no upstream issue yet for the <link> tags; sphinx-doc/sphinx#13923 drops the same pages from
# that builder's objects.inv).
UPSTREAM_HEAD_LINKS = {"genindex.html", "search.html"}


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(out: Path) -> list[str]:
    """Relative hrefs whose file, or whose fragment in that file, does not exist."""
    pages = {p: _parse(p) for p in sorted(out.rglob("*.html"))}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            url = urlsplit(href)
            if url.scheme or href.startswith("//"):
                continue  # external: http(s) only is test_cards.py's and test_bib_input.py's
            base = page.relative_to(out).parent.as_posix()
            rel = posixpath.normpath(posixpath.join(base, unquote(url.path))) if url.path else ""
            target = out / rel if rel else page
            if target.is_dir():
                target = target / "index.html"  # dirhtml: "notes/paged/" is its index.html
            where = f"{page.relative_to(out)}: {href}"
            if not target.is_file():
                broken.append(f"{where} (no file)")
            elif url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where} (no id)")
    return broken


def on_basic_with_map(name: str):
    """Build a copy of the basic root of its own (build() adds the map page to it)."""
    return pytest.mark.sphinx(name, testroot="basic", srcdir=f"basic-map-{name}", freshenv=True)


def build(app: SphinxTestApp) -> Path:
    add_map_page(app.srcdir)  # the map's links are raw HTML, drawn by the extension itself
    app.build()
    assert len(warnings(app)) == EXPECTED_WARNINGS, warnings(app)
    return app.outdir


def builder(name: str):
    """A parameter that builds the basic root, with its map page, with *name*."""
    return pytest.param(name, marks=on_basic_with_map(name))


@pytest.mark.parametrize("name", [builder("html"), builder("dirhtml"), builder("singlehtml")])
def test_html_builders_write_no_broken_link(app: SphinxTestApp, name: str) -> None:
    out = build(app)
    pages = sorted(out.rglob("*.html"))
    assert pages and sum(len(_parse(p).hrefs) for p in pages) > 20  # the crawl saw the links
    assert broken_links(out) == []


def test_the_crawl_finds_a_broken_link(tmp_path: Path) -> None:
    """The checker itself: a missing file and a missing id are both reported."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text(
        '<a href="sub/b.html#here">ok</a><a href="sub/b.html#gone">x</a><a href="c.html">y</a>'
        '<a href="https://example.org/d.html">ext</a><a href="#top" id="top">self</a>'
    )
    (tmp_path / "sub" / "b.html").write_text('<section id="here"></section>')
    assert broken_links(tmp_path) == ["a.html: sub/b.html#gone (no id)", "a.html: c.html (no file)"]


@on_basic_with_map("text")
def test_text_output_points_to_no_html_page(app: SphinxTestApp) -> None:
    out = build(app)
    texts = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.txt")}
    assert "Efficient Memory Management" in texts["notes/paged.txt"]
    for name, text in texts.items():
        # a text build has no pages to link to: a tag or card must not name one
        assert not re.search(r"[\w/.-]+\.html\b", text), (name, re.findall(r"\S+\.html\S*", text))


LATEX_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]*)\}\}")
LATEX_REF = re.compile(r"\\(?:hyperref|ref|pageref)\[?\{?\\detokenize\{([^}]*)\}")
LATEX_BIBITEM = re.compile(r"\\bibitem\[[^]]*\]\{([^}]*)\}")
LATEX_CITE = re.compile(r"\\hyperlink\{cite\.([^}]*)\}")  # Sphinx's target of a \bibitem
LATEX_HREF = re.compile(r"\\(?:sphinxhref|href|url)\{([^}]*)\}")


@on_basic_with_map("latex")
def test_latex_references_land_on_labels(app: SphinxTestApp) -> None:
    out = build(app)
    [document] = out.glob("*.tex")
    tex = document.read_text(encoding="utf-8")
    refs, labels = LATEX_REF.findall(tex), set(LATEX_LABEL.findall(tex))
    assert len(refs) > 5 and "notes/paged::doc" in labels  # the document has references
    assert sorted(set(refs) - labels) == []
    cites, bibitems = LATEX_CITE.findall(tex), set(LATEX_BIBITEM.findall(tex))
    assert cites and sorted(set(cites) - bibitems) == []
    # a PDF has no tags/x.html beside it: every \href leaves the document for the web
    hrefs = LATEX_HREF.findall(tex)
    assert hrefs and [h for h in hrefs if not re.match(r"https?://", h)] == []


@pytest.mark.site
@pytest.mark.parametrize("name", ["dirhtml", "singlehtml"])
def test_the_real_site_links_nothing_missing(tmp_path: Path, name: str) -> None:
    """Both languages side by side, as Read the Docs serves them: the language links land too."""
    for language in ("zh_CN", "en"):
        args = ("-W", "--keep-going", "-j", "2", "-D", f"language={language}")
        sphinx(ROOT / "docs", tmp_path / language, *args, builder=name).assert_clean()
    pages = [p for p in tmp_path.rglob("*.html") if "_static" not in p.parts]
    assert {p.relative_to(tmp_path).parts[0] for p in pages} == {"zh_CN", "en"}
    assert sum(len(_parse(p).hrefs) for p in pages) > 2000  # the crawl saw the links
    # the theme copies Jinja macro files into _static/ under an .html name; they are not pages
    assert [b for b in broken_links(tmp_path) if "/_static/" not in f"/{b}"] == []
