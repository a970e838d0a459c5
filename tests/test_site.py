"""The real site: both languages build with zero warnings, switch languages, and search."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.site


def test_every_page_links_to_itself_in_the_other_language(real_site: Path) -> None:
    for lang, other in (("zh_CN", "en"), ("en", "zh_CN")):
        pages = sorted((real_site / lang).rglob("*.html"))
        pages = [
            p
            for p in pages
            if p.name not in ("search.html", "genindex.html") and "_static" not in p.parts
        ]
        assert len(pages) > 10
        for page in pages:
            rel = page.relative_to(real_site / lang)
            text = page.read_text(encoding="utf-8")
            links = re.findall(r'<a class="pc-lang" [^>]*href="([^"]+)"', text)
            assert len(links) == 1, f"{lang}/{rel}: {links}"
            target = (page.parent / links[0]).resolve()
            assert target == (real_site / other / rel).resolve(), f"{lang}/{rel} -> {links[0]}"
            assert target.exists()


def test_root_index_links_both_languages(real_site: Path) -> None:
    text = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="zh_CN/index.html"' in text and 'href="en/index.html"' in text


# -- search (Pagefind; the browser side is tests/test_search.py) ----------------------------------


def test_search_index_is_built_and_loaded_by_the_search_page_only(real_site: Path) -> None:
    for lang in ("zh_CN", "en"):
        out = real_site / lang
        assert (out / "pagefind" / "pagefind.js").exists(), lang
        assert not (out / "searchindex.js").exists(), "Sphinx's index is no longer built"
        for page in out.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "searchindex.js" not in text and "searchtools.js" not in text, page
            assert ("papercache-search.js" in text) == (page.name == "search.html"), page


def test_chinese_index_keeps_domain_terms_as_words(real_site: Path) -> None:
    words = (real_site / "zh_CN" / "pagefind" / "papercache-words.gz").read_bytes()
    vocabulary = set(gzip.decompress(words).decode("utf-8").split())
    for word in ("注意力", "张量并行", "流水线并行", "推测解码"):
        assert word in vocabulary, f"{word} is not indexed as a word"
    assert not (real_site / "en" / "pagefind" / "papercache-words.gz").exists()


def _facets(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<span data-pagefind-(?:filter|meta)="(\w+)">([^<]*)<', html):
        found.setdefault(name, []).append(value)
    return found


def test_pages_carry_the_facets_their_cards_show(real_site: Path) -> None:
    note = real_site / "en" / "inference" / "papers" / "kwon2023pagedattention.html"
    html = note.read_text(encoding="utf-8")
    facets = _facets(html)
    assert facets["type"] == ["note"] and facets["layer"] == ["inference"]
    assert facets["status"] == [re.search(r'class="pc-status pc-status-([\w-]+)"', html)[1]]
    assert facets["year"] == [re.search(r'class="pc-date">[^<]*?(\d{4})', html)[1]]
    chips = set(re.findall(r'href="\.\./\.\./tags/([a-z0-9-]+)\.html"', html)) - {"index"}
    assert set(facets["tag"]) == set(chips)
    assert facets["title"] == ["PagedAttention: Paging the KV Cache"]
    assert facets["paper"][0].startswith("PagedAttention (Kwon et al., 2023")
    chapter = _facets((real_site / "zh_CN" / "training" / "parallelism.html").read_text("utf-8"))
    assert chapter["type"] == ["chapter"] and chapter["layer"] == ["training"]
    assert "year" not in chapter and "paper" not in chapter
    tag = _facets((real_site / "zh_CN" / "tags" / "kv-cache.html").read_text("utf-8"))
    assert tag["type"] == ["tag"] and tag["tag"] == ["kv-cache"]
    # pages that are not content are not indexed at all
    for name in ("search.html", "genindex.html"):
        assert "data-pagefind-body" not in (real_site / "zh_CN" / name).read_text("utf-8")


def test_english_pages_are_english(real_site: Path) -> None:
    def chip(lang: str) -> str:
        """The label the tag vocabulary shows for the kv-cache tag."""
        page = (real_site / lang / "tags" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang.replace("_", "-")}"' in page
        return re.search(r'href="kv-cache\.html"[^>]*><span class="pc-tag">([^<]*)<', page)[1]

    # the tag's label comes from the English catalog (locales/en/.../tags/index.po)
    assert chip("en") == "KV cache"
    assert chip("zh_CN") == "KV 缓存"


# Han characters an English page may show: the language switcher names the other language, and
# a Chinese regulation is cited by its official title (references.bib, cac2023interim).
HAN_ALLOWED = ("中文", "生成式人工智能服务管理暂行办法")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "content")


class _ShownText(HTMLParser):
    """Collect what a reader sees or hears: text outside script/style, and labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._paragraphs: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "p":  # the glossary's Chinese column is Chinese on purpose (pc-term-zh)
            term = "pc-term-zh" in (dict(attrs).get("class") or "").split()
            self._paragraphs.append(term)
            self._hidden += term
        self.parts += [value or "" for name, value in attrs if name in SHOWN_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1
        if tag == "p" and self._paragraphs:
            self._hidden -= self._paragraphs.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def stray_han(html: str) -> list[str]:
    parser = _ShownText()
    parser.feed(html)
    return [run for run in HAN.findall("\n".join(parser.parts)) if run not in HAN_ALLOWED]


def test_english_pages_have_no_stray_chinese(real_site: Path) -> None:
    out = real_site / "en"
    stray = {}
    for path in sorted(out.rglob("*.html")):
        found = stray_han(path.read_text(encoding="utf-8"))
        if found:
            stray[str(path.relative_to(out))] = found[:5]
    assert stray == {}
    # the check sees text and labels, and the allow-list is what lets the switcher through
    assert stray_han('<p title="显存">x</p><a>中文</a><script>"注释"</script>') == ["显存"]
    assert stray_han('<p class="pc-term-zh">显存</p><p>张量</p>') == ["张量"]
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert glossary.count('class="pc-term-zh"') >= 80  # the marked column is the term list


def _nav_tree(out: Path) -> str:
    text = (out / "_static" / "papercache-nav.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))


def test_shared_navigation_reaches_every_page(real_site: Path) -> None:
    for lang in ("zh_CN", "en"):
        out = real_site / lang
        linked = set(re.findall(r'href="([^"#]+\.html)"', _nav_tree(out)))
        docs = {
            str(p.relative_to(out))
            for p in out.rglob("*.html")
            if "_static" not in p.parts
            and p.name not in ("search.html", "genindex.html", "index.html")
            and not str(p.relative_to(out)).startswith("tags/")  # generated tag pages
        }
        docs |= {str(p.relative_to(out)) for p in out.glob("*/index.html")}
        assert docs - linked == set(), lang


def test_fallback_navigation_without_javascript(real_site: Path) -> None:
    page = real_site / "zh_CN" / "inference" / "papers" / "kwon2023pagedattention.html"
    text = page.read_text(encoding="utf-8")
    box = text[text.index('id="pc-nav"') : text.index("</nav>", text.index('id="pc-nav"'))]
    for layer in ("hardware", "system", "training", "applications"):  # inference: ../index.html
        assert f'href="../../{layer}/index.html"' in box
    # the current page sits under its (marked) layer, with aria-current
    assert (
        '<li class="toctree-l1 current active"><a class="reference internal" href="../index.html"'
        in box
    )
    assert 'aria-current="page">PagedAttention' in box
    # the fallback is small: it does not grow with the number of pages
    assert len(box) < 4000


def test_two_clean_builds_are_byte_identical(real_site: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from util import ROOT

    again = tmp_path / "zh_CN"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    # in parallel, against the serial real_site build: neither history nor -j changes a byte
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", "-D",
           "language=zh_CN", "-d", str(tmp_path / "doctrees"), "docs", str(again)]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True)
    first = real_site / "zh_CN"

    unordered = re.compile(r"pagefind/(filter/|pagefind-entry\.json|pagefind\..*\.pf_meta)")

    def files_of(out: Path) -> list[str]:
        # Pagefind writes its filter tables (and so the hashes naming them, in pf_meta and
        # pagefind-entry.json) in Rust hash-map order, which changes from run to run; the
        # words index and the page fragments are reproducible and stay compared.
        paths = (str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        return sorted(rel for rel in paths if not unordered.match(rel))

    files = files_of(first)
    assert files == files_of(again)
    differ = [f for f in files if (first / f).read_bytes() != (again / f).read_bytes()]
    assert differ == []
