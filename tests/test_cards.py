"""Cards, roles, listings and tag pages on a small project: what a reader sees."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from util import copy_root, sphinx, warnings


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = copy_root("basic", tmp_path_factory.mktemp("basic") / "src")
    out = src.parent / "html"
    build = sphinx(src, out)
    # the only warnings of this root are about the deliberately unsafe URLs
    assert build.warnings == [
        'refs.bib:20: WARNING: BibTeX entry "evil2024": url "javascript:alert(1)" uses the '
        'scheme "javascript:", but only http(s) links are kept; the link is dropped '
        "[papercache.bib]",
        'notes/evil.md:3: WARNING: :code: "javascript:alert(1)" is not an http(s) URL; '
        "the link is dropped [papercache.url]",
    ]
    return out


def card(page: str, key: str) -> str:
    """Return the card's HTML up to its "Cited in" block."""
    start = page.index(f'id="paper-{key}"')
    return page[start : page.index('class="pc-cited-in', start)]


def test_card_shows_bibtex_facts_and_page_additions(site: Path) -> None:
    page = (site / "notes" / "paged.html").read_text(encoding="utf-8")
    body = card(page, "kwon2023pagedattention")
    assert (
        "Efficient Memory Management for Large Language Model Serving with PagedAttention" in body
    )
    assert "Woosuk Kwon, Zhuohan Li, Siyuan Zhuang, 等" in body  # four authors: three + et al.
    assert "SOSP 2023" in body
    assert 'href="https://arxiv.org/abs/2309.06180"' in body  # the title links to the paper
    assert 'href="https://arxiv.org/pdf/2309.06180"' in body
    assert 'href="https://github.com/vllm-project/vllm"' in body
    assert "已精读" in body and "首次公开 2023-09" in body
    # the page's tag chips stand above the card; the card does not repeat them
    assert 'href="../tags/kv-cache.html"' in page[: page.index('id="paper-kwon2023pagedattention"')]
    assert 'href="../tags/kv-cache.html"' not in body
    assert "用分页的思路管理 KV 缓存。" in body
    assert "<summary>BibTeX</summary>" in body and "复制 BibTeX" in body


def test_cited_in_lists_other_pages_only(site: Path) -> None:
    page = (site / "notes" / "paged.html").read_text(encoding="utf-8")
    cited = page[page.index('class="pc-cited-in') :]
    cited = cited[: cited.index("</div>")]
    # chapters/serving cites it with {paper}; the card's own page cites it too but is excluded
    assert 'href="../chapters/serving.html"' in cited
    assert "paged.html" not in cited
    orca = (site / "notes" / "orca.html").read_text(encoding="utf-8")
    assert 'href="paged.html"' in orca[orca.index('class="pc-cited-in') :]


def test_paper_role_links_to_card_with_short_title(site: Path) -> None:
    page = (site / "chapters" / "serving.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="../notes/paged.html#paper-kwon2023pagedattention"[^>]*>'
        r'<span class="xref paper">PagedAttention \(Kwon et al., 2023\)</span>',
        page,
    )


def test_tag_pages_list_pages_and_papers(site: Path) -> None:
    page = (site / "tags" / "kv-cache.html").read_text(encoding="utf-8")
    assert "<h1>KV 缓存" in page and "KV 缓存的分配与复用。" in page
    assert 'href="../chapters/serving.html"' in page and 'href="../notes/paged.html"' in page
    assert 'href="../notes/paged.html#paper-kwon2023pagedattention"' in page
    assert "相关页面 (2)" in page and "相关论文 (1)" in page
    vocabulary = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="kv-cache.html"[^>]*><span class="pc-tag">KV 缓存</span></a>'
        r'<span class="pc-count"> \(3\)</span>',
        vocabulary,
    )


def test_paperlist_groups_newest_first(site: Path) -> None:
    page = (site / "papers.html").read_text(encoding="utf-8")
    assert page.index(">2023-09<") < page.index(">2022-07<")
    assert page.index("paper-kwon2023pagedattention") < page.index("paper-yu2022orca")


def test_bibtex_fields_are_text_never_markup(site: Path) -> None:
    page = (site / "notes" / "evil.html").read_text(encoding="utf-8")
    body = card(page, "evil2024")
    before = html.escape('<script>alert("x")</script> Über ')
    assert f'<strong>{before}<span class="math' in body  # $O(n)$ is math, not "$O(n)$"
    assert "</span> Nested Braces</strong>" in body
    assert "Jörg Müller" in body
    assert "javascript:" not in body.split("<details")[0]  # no link from the url or :code:
    assert "<script>alert" not in page


def builder(name: str):
    """A parameter that builds the basic root with *name*, in a fresh environment."""
    return pytest.param(name, marks=pytest.mark.sphinx(name, testroot="basic", freshenv=True))


@pytest.mark.parametrize("name", [builder("text"), builder("latex"), builder("singlehtml")])
def test_other_builders_degrade_to_readable_text(app: SphinxTestApp, name: str) -> None:
    app.build()  # an exception fails the test; the deliberate unsafe URLs warn
    assert len(warnings(app)) == 2 and app.statuscode == 0, warnings(app)
    builder, out = app.builder.name, app.outdir
    files = {
        "text": ["notes/paged.txt"],
        "latex": sorted(out.glob("*.tex")),
        "singlehtml": ["index.html"],
    }
    [name] = files[builder]  # latex: one document
    text = (out / name).read_text(encoding="utf-8")
    # the card's title, summary, "Cited in" and BibTeX reach every output; the button does not
    assert "Efficient Memory Management for Large Language Model Serving" in text
    assert "用分页的思路管理 KV 缓存。" in text and "被引用于" in text
    bibtex = {
        "text": "@inproceedings{kwon2023pagedattention,",
        "latex": r"\PYG{n+nc}{@inproceedings}\PYG{p}{\PYGZob{}}\PYG{n+nl}{kwon2023pagedattention}",
        "singlehtml": "@inproceedings{kwon2023pagedattention,",
    }
    assert bibtex[builder] in re.sub(r"<[^>]+>", "", text)  # the entry's BibTeX, highlighted
    if builder != "singlehtml":
        assert "复制 BibTeX" not in text  # the button is HTML-only
