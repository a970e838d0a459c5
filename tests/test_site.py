"""The real site: both languages build with zero warnings, switch languages, and search."""

from __future__ import annotations

import json
import re
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


def _stemmer_is_defined(language_data: str) -> bool:
    assigned = re.findall(r"window\.Stemmer\s*=\s*(\w+)", language_data)
    return bool(assigned) and all(
        re.search(
            rf"\b(var|let|const|class|function)\s+{name}\b|{name}\s*=\s*function", language_data
        )
        for name in assigned
    )


def _search_terms(out: Path) -> dict:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return data["terms"]


def test_chinese_search_assets(real_site: Path) -> None:
    out = real_site / "zh_CN"
    assert _stemmer_is_defined((out / "_static" / "language_data.js").read_text(encoding="utf-8"))
    terms = _search_terms(out)
    for word in ("注意力", "张量并行", "流水线并行", "推测解码"):
        assert word in terms, f"{word} is not indexed as a word"


def test_english_search_assets(real_site: Path) -> None:
    out = real_site / "en"
    data = (out / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "window.Stemmer = EnglishStemmer" in data or "EnglishStemmer" in data
    assert _stemmer_is_defined(data)
    terms = _search_terms(out)
    assert "attent" in terms or "attention" in terms  # stemmed English words
    assert "注意力" not in terms  # the English pages are translated


def test_english_pages_are_english(real_site: Path) -> None:
    page = (real_site / "en" / "tags" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page
    assert "KV cache" in page or "KV Cache" in page
    zh = (real_site / "zh_CN" / "tags" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in zh and "KV 缓存" in zh


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
    files = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(again)) for p in again.rglob("*") if p.is_file())
    differ = [f for f in files if (first / f).read_bytes() != (again / f).read_bytes()]
    assert differ == []
