"""The built site in headless Chromium: language switch, tags, BibTeX, sidebar, phones."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_util import DESKTOP, require_browser

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"
LANGUAGES = ("zh_CN", "en")
LAYERS = ("hardware", "system", "training", "inference", "applications")
FLASHATTENTION = "system/papers/dao2022flashattention.html"
NOTE = "inference/papers/kwon2023pagedattention.html"
PAPER_REF_PAGES = ("inference/vllm-pagedattention.html", "overview/index.html")
TAG = "kv-cache"
MOBILE = {"width": 390, "height": 844}


require_browser()
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402


def _path(url: str) -> str:
    return urlsplit(url).path


def _notes(site: Path, lang: str) -> list[str]:
    """Every paper note of one language, as paths relative to its root."""
    notes = sorted(
        p.relative_to(site / lang).as_posix() for p in site.glob(f"{lang}/*/papers/*.html")
    )
    assert notes, f"the {lang} site has no paper notes"
    return notes


def _note(site: Path, preferred: str = NOTE) -> str:
    """*preferred* if both languages have it, else the first paper note there is."""
    if all((site / lang / preferred).exists() for lang in LANGUAGES):
        return preferred
    return _notes(site, "zh_CN")[0]


def _card_key(page: Page) -> str:
    card_id = page.locator(".pc-card").first.get_attribute("id")
    assert card_id and card_id.startswith("paper-"), card_id
    return card_id.removeprefix("paper-")


# -- language switcher -----------------------------------------------------------------------------


def test_language_switcher_goes_to_the_same_page_and_back(
    page: Page, js_errors: list[str], real_site: Path
) -> None:
    note = _note(real_site)
    page.goto(f"/zh_CN/{note}")
    switch = page.locator("nav.pc-lang-switch")
    expect(switch.locator(".pc-lang-current")).to_have_attribute("lang", "zh-CN")
    switch.locator("a").click()
    page.wait_for_url(f"**/en/{note}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switch.locator(".pc-lang-current")).to_have_attribute("lang", "en")
    switch.locator("a").click()
    page.wait_for_url(f"**/zh_CN/{note}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_language_switcher_is_not_covered(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, viewport: dict
) -> None:
    page = open_page(viewport=viewport)
    page.goto(f"/zh_CN/{_note(real_site)}")
    # what the reader would click at the top and bottom edge of each entry is that entry
    covered = page.evaluate(
        """() => [...document.querySelectorAll('nav.pc-lang-switch .pc-lang')].flatMap(item => {
            const box = item.getBoundingClientRect();
            const x = box.left + box.width / 2;
            return [box.top + 1, box.bottom - 1].filter(y => {
                const hit = document.elementFromPoint(x, y);
                return !(hit && (item === hit || item.contains(hit)));
            }).map(y => `${item.textContent} at y=${y} is under ${
                document.elementFromPoint(x, y)?.className}`);
        })"""
    )
    assert not covered, "\n".join(covered)
    assert not js_errors, "\n".join(js_errors)


# -- tags and {paper} links ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tag_chip_opens_a_tag_page_that_lists_the_paper(
    page: Page, js_errors: list[str], real_site: Path, lang: str
) -> None:
    note = _note(real_site)
    page.goto(f"/{lang}/{note}")
    key = _card_key(page)
    # the page's tags stand above its card (the card repeats none of them)
    chip = page.locator(".pc-page-meta a:has(.pc-tag), .pc-card .pc-tags a").first
    href = chip.evaluate("a => a.href")
    slug = re.fullmatch(rf"/{lang}/tags/([a-z0-9-]+)\.html", _path(href))
    assert slug, href
    chip.click()
    page.wait_for_url(f"**/{lang}/tags/{slug[1]}.html")
    listed = page.locator(f"article a[href$='#paper-{key}']")
    expect(listed).to_have_count(1)
    assert _path(listed.evaluate("a => a.href")) == f"/{lang}/{note}"
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_paper_role_link_lands_on_the_card(
    page: Page, js_errors: list[str], real_site: Path, lang: str
) -> None:
    source = next(p for p in PAPER_REF_PAGES if (real_site / lang / p).exists())
    page.goto(f"/{lang}/{source}")
    ref = page.locator("article a.pc-paper-ref").first
    href = ref.evaluate("a => a.href")
    key = re.fullmatch(r"paper-([a-z0-9]+)", urlsplit(href).fragment)
    assert key, href
    ref.click()
    page.wait_for_url(re.compile(rf"/{lang}/[^#]+\.html#paper-{key[1]}$"))
    card = page.locator(f"#paper-{key[1]}")
    expect(card).to_have_count(1)
    expect(card).to_have_class(re.compile(r"\bpc-card\b"))
    expect(card).to_be_in_viewport()
    assert page.evaluate("location.hash") == f"#paper-{key[1]}"
    assert not js_errors, "\n".join(js_errors)


# -- Copy BibTeX -----------------------------------------------------------------------------------


def _clipboard(page: Page, script: str) -> str | None:
    """Run a clipboard call; None where this browser has no usable clipboard."""
    try:
        return page.evaluate(script)
    except PlaywrightError as exc:
        print(f"clipboard unavailable: {exc}")
        return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_copy_bibtex(
    open_page: Callable[..., Page],
    base_url: str,
    js_errors: list[str],
    real_site: Path,
    lang: str,
) -> None:
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"/{lang}/{_note(real_site)}")
    key = _card_key(page)
    details = page.locator(".pc-card details.pc-bibtex").first
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    button = details.locator("button.pc-copy")
    expect(button).to_be_visible()
    label = button.inner_text()
    copied = button.get_attribute("data-copied")
    assert copied and copied != label
    target = button.get_attribute("data-target")
    expected = page.locator(f"[id='{target}']").inner_text().strip()
    assert expected.startswith("@") and key in expected, expected

    clipboard = _clipboard(page, "navigator.clipboard.writeText('').then(() => '')")
    button.click()
    expect(button).to_have_text(copied)
    if clipboard is not None:  # else only the text checked above, which is what the button copies
        assert _clipboard(page, "navigator.clipboard.readText()").strip() == expected
    expect(button).to_have_text(label, timeout=5_000)  # the label comes back
    assert not js_errors, "\n".join(js_errors)


# -- sidebar ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sidebar_marks_the_current_page_and_opens_its_layer(
    page: Page, js_errors: list[str], real_site: Path, lang: str
) -> None:
    note = _note(real_site)
    layer = note.split("/")[0]
    page.goto(f"/{lang}/{note}")
    sidebar = page.locator(".bd-sidebar-primary")
    marked = sidebar.locator("a.current, a[aria-current]")
    expect(marked.first).to_be_visible()
    marked_paths = {_path(a) for a in marked.evaluate_all("links => links.map(a => a.href)")}
    assert marked_paths == {f"/{lang}/{note}"}, marked_paths
    # its layer: the top-level entry holding it links to the layer index and is expanded
    entry = sidebar.locator("li.toctree-l1").filter(has=page.locator("a.current, a[aria-current]"))
    expect(entry).to_have_count(1)
    layer_link = entry.locator(":scope > a")
    assert _path(layer_link.evaluate("a => a.href")) == f"/{lang}/{layer}/index.html"
    expect(layer_link).to_be_visible()
    expect(entry.locator(":scope > details")).to_have_attribute("open", re.compile(".*"))
    assert not js_errors, "\n".join(js_errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_layer_index_is_reachable_from_the_home_sidebar(
    page: Page, js_errors: list[str], lang: str
) -> None:
    for layer in LAYERS:
        page.goto(f"/{lang}/index.html")
        sidebar = page.locator(".bd-sidebar-primary")
        link = sidebar.locator(f"a[href='{layer}/index.html']")
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(f"**/{lang}/{layer}/index.html")
        expect(page.locator("article h1")).to_have_count(1)
    assert not js_errors, "\n".join(js_errors)


# -- dark mode on a phone --------------------------------------------------------------------------


def _is_dark(css_color: str) -> bool:
    """A computed `rgb(a)` colour that is transparent or dark."""
    red, green, blue, *alpha = (float(v) for v in re.findall(r"[\d.]+", css_color))
    if alpha and alpha[0] == 0:
        return True  # the dark page shows through
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cards_fit_a_dark_phone_screen(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, lang: str
) -> None:
    page = open_page(
        viewport=MOBILE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="dark",
    )
    notes = _notes(real_site, lang)
    overflowing = []
    for note in notes:
        page.goto(f"/{lang}/{note}")
        # the theme follows the reader's prefers-color-scheme
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        # the widest thing in a card is the BibTeX entry, so measure with it open
        page.eval_on_selector_all("details.pc-bibtex", "ds => ds.forEach(d => { d.open = true; })")
        widths = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                cards: [...document.querySelectorAll('.pc-card')].map(c => [
                    c.id, c.scrollWidth, c.clientWidth, getComputedStyle(c).backgroundColor]),
            })"""
        )
        assert widths["cards"], f"{lang}/{note} has no card"
        for card_id, scroll, client, background in widths["cards"]:
            if scroll > client + 1:
                overflowing.append(f"{lang}/{note} #{card_id}: {scroll} > {client}")
            assert _is_dark(background), f"{lang}/{note} #{card_id}: background {background}"
        if widths["page"] > MOBILE["width"] + 1:
            overflowing.append(f"{lang}/{note}: page is {widths['page']}px wide")
    assert not overflowing, "\n".join(overflowing)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"/{lang}/{_note(real_site)}")
    page.locator(".pc-card").first.screenshot(path=SCREENSHOTS / f"{lang}-phone-dark-card.png")
    assert not js_errors, "\n".join(js_errors)


