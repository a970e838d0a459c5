"""Search in headless Chromium: relevance of the query set, snippets, facets, Ctrl+K, no index load.

The site is the session's real build (Pagefind index included); one browser serves every test.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser_util import require_browser
from search_queries import WHOLE_WORDS

pytestmark = pytest.mark.browser

require_browser()
from playwright.sync_api import Page, expect  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.search import open_search, pagefind_results, relevance  # noqa: E402

LANGUAGES = ("zh_CN", "en")
TOP1, TOP3 = 0.70, 0.90
BARE_KEY = re.compile(r"^[a-z]+\d{4}[a-z0-9]*$")
# The page chrome the old snippets showed ("…System Settings 亮色 暗色 ‹title› 目录…"), in both
# languages: theme switcher, table of contents, skip link, previous/next, search hint.
CHROME = (
    "System Settings", "跟随系统", "亮色", "暗色", "Light", "Dark", "Contents", "本页目录",
    "Skip to main content", "跳转至主要内容", "previous", "上一页", "下一页", "Ctrl+K",
)  # fmt: skip
SNIPPET_QUERIES = {"zh_CN": ("KV 缓存", "张量并行", "NCCL"), "en": ("KV cache", "tensor", "NCCL")}


def _search(page: Page, lang: str, query: str = "", **facets: str | list[str]) -> None:
    """Open the search page for *query* and *facets* as a shared link would, and wait."""
    params = [f"q={quote(query)}"] if query else []
    for name, values in facets.items():
        for value in [values] if isinstance(values, str) else values:
            params.append(f"{name}={quote(value)}")
    page.goto(f"/{lang}/search.html?{'&'.join(params)}")
    page.wait_for_selector(".pc-search-status[data-done]")


def _results(page: Page) -> list[dict]:
    return page.eval_on_selector_all(
        ".pc-result",
        """items => items.map(li => ({
            href: li.querySelector('a.pc-result-title').href,
            title: li.querySelector('a.pc-result-title').textContent,
            meta: li.querySelector('.pc-result-meta').textContent,
            excerpt: li.querySelector('.pc-result-excerpt').innerHTML,
            text: li.querySelector('.pc-result-excerpt').textContent,
            marks: li.querySelectorAll('.pc-result-excerpt mark').length,
        }))""",
    )


def _relative(href: str, lang: str) -> str:
    return urlsplit(href).path.split(f"/{lang}/", 1)[1]


def _pages_with(site: Path, lang: str, **facets: str) -> set[str]:
    """Pages of the build whose markup carries every one of *facets* (name=value)."""
    found = set()
    for path in (site / lang).rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        spans = [f'<span data-pagefind-filter="{k}">{v}</span>' for k, v in facets.items()]
        if all(span in text for span in spans):
            found.add(path.relative_to(site / lang).as_posix())
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_relevance_of_the_query_set(
    open_page: Callable[..., Page], js_errors: list[str], lang: str
) -> None:
    page = open_page()
    index_bytes = []
    page.on(
        "requestfinished",
        lambda r: index_bytes.append(len(r.response().body())) if "/pagefind/" in r.url else None,
    )
    row = relevance(page, "pagefind", lang)
    print(
        f"\n{lang}: {row['n']} queries, top-1 {row['top1']:.0%}, top-3 {row['top3']:.0%}; "
        f"index downloaded for all of them: {sum(index_bytes) / 1024:.0f} KB"
    )
    for miss in row["misses"]:
        print(f"  {miss['query']!r}: rank {miss['rank']}, top {miss['top']}")
    assert row["n"] >= 40
    assert row["top3"] >= TOP3, row["misses"]
    assert row["top1"] >= TOP1, row["misses"]
    assert not js_errors, "\n".join(js_errors)


def test_domain_terms_match_as_whole_words(page: Page, js_errors: list[str]) -> None:
    open_search(page, "zh_CN")
    for word, expected in WHOLE_WORDS.items():
        found = pagefind_results(page, "zh_CN", word)
        assert expected in found, (word, found[:5])
        # the whole term is highlighted, not its characters or halves
        marked = page.eval_on_selector_all(
            ".pc-result-excerpt mark", "ms => ms.map(m => m.textContent)"
        )
        assert word in marked, (word, marked[:10])
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_snippets_are_content_with_the_match_highlighted(
    page: Page, js_errors: list[str], lang: str
) -> None:
    for query in SNIPPET_QUERIES[lang]:
        _search(page, lang, query)
        results = _results(page)
        assert results, query
        for result in results[:10]:
            assert result["marks"] >= 1, result
            chrome = [word for word in CHROME if word in result["text"]]
            assert not chrome, (query, chrome, result["text"])
            assert not BARE_KEY.match(result["title"].strip()), result
            if "/papers/" in result["href"]:
                # a note names its paper: short name and year
                assert re.search(r"\(.*\b(19|20)\d\d\)", result["meta"]), result
    # the query is in the URL and in the box: the search can be linked
    expect(page.locator("#pc-search-input")).to_have_value(SNIPPET_QUERIES[lang][-1])
    assert not js_errors, "\n".join(js_errors)


FACETS = [
    ("type", "note"),
    ("type", "chapter"),
    ("type", "tag"),
    ("layer", "inference"),
    ("tag", "kv-cache"),
    ("year", "2024"),
    ("status", "read"),
]


def _check_listing(page: Page, lang: str, expected: set[str], label: str) -> None:
    """The search lists exactly *expected*: its count, and every result shown is one of them."""
    assert expected, f"no page has {label}"
    count = page.locator(".pc-search-status").get_attribute("data-count")
    assert count == str(len(expected)), (label, count, len(expected))
    shown = {_relative(r["href"], lang) for r in _results(page)}
    assert shown and shown <= expected, (label, sorted(shown - expected))


@pytest.mark.parametrize(
    ("lang", "facets"), [("en", FACETS), ("zh_CN", [("type", "note"), ("tag", "kv-cache")])]
)
def test_each_facet_lists_exactly_its_pages(
    page: Page, js_errors: list[str], real_site: Path, lang: str, facets: list
) -> None:
    for name, value in facets:
        expected = _pages_with(real_site, lang, **{name: value})
        _search(page, lang, **{name: value})  # an empty query: the facet alone
        _check_listing(page, lang, expected, f"{name}={value}")
        box = page.locator(f".pc-facet input[name='{name}'][value='{value}']")
        expect(box).to_be_checked()
        count = box.locator("xpath=..").locator(".pc-facet-count")
        expect(count).to_have_text(f"({len(expected)})")
    assert not js_errors, "\n".join(js_errors)


def test_facets_combine_with_each_other_and_a_query(
    page: Page, js_errors: list[str], real_site: Path
) -> None:
    lang = "en"
    # "all 2024 inference papers" (the year of first appearance, as the cards date them)
    expected = _pages_with(real_site, lang, type="note", layer="inference", year="2024")
    _search(page, lang, type="note", layer="inference", year="2024")
    _check_listing(page, lang, expected, "2024 inference papers")
    assert page.url.endswith("search.html?type=note&layer=inference&year=2024")
    # a query narrowed by a layer: only that layer's pages
    _search(page, lang, "KV cache", layer="inference")
    found = [_relative(r["href"], lang) for r in _results(page)]
    assert found and all(path.startswith("inference/") for path in found), found
    # every facet counts within these results (what another tick would leave)
    note = page.locator(".pc-facet input[name='type'][value='note'] ~ .pc-facet-count")
    expect(note).to_have_text(re.compile(r"\([1-9]\d*\)"))
    # two values of one facet: either
    _search(page, lang, layer=["hardware", "system"])
    either = _pages_with(real_site, lang, layer="hardware") | _pages_with(
        real_site, lang, layer="system"
    )
    _check_listing(page, lang, either, "hardware or system")
    # ticking a box updates the URL, so the narrowed search can be shared
    page.locator(".pc-facet input[name='type'][value='chapter']").check()
    page.wait_for_url(re.compile(r"type=chapter"))
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [("zh_CN", "推测解码", "inference/speculative-decoding.html"),
     ("en", "PagedAttention", "inference/papers/kwon2023pagedattention.html")],
)  # fmt: skip
def test_ctrl_k_and_the_search_button_open_search(
    page: Page, js_errors: list[str], lang: str, query: str, expected: str
) -> None:
    for open_search_box in ("keyboard", "button"):
        page.goto(f"/{lang}/index.html")
        if open_search_box == "keyboard":
            page.keyboard.press("Control+k")
        else:
            page.locator("button.search-button__button:visible").first.click()
        box = page.locator("#pst-search-dialog input[name='q']")
        expect(box).to_be_focused()
        box.press_sequentially(query)
        box.press("Enter")
        page.wait_for_url(re.compile(rf"/{lang}/search\.html\?q="))
        page.wait_for_selector(".pc-search-status[data-done]")
        found = [_relative(r["href"], lang) for r in _results(page)]
        assert expected in found[:3], found[:5]
        expect(page.locator("#pc-search-input")).to_have_value(query)
    assert not js_errors, "\n".join(js_errors)


def test_a_normal_page_loads_no_index(page: Page, js_errors: list[str]) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/zh_CN/inference/papers/kwon2023pagedattention.html")
    page.wait_for_load_state("networkidle")
    index = [url for url in requested if "/pagefind/" in url or "searchindex" in url]
    assert requested and not index, index
    assert not js_errors, "\n".join(js_errors)
