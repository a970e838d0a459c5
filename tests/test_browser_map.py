"""The paper map in Chromium: nodes open notes, nothing is fetched from elsewhere, phone, dark."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_util import require_browser

require_browser()
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

LANGUAGES = ("zh_CN", "en")
MOBILE = {"width": 390, "height": 844}


def _record_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_node_opens_its_note_and_nothing_leaves_the_site(
    open_page: Callable[..., Page], base_url: str, js_errors: list[str], lang: str
) -> None:
    page = open_page()
    requests = _record_requests(page)
    page.goto(f"/{lang}/map.html")
    nodes = page.locator("svg.pc-map-svg a.pc-map-node")
    assert nodes.count() >= 10
    node = page.locator('a.pc-map-node[data-key="kwon2023pagedattention"]')
    # hovering shows title, venue and year (the SVG <title> is the tooltip and the name)
    hover = node.locator("title").text_content()
    assert "PagedAttention" in hover and "2023" in hover
    node.click()
    page.wait_for_url(f"**/{lang}/inference/papers/kwon2023pagedattention.html#paper-*")
    expect(page.locator("#paper-kwon2023pagedattention")).to_be_visible()
    # the neighbourhood under the card links back into the map's papers
    near = page.locator(".pc-neighbourhood a")
    assert near.count() >= 1
    page.wait_for_load_state("networkidle")
    outside = [url for url in requests if not url.startswith(base_url + "/")]
    assert outside == []
    assert not js_errors, "\n".join(js_errors)


def _luminance(css_color: str) -> float:
    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", css_color)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_is_readable_on_a_phone(
    open_page: Callable[..., Page], js_errors: list[str], real_site: Path, scheme: str
) -> None:
    page = open_page(
        viewport=MOBILE, device_scale_factor=2, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    page.goto("/en/map.html")
    expect(page.locator("html")).to_have_attribute("data-theme", scheme)
    found = page.evaluate(
        """() => {
            const box = document.querySelector('.pc-map-scroll');
            const node = document.querySelector('a.pc-map-node');
            const text = getComputedStyle(node.querySelector('text'));
            return {
                page: document.documentElement.scrollWidth,
                boxWidth: box.clientWidth, boxScroll: box.scrollWidth,
                font: parseFloat(text.fontSize), ink: text.fill,
                fill: getComputedStyle(node.querySelector('rect')).fill,
                year: getComputedStyle(document.querySelector('.pc-map-year')).fill,
                background: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )
    # the map scrolls inside its box; the page itself does not get wider than the phone
    assert found["page"] <= MOBILE["width"] + 1, found
    assert found["boxWidth"] <= MOBILE["width"] and found["boxScroll"] > found["boxWidth"]
    assert found["font"] >= 12  # drawn at full size, never shrunk to the screen
    # labels contrast with their node, and year headings with the page, in both schemes
    assert abs(_luminance(found["ink"]) - _luminance(found["fill"])) > 90, found
    assert abs(_luminance(found["year"]) - _luminance(found["background"])) > 90, found
    dark = _luminance(found["background"]) < 128
    assert dark == (scheme == "dark")
    # a node off to the right is reached by scrolling the map, and opens its note on a tap
    last = page.locator("a.pc-map-node").last
    last.scroll_into_view_if_needed()
    href = last.get_attribute("href")
    last.tap()
    page.wait_for_url(re.compile(re.escape(href.split("#")[0]) + "#"))
    assert not js_errors, "\n".join(js_errors)