# -- screenshots -----------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """The width and height of a PNG image, from its header."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def screenshot_fits(page: Page, path: Path) -> None:
    """Photograph the whole page (for people to look at); it is no wider than the screen.

    A full-page screenshot is as wide as what the page can be scrolled to, so a wider image is
    content that runs off the side of the reader's screen.
    """
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=path, full_page=True)
    width, _height = png_size(path)
    # the viewport, not innerWidth: a phone widens its layout viewport to content that overflows
    screen, scale = page.viewport_size["width"], page.evaluate("window.devicePixelRatio")
    wide = f"{path.name}: {width / scale:.0f}px wide on a {screen}px screen"
    assert width == round(screen * scale), wide


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, lang: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tags = sorted(p.stem for p in (real_site / lang / "tags").glob("*.html") if p.stem != "index")
    tag = TAG if TAG in tags else tags[0]
    # a tag page on a desktop and a phone (the note's are tests/test_reader.py's)
    for screen, viewport in (("", DESKTOP), ("-phone", MOBILE)):
        page = open_page(viewport=viewport)
        page.goto(f"/{lang}/tags/{tag}.html")
        screenshot_fits(page, SCREENSHOTS / f"{lang}-tag{screen}.png")
    assert not js_errors, "\n".join(js_errors)
