"""The reader's experience in headless Chromium: phone navigation, math, accessibility, page chrome.

Shares the real site build and the one browser (conftest.py); axe-core comes from
tests/node_modules (`npm ci` in tests/, done by .ci/run).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_util import require_browser
from test_browser import LANGUAGES, MOBILE, SCREENSHOTS, _note, _notes, screenshot_fits

require_browser()
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"viewport": MOBILE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words a Chinese page may show outside its text: names, file types, keys
LATIN_OK = {"PaperCache", "BibTeX", "PDF", "pdf", "Ctrl", "English", "KV", "GPU", "LLM"}
# Taiwanese usage that Traditional→Simplified conversion does not catch (列印 is 打印 here)
TAIWANESE = ("列印", "程式", "預設", "檔案", "搜尋")
PAPERS = "papers.html"


def _tag(site: Path, lang: str) -> str:
    tags = sorted(p.stem for p in (site / lang / "tags").glob("*.html") if p.stem != "index")
    return f"tags/{'kv-cache' if 'kv-cache' in tags else tags[0]}.html"


def _dark(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


# -- 1. phone navigation ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_menu_and_contents_open(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, lang: str
) -> None:
    page = open_page(**PHONE)
    note = _note(real_site)
    page.goto(f"/{lang}/{note}")
    menu = page.locator(".bd-header-article .primary-toggle")
    expect(menu).to_be_visible()
    menu.tap()
    dialog = page.locator("#pst-primary-sidebar-modal")
    expect(dialog).to_be_visible()
    link = dialog.locator("#pc-nav a[href$='tags/index.html']")
    expect(link).to_be_visible()
    link.tap()
    page.wait_for_url(f"**/{lang}/tags/index.html")

    page.goto(f"/{lang}/{note}")
    contents = page.locator(".bd-header-article .secondary-toggle")
    expect(contents).to_be_visible()
    contents.tap()
    toc = page.locator("#pst-secondary-sidebar-modal #pst-page-toc-nav")
    expect(toc).to_be_visible()
    first = toc.locator("a.nav-link").first
    expect(first).to_be_visible()
    target = first.get_attribute("href")
    first.tap()
    assert page.evaluate("location.hash") == target
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desktop_menu_button_collapses_the_sidebar(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    page.goto(f"/{lang}/{_note(real_site)}")
    sidebar = page.locator("#pst-primary-sidebar")
    expect(sidebar).to_be_visible()
    page.locator(".bd-header-article .primary-toggle").click()
    expect(sidebar).to_be_hidden()
    page.locator(".bd-header-article .primary-toggle").click()
    expect(sidebar).to_be_visible()
    assert not js_errors, "\n".join(js_errors)


# -- 2. display math -------------------------------------------------------------------------------


def _math_pages(site: Path, lang: str) -> list[str]:
    return sorted(
        p.relative_to(site / lang).as_posix()
        for p in (site / lang).rglob("*.html")
        if '<div class="math' in p.read_text(encoding="utf-8")
    )


MATH_GEOMETRY = """() => [...document.querySelectorAll('article div.math')].map((box, i) => {
    const math = box.querySelector('math');
    const style = getComputedStyle(box);
    const ink = () => {  // the union of the formula's parts, where the glyphs are
        const rects = [...math.children].map(c => c.getBoundingClientRect());
        return {left: Math.min(...rects.map(r => r.left)),
                right: Math.max(...rects.map(r => r.right))};
    };
    box.scrollLeft = 0;
    const outer = box.getBoundingClientRect();
    const start = ink();
    box.scrollLeft = box.scrollWidth;
    const end = ink();
    const atEnd = box.scrollLeft + box.clientWidth;
    box.scrollLeft = 0;
    return {i, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, atEnd,
            overflowX: style.overflowX, outerLeft: outer.left, outerRight: outer.right,
            startLeft: start.left, startRight: start.right, endRight: end.right,
            marginBottom: parseFloat(style.marginBottom)};
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_math_is_never_clipped_on_a_phone(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, lang: str
) -> None:
    # layout alone decides clipping: without scripts each of the ~35 pages loads faster
    page = open_page(**PHONE, java_script_enabled=False)
    pages = _math_pages(real_site, lang)
    assert pages, f"no {lang} page has display math"
    problems = []
    for url in pages:
        page.goto(f"/{lang}/{url}")
        for m in page.evaluate(MATH_GEOMETRY):
            where = f"{lang}/{url} equation {m['i']}"
            if m["startLeft"] < m["outerLeft"] - 1:
                problems.append(f"{where}: starts {m['outerLeft'] - m['startLeft']:.0f}px early")
            if m["scrollWidth"] > m["clientWidth"] + 1:
                if m["overflowX"] not in ("auto", "scroll"):
                    problems.append(f"{where}: too wide and overflow-x is {m['overflowX']}")
                if m["atEnd"] < m["scrollWidth"] - 1 or m["endRight"] > m["outerRight"] + 1:
                    problems.append(f"{where}: its right end cannot be scrolled into view")
            if m["marginBottom"] < 8:
                problems.append(f"{where}: no space after it ({m['marginBottom']}px)")
    assert not problems, "\n".join(problems)
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_math_is_centred_on_a_desktop(
    open_page: Callable[..., Page], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    url = _math_pages(real_site, lang)[0]
    page.goto(f"/{lang}/{url}")
    checked = 0
    for m in page.evaluate(MATH_GEOMETRY):
        if m["scrollWidth"] > m["clientWidth"] + 1:
            continue
        left = m["startLeft"] - m["outerLeft"]
        right = m["outerRight"] - m["startRight"]
        assert abs(left - right) <= 4, f"{lang}/{url} equation {m['i']}: {left} vs {right}"
        checked += 1
    assert checked, f"{lang}/{url}: no equation narrower than the column"


# -- 3. cards and accessibility --------------------------------------------------------------------


def _axe(page: Page) -> list[str]:
    """Run axe-core (WCAG 2.x A/AA, 2.2 included) on the page; return one line per failing node."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']},
            resultTypes: ['violations'],
            // axe re-fetches @import-ed stylesheets relative to the page (404s); not needed here
            preload: false,
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary'].splitlines()[-1]}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


@pytest.fixture(scope="module")
def _axe_installed() -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/", pytrace=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violations(
    open_page: Callable[..., Page],
    js_errors: list[str],
    real_site: Path,
    _axe_installed: None,
    lang: str,
    scheme: str,
) -> None:
    page = open_page(viewport=DESKTOP, color_scheme=scheme)
    found = []
    for url in (_note(real_site), _tag(real_site, lang), PAPERS):
        page.goto(f"/{lang}/{url}")
        if scheme == "dark":
            _dark(page)
        page.eval_on_selector_all("details.pc-bibtex", "ds => ds.forEach(d => { d.open = true; })")
        found += [f"{lang}/{url}: {line}" for line in _axe(page)]
    assert not found, "\n".join(found)
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_on_a_phone(
    open_page: Callable[..., Page], real_site: Path, _axe_installed: None, lang: str
) -> None:
    """Tap targets (WCAG 2.2 target-size) and the rest at 390 px, where the layout changes."""
    page = open_page(**PHONE)
    page.goto(f"/{lang}/{_note(real_site)}")
    found = _axe(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_card_has_side_padding_and_readable_chips(
    open_page: Callable[..., Page], real_site: Path, lang: str
) -> None:
    page = open_page(**PHONE, color_scheme="dark")
    page.goto(f"/{lang}/{_note(real_site)}")
    card = page.locator(".pc-card").first
    padding = card.evaluate(
        "c => [getComputedStyle(c).paddingLeft, getComputedStyle(c).paddingRight]"
    )
    assert all(float(p.removesuffix("px")) >= 8 for p in padding), padding
    small = page.evaluate(
        """() => [...document.querySelectorAll(
            'article .pc-tag, article .pc-button, article .pc-copy, .pc-lang-switch .pc-lang')]
            .filter(el => el.offsetParent)
            .map(el => [el.textContent.trim(), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 24)"""
    )
    assert not small, small


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sidebar_expanders_have_names(
    open_page: Callable[..., Page], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    page.goto(f"/{lang}/{_note(real_site)}")
    summaries = page.locator("#pc-nav summary")
    assert summaries.count() >= 5
    names = summaries.evaluate_all("ss => ss.map(s => s.getAttribute('aria-label') || '')")
    assert all(names), names
    assert all(bool(CJK.search(n)) == (lang == "zh_CN") for n in names), names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_button_announces_and_survives_double_click(
    open_page: Callable[..., Page], base_url: str, js_errors: list[str], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"/{lang}/{_note(real_site)}")
    details = page.locator(".pc-card details.pc-bibtex").first
    details.locator("summary").click()
    button = details.locator("button.pc-copy")
    label = button.inner_text()
    copied = button.get_attribute("data-copied")
    button.dblclick()
    expect(button).to_have_text(copied)
    live = details.locator("[aria-live='polite']")
    expect(live).to_have_text(copied)
    expect(button).to_have_text(label, timeout=5_000)  # not stuck on "Copied"
    expect(live).to_have_text("")
    assert not js_errors, "\n".join(js_errors)


# -- 4. page chrome in the page's language ---------------------------------------------------------

STRINGS = """() => {
    const lang = document.documentElement.lang;
    const shown = el => {
        for (let e = el; e; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || e.getAttribute('aria-hidden') === 'true') return false;
        }
        return true;
    };
    // of the article, only our own labels: its prose is the writers', in either script
    const chrome = el => !el.closest('article') ||
        el.closest('.pc-card-links, .pc-cited-in-label, .pc-cited-in-more > summary, '
                   + '.pc-bibtex > summary, .pc-copy, .pc-page-meta .pc-badge');
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(el.tagName)) continue;
        if (!chrome(el)) continue;
        const own = el.closest('[lang]');
        if (own && own.lang && own.lang !== lang) continue;  // the switcher's "English"/"中文"
        const texts = [...el.childNodes].filter(n => n.nodeType === 3 && shown(el))
            .map(n => n.textContent.trim());
        for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
            if (el.hasAttribute(attr) && shown(el)) texts.push(el.getAttribute(attr).trim());
        }
        for (const t of texts) if (t) out.push([el.tagName.toLowerCase(), t]);
    }
    return out;
}"""


def _wrong_script(lang: str, text: str, t2s) -> bool:
    if lang == "en":
        return bool(CJK.search(text))
    if t2s.convert(text) != text or any(word in text for word in TAIWANESE):
        return True  # Traditional characters or usage
    return not CJK.search(text) and any(w not in LATIN_OK for w in LATIN_WORD.findall(text))


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chrome_is_in_the_page_language(
    open_page: Callable[..., Page], real_site: Path, lang: str, viewport: dict
) -> None:
    import opencc  # the `test` dependency group

    t2s = opencc.OpenCC("t2s")
    page = open_page(viewport=viewport)
    wrong = set()
    for url in (_note(real_site), _tag(real_site, lang), PAPERS, "index.html"):
        page.goto(f"/{lang}/{url}")
        # the menus' hidden entries are announced once opened: open them
        page.eval_on_selector_all(
            ".dropdown-menu", "ms => ms.forEach(m => m.classList.add('show'))"
        )
        for tag, text in page.evaluate(STRINGS):
            if _wrong_script(lang, text, t2s):
                wrong.add(f"{lang}/{url} <{tag}>: {text!r}")
    assert not wrong, "\n".join(sorted(wrong))


# -- 5. links --------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for attr in ("href", "src"):
            if values.get(attr) and not (tag == "a" and attr == "src"):
                self.urls.append(values[attr])


def _parse(path: Path, cache: dict[Path, _Links]) -> _Links:
    if path not in cache:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        cache[path] = parser
    return cache[path]


def test_no_internal_link_or_asset_is_broken(real_site: Path) -> None:
    """Every href/src of both builds (and the shared navigation's links) reaches a file/anchor."""
    pages: dict[Path, _Links] = {}
    broken = []
    # pages, not the theme's template fragments that Sphinx copies into _static/
    sources = sorted(p for p in real_site.rglob("*.html") if "_static" not in p.parts)
    assert len(sources) > 50
    for source in sources:
        urls = list(_parse(source, pages).urls)
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            label = f"{source.relative_to(real_site)} -> {url}"
            if not target.is_relative_to(real_site.resolve()):
                broken.append(f"{label}: leaves the site")
            elif not target.exists():
                broken.append(f"{label}: no such file")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _parse(target, pages).ids
            ):
                broken.append(f"{label}: no element #{parts.fragment}")
    for lang in LANGUAGES:  # the shared sidebar tree, whose links are relative to the root
        nav = (real_site / lang / "_static" / "papercache-nav.js").read_text(encoding="utf-8")
        tree = json.loads(nav.split("=", 1)[1].strip().rstrip(";"))
        for href in re.findall(r'href="([^"]+)"', tree):
            if not urlsplit(href).scheme and not (real_site / lang / href.split("#")[0]).exists():
                broken.append(f"{lang}/_static/papercache-nav.js -> {href}")
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:60])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_download_menu_offers_no_source_file(
    open_page: Callable[..., Page], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    page.goto(f"/{lang}/{_note(real_site)}")
    expect(page.locator("a[href*='_sources']")).to_have_count(0)
    # the menu is there when the page has a source suffix (sphinx-last-updated-by-git hides it
    # for files with uncommitted changes); when it is, it still offers printing
    menu = page.locator(".dropdown-download-buttons")
    if menu.count():
        menu.locator(":scope > button").click()
        expect(menu.locator(".btn-download-pdf-button")).to_be_visible()


# -- should fix ------------------------------------------------------------------------------------


def test_section_ids_are_shared_by_both_languages_and_kept_by_the_switcher(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path
) -> None:
    page = open_page(viewport=DESKTOP)
    note = _note(real_site)
    ids = {}
    for lang in LANGUAGES:
        page.goto(f"/{lang}/{note}")
        ids[lang] = page.eval_on_selector_all(
            "article section > h2", "hs => hs.map(h => h.parentElement.id)"
        )
    assert ids["zh_CN"] == ids["en"], ids
    assert len(ids["en"]) >= 3 and all(
        re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids["en"]
    )
    assert not any(re.fullmatch(r"id\d+", i) for i in ids["en"]), ids
    # the in-page contents link to them, and the switcher carries the fragment across
    section = ids["zh_CN"][1]
    page.goto(f"/zh_CN/{note}")
    page.locator(f"#pst-page-toc-nav a[href='#{section}']").click()
    page.locator("nav.pc-lang-switch a").click()
    page.wait_for_url(f"**/en/{note}#{section}")
    expect(page.locator(f"[id='{section}'] > h2")).to_be_in_viewport()
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_card_wording_tags_and_cited_in(
    open_page: Callable[..., Page], real_site: Path, lang: str
) -> None:
    page = open_page(**PHONE)
    # the note whose card is cited by the most pages shows the folded, grouped list
    counts = {
        note: (real_site / lang / note).read_text(encoding="utf-8").count("pc-cited-in-more")
        for note in _notes(real_site, lang)
    }
    note = max(sorted(counts), key=lambda n: counts[n])
    assert counts[note], "no card is cited by enough pages to fold its list"
    page.goto(f"/{lang}/{note}")
    card = page.locator(".pc-card").first
    # tags: the page's chips above the card are not repeated inside it
    above = set(page.locator(".pc-page-meta .pc-tag").all_inner_texts())
    inside = set(card.locator(".pc-tags .pc-tag").all_inner_texts())
    assert not above & inside, above & inside
    # page status and reading status differ in wording and look
    badge = page.locator(".pc-page-meta .pc-badge")
    status = card.locator(".pc-status")
    if badge.count() and status.count():
        assert badge.inner_text() not in status.inner_text()
        assert ":" in status.inner_text() or "：" in status.inner_text()
        look = "e => [getComputedStyle(e).borderLeftWidth, getComputedStyle(e).fontWeight]"
        assert badge.evaluate(look) != status.evaluate(look)
    # "Cited in": folded, says how many, grouped by layer in toctree order, titles sorted
    more = card.locator(".pc-cited-in-more")
    expect(more).not_to_have_attribute("open", re.compile(".*"))
    groups = more.locator(".pc-cited-in-layer")
    total = more.locator(".pc-cited-in-layer a").count()
    assert str(total) in more.locator("summary").inner_text()
    more.locator("summary").tap()
    expect(groups.first).to_be_visible()
    for i in range(groups.count()):
        titles = groups.nth(i).locator("a").all_inner_texts()
        assert titles == sorted(titles), titles


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cards_keep_their_colours_without_javascript(
    open_page: Callable[..., Page], real_site: Path, scheme: str
) -> None:
    page = open_page(viewport=MOBILE, java_script_enabled=False, color_scheme=scheme)
    for lang in LANGUAGES:
        page.goto(f"/{lang}/{_note(real_site)}")
        expect(page.locator("html")).to_have_attribute("data-theme", "auto")
        style = page.locator(".pc-card").first.evaluate(
            """c => ({bg: getComputedStyle(c).backgroundColor,
                      edge: getComputedStyle(c).borderLeftColor,
                      text: getComputedStyle(document.body).color})"""
        )
        assert style["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
        assert style["edge"] != style["text"], style  # the primary colour, not currentColor
        dark = sum(map(float, re.findall(r"[\d.]+", style["bg"])[:3])) < 3 * 128
        assert dark == (scheme == "dark"), style


@pytest.mark.parametrize("lang", LANGUAGES)
def test_favicon_tag_page_place_and_paper_tooltips(
    open_page: Callable[..., Page], base_url: str, js_errors: list[str], real_site: Path, lang: str
) -> None:
    page = open_page(viewport=DESKTOP)
    tag = _tag(real_site, lang)
    page.goto(f"/{lang}/{tag}")
    icon = page.locator("link[rel='icon']")
    expect(icon).to_have_count(1)
    assert page.request.get(icon.evaluate("l => l.href")).ok
    marked = page.locator(".bd-sidebar-primary a[aria-current]")
    expect(marked).to_have_count(1)
    expect(marked).to_be_visible()
    assert marked.evaluate("a => a.href").endswith(f"/{lang}/tags/index.html")
    page.goto(f"/{lang}/overview/index.html")
    refs = page.locator("article a.pc-paper-ref")
    assert refs.count()
    for title in refs.evaluate_all("as => as.map(a => a.title)"):
        assert title and not re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", title), title
    assert not js_errors, "\n".join(js_errors)


def test_a_note_page_loads_only_what_it_uses(
    open_page: Callable[..., Page], real_site: Path
) -> None:
    page = open_page(viewport=DESKTOP)
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()) if r.ok else 0))
    page.goto(f"/zh_CN/{_note(real_site)}")
    page.wait_for_load_state("networkidle")
    assert not [u for u in sizes if "fontawesome" in u or "searchindex" in u], sorted(sizes)
    total = sum(sizes.values())
    print(f"note page: {total} bytes in {len(sizes)} responses")
    # it was 2.4 MB with the font-icon script and the search index; the theme's stylesheet
    # (0.38 MB) is now the largest part
    assert total < 1_000_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    # the icons the page shows are drawn (the font-icon script used to draw them)
    icon = page.locator(".bd-header-article .primary-toggle .fa-bars")
    box = icon.bounding_box()
    assert box and box["width"] >= 10, box
    assert icon.evaluate(
        "i => getComputedStyle(i).maskImage || getComputedStyle(i).webkitMaskImage"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_note_screenshots(open_page: Callable[..., Page], real_site: Path, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, options in (("desktop", {"viewport": DESKTOP}), ("phone", PHONE)):
        page = open_page(**options)
        page.goto(f"/{lang}/{_note(real_site)}")
        screenshot_fits(page, SCREENSHOTS / f"{lang}-note-{name}.png")
