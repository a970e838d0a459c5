"""Paper map, neighbourhoods, feeds and .bib downloads on a small root kept in git."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pybtex.database import parse_string
from util import copy_root, sphinx

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/zh/"
MAP_PAGE = "# 关系图\n\n```{papermap}\n```\n"


def add_map_page(src: Path) -> None:
    """Give the basic root a map page, listed in its toctree."""
    (src / "map.md").write_text(MAP_PAGE, encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("papers\n", "papers\nmap\n"))


def git(src: Path, *args: str, date: str = "2024-01-01T00:00:00Z") -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", *args], cwd=src, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The basic root with a map page, two commits (orca.md added last), built once."""
    tmp = tmp_path_factory.mktemp("discovery")
    src = copy_root("basic", tmp / "src")
    add_map_page(src)
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(f"\nhtml_baseurl = {BASE!r}\nproject = 'PC'\nauthor = 'PC authors'\n")
    orca = (src / "notes" / "orca.md").read_text(encoding="utf-8")
    (src / "notes" / "orca.md").unlink()
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "first")
    (src / "notes" / "orca.md").write_text(orca, encoding="utf-8")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "orca", date="2024-03-01T00:00:00Z")
    out = tmp / "html"
    sphinx(src, out)
    return out


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def bib_keys(path: Path) -> list[str]:
    return list(parse_string(path.read_text(encoding="utf-8"), "bibtex").entries)


def download(out: Path, page: str, n: int = 0) -> Path:
    """The .bib the page's n-th "download .bib" link points to."""
    links = re.findall(r'class="pc-download-bib" href="([^"]+)" download>', read(out, page))
    return (out / page).parent / links[n]


def test_map_has_a_node_per_card_and_an_edge_per_citation(site: Path) -> None:
    page = read(site, "map.html")
    nodes = dict(re.findall(r'href="([^"]+)" data-key="([^"]+)"', page))
    assert sorted(nodes.values()) == ["evil2024", "kwon2023pagedattention", "yu2022orca"]
    assert nodes["notes/paged.html#paper-kwon2023pagedattention"] == "kwon2023pagedattention"
    edges = re.findall(r'data-from="([^"]+)" data-to="([^"]+)"', page)
    assert edges == [("kwon2023pagedattention", "yu2022orca")]  # paged.md links {paper}`yu…`
    assert "<title>Orca: A Distributed Serving System" in page and "OSDI, 2022</title>" in page
    # data from the .bib is escaped, in the label and in the hover title
    assert "<script>" not in page[page.index("<svg") : page.index("</svg>")]


def test_neighbourhood_under_each_card(site: Path) -> None:
    paged = read(site, "notes/paged.html")
    builds_on = paged[paged.index('class="pc-builds-on') : paged.index('class="pc-built-on-by')]
    assert 'href="orca.html#paper-yu2022orca"' in builds_on and "2022" in builds_on
    orca = read(site, "notes/orca.html")
    built_on_by = orca[orca.index('class="pc-built-on-by') :]
    assert 'href="paged.html#paper-kwon2023pagedattention"' in built_on_by.split("</div>")[0]


def test_feed_lists_notes_and_chapters_newest_first(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    # orca.md was added last; the others in one commit, then by name
    assert links == [
        f"{BASE}notes/orca.html",
        f"{BASE}chapters/serving.html",
        f"{BASE}notes/evil.html",
        f"{BASE}notes/paged.html",
    ]
    for entry in entries:
        page = read(site, entry.find(f"{ATOM}link").get("href").removeprefix(BASE))
        title = entry.find(f"{ATOM}title").text
        assert f"<title>{title} " in page or f"<title>{title}</title>" in page
    paged = entries[3]
    assert paged.find(f"{ATOM}summary").text == "用分页的思路管理 KV 缓存。"  # the card's summary
    assert paged.find(f"{ATOM}published").text.startswith("2024-01-01")
    assert [c.get("term") for c in paged.findall(f"{ATOM}category")] == ["kv-cache"]
    assert entries[0].find(f"{ATOM}published").text.startswith("2024-03-01")
    assert feed.find(f"{ATOM}updated").text.startswith("2024-03-01")
    # every page's <head> links the feed; a tag page also its own
    assert '<link rel="alternate" type="application/atom+xml"' in read(site, "index.html")
    tag_page = read(site, "tags/kv-cache.html")
    assert 'href="../tags/kv-cache.xml"' in tag_page
    # the papers-by-date list links the feed too
    assert '<a class="pc-feed-link" href="feed.xml"' in read(site, "papers.html")


def test_tag_feed_holds_the_tagged_pages(site: Path) -> None:
    feed = ET.parse(site / "tags" / "kv-cache.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert links == [f"{BASE}chapters/serving.html", f"{BASE}notes/paged.html"]  # page, card
    batching = ET.parse(site / "tags" / "batching.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in batching.findall(f"{ATOM}entry")]
    assert links == [f"{BASE}notes/orca.html", f"{BASE}chapters/serving.html"]


def test_bib_downloads_hold_exactly_the_listed_entries_in_order(site: Path) -> None:
    papers = read(site, "papers.html")
    shown = re.findall(r'href="notes/\w+\.html#paper-([\w-]+)"', papers)
    assert shown and bib_keys(download(site, "papers.html")) == shown
    tag = read(site, "tags/kv-cache.html")
    assert bib_keys(download(site, "tags/kv-cache.html")) == ["kwon2023pagedattention"]
    assert "kwon2023pagedattention" in tag
    # the bibliography page: every entry, in the order the page shows them
    path = download(site, "bibliography.html")
    keys = bib_keys(path)
    assert sorted(keys) == ["evil2024", "kwon2023pagedattention", "yu2022orca"]
    page = read(site, "bibliography.html")
    shown_titles = [page.index(t) for t in ("Efficient memory", "Nested Braces", "Orca: a dist")]
    assert keys == ["kwon2023pagedattention", "evil2024", "yu2022orca"]
    assert shown_titles == sorted(shown_titles)
    # verbatim from refs.bib
    refs = read(site.parent / "src", "refs.bib")
    assert all(block.strip() in refs for block in path.read_text("utf-8").split("\n\n"))


def test_cite_this_page(site: Path) -> None:
    page = read(site, "notes/paged.html")
    block = page[page.index('class="pc-cite-page') :]
    raw = re.sub(r"<[^>]+>", "", block[block.index("<pre>") : block.index("</pre>")])
    raw = raw.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    entry = parse_string(raw, "bibtex").entries["papercache-notes-paged"]
    assert entry.type == "misc"
    assert entry.fields["url"] == f"{BASE}notes/paged.html"
    assert entry.fields["title"] == "{PagedAttention：分页管理 KV 缓存}"
    assert "pc-cite-page" not in read(site, "index.html")  # not on the site's own pages
