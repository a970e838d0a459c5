"""The real site: feeds, .bib downloads, hreflang, sitemaps, OpenGraph and the map agree with it."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pybtex.database import parse_string

pytestmark = pytest.mark.site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LANGUAGES = ("zh_CN", "en")
NOTE = "inference/papers/kwon2023pagedattention.html"
CARD = re.compile(r'class="pc-card[ "]')  # a card, not a list entry's "pc-card-meta"


def pages(out: Path) -> list[str]:
    """Every page of one language (not the search page, index or static files)."""
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*.html")
        if not {"_static", "pagefind"} & set(p.parts)
        and p.name not in ("search.html", "genindex.html")
    )


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def h1(page: str) -> str:
    found = re.search(r'<h1>((?:(?!</h1>).)*?)<a class="headerlink"', page, re.S)
    return text_of(found.group(1)) if found else ""


def base_url(out: Path) -> str:
    feed = ET.parse(out / "feed.xml").getroot()
    self_link = next(a for a in feed.findall(f"{ATOM}link") if a.get("rel") == "self")
    return self_link.get("href").removesuffix("feed.xml")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_matches_the_pages(real_site: Path, lang: str) -> None:
    out = real_site / lang
    base = base_url(out)
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert 20 <= len(entries) <= 50  # the newest 50
    added = [e.find(f"{ATOM}published").text for e in entries]
    assert added == sorted(added, reverse=True)  # newest first
    notes = 0
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(base) and entry.find(f"{ATOM}id").text == link
        page = (out / link.removeprefix(base)).read_text(encoding="utf-8")
        assert h1(page) == entry.find(f"{ATOM}title").text
        summary = entry.find(f"{ATOM}summary").text
        if CARD.search(page):
            notes += 1
            card = page[page.index('class="pc-card-summary') :]
            words = " ".join(summary.split()).split("$")[0][:30]  # up to the first formula
            assert words in text_of(card), link
        for category in entry.findall(f"{ATOM}category"):
            assert (out / "tags" / f"{category.get('term')}.html").exists()
            assert (out / "tags" / f"{category.get('term')}.xml").exists()
    assert notes >= 10
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_names_its_other_language_and_the_feed(real_site: Path, lang: str) -> None:
    out = real_site / lang
    roots = {"zh-CN": base_url(real_site / "zh_CN"), "en": base_url(real_site / "en")}
    for rel in pages(out):
        head = (out / rel).read_text(encoding="utf-8").split("</head>")[0]
        found = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
        expected = {code: root + rel for code, root in roots.items()}
        assert found == {**expected, "x-default": expected["zh-CN"]}, rel
        up = "../" * rel.count("/")
        assert 'type="application/atom+xml" title="PaperCache' in head, rel
        assert f'href="{up}feed.xml"' in head, rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sitemap_lists_every_page_once(real_site: Path, lang: str) -> None:
    out = real_site / lang
    base = base_url(out)
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    assert locs == sorted(set(locs))
    assert locs == [base + rel for rel in pages(out)]
    note = next(u for u in root.findall(f"{SITEMAP}url") if u[0].text == base + NOTE)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", note.find(f"{SITEMAP}lastmod").text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_note_is_described_by_its_card(real_site: Path, lang: str) -> None:
    out = real_site / lang
    page = (out / NOTE).read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    description = html.unescape(re.search(r'property="og:description" content="([^"]*)"', head)[1])
    card = text_of(page[page.index('class="pc-card-summary') :])
    assert description[:40] in card
    assert re.search(r'<meta name="description" content="[^"]+">', head)
    assert f'property="og:url" content="{base_url(out)}{NOTE}"' in head
    assert '<meta name="twitter:card" content="summary">' in head
    # last changed, from git history, in the footer
    assert re.search(r'class="last-updated">\s*[^<]*\d{4}-\d\d-\d\d', page)


def _download(out: Path, rel: str) -> tuple[str, list[str]]:
    page = (out / rel).read_text(encoding="utf-8")
    href = re.search(r'class="pc-download-bib" href="([^"]+)" download>', page)[1]
    text = ((out / rel).parent / href).read_text(encoding="utf-8")
    return page, list(parse_string(text, "bibtex").entries)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bib_downloads_hold_what_each_list_shows(real_site: Path, lang: str) -> None:
    out = real_site / lang
    page, keys = _download(out, "papers.html")
    listed = re.findall(r'href="[^"]+#paper-([\w-]+)"', page[page.index("pc-download-bib") :])
    assert len(keys) >= 20 and keys == listed
    page, keys = _download(out, "tags/kv-cache.html")
    listed = re.findall(r'href="[^"]+#paper-([\w-]+)"', page[page.index("<h1>") :])
    assert keys and keys == listed
    page, keys = _download(out, "bibliography.html")
    references = parse_string(Path("references.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(keys) == sorted(references.entries)
    assert len(keys) == page.count('role="doc-biblioentry"')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_draws_every_note(real_site: Path, lang: str) -> None:
    out = real_site / lang
    page = (out / "map.html").read_text(encoding="utf-8")
    nodes = re.findall(r'href="([^"#]+)#paper-[^"]+" data-key="([^"]+)"', page)
    notes = {rel for rel in pages(out) if CARD.search((out / rel).read_text("utf-8"))}
    assert {href for href, _key in nodes} == notes
    assert len(re.findall(r"data-from=", page)) >= len(nodes)  # notes cite each other
    note = (out / NOTE).read_text(encoding="utf-8")
    assert 'class="pc-neighbourhood' in note and 'class="pc-cite-page' in note
