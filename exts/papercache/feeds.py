"""Atom feeds of new notes and chapters (feedgen): one for the site, one per tag."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import labels
from .bibexport import is_article, last_changed, page_url
from .domain import FEED, get_domain, tag_feed, writes_tag_pages
from .nodes import paper_card
from .views import doc_title

logger = logging.getLogger(__name__)
SUMMARY_CHARS = 300
# the space a dropped citation leaves before a full-width stop
CJK_SPACE = re.compile(r"\s+([，。；：、）！？])")
LATEST = 50  # entries per feed: what is new, not the whole history


# -- summaries: the card's for a note, the first paragraph for a chapter ----------------------
def collect(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: keep the (translated) summary of the page."""
    card = next(iter(doctree.findall(paper_card)), None)
    if card is None:
        section = doctree.next_node(nodes.section)
        card = section.next_node(nodes.paragraph) if section is not None else None
    text = " ".join(plain_text(card).split()) if card is not None else ""
    text = CJK_SPACE.sub(r"\1", text)
    if len(text) > SUMMARY_CHARS:
        text = text[: SUMMARY_CHARS - 1].rstrip() + "…"
    get_domain(app.env).table("summaries")[app.env.docname] = text


def plain_text(node: nodes.Element) -> str:
    """Text as read: a reference not yet resolved shows its explicit text, or nothing."""
    node = node.deepcopy()
    for ref in list(node.findall(pending_xref)):
        if not ref.get("refexplicit"):
            ref.parent.remove(ref)
    for math in list(node.findall(nodes.math)):  # plain text: TeX between dollars
        math.replace_self(nodes.Text(f"${math.astext()}$"))
    return node.astext()


def summary(env: BuildEnvironment, docname: str) -> str:
    return get_domain(env).data["summaries"].get(docname, "")


# -- dates ------------------------------------------------------------------------------------
def added_dates(srcdir: Path) -> dict[str, datetime]:
    """Return, for each file under *srcdir* in git, when it was first committed (one git call)."""
    cmd = ["git", "log", "--diff-filter=A", "--no-renames", "--relative", "--format=@%at"]
    try:
        out = subprocess.run(
            [*cmd, "--name-only", "--", "."], cwd=srcdir, capture_output=True, text=True
        )
    except OSError:
        return {}
    if out.returncode != 0:
        return {}  # not a git checkout: no page has a date
    found: dict[str, datetime] = {}
    when = None
    for line in out.stdout.splitlines():
        if line.startswith("@"):
            when = datetime.fromtimestamp(int(line[1:]), UTC)
        elif line and when is not None:
            found[line] = when  # newest first: the last one seen is the first time it was added
    return found


@dataclass(frozen=True)
class Item:
    docname: str
    title: str
    summary: str
    added: datetime
    updated: datetime
    tags: tuple[str, ...]


def items(app: Sphinx) -> list[Item]:
    """Every chapter and note that is in git, newest first (then by name)."""
    env = app.env
    domain = get_domain(env)
    added = added_dates(Path(app.srcdir))
    out = []
    for docname in sorted(env.all_docs):
        if not is_article(env, docname):
            continue
        source = Path(env.doc2path(docname)).relative_to(app.srcdir).as_posix()
        first = added.get(source)
        if first is None:
            continue  # not committed yet: it is not "new" anywhere but on this machine
        tags = list(domain.data["page_meta"].get(docname, {}).get("tags", ()))
        for card in domain.data["cards"].get(docname, []):
            tags += card["tags"]
        changed = last_changed(env, docname) or first
        out.append(
            Item(
                docname=docname,
                title=doc_title(env, docname),
                summary=summary(env, docname),
                added=first,
                updated=max(changed, first),
                tags=tuple(dict.fromkeys(tags)),
            )
        )
    out.sort(key=lambda i: i.docname)
    out.sort(key=lambda i: i.added, reverse=True)
    return out


def feed_xml(app: Sphinx, chosen: list[Item], name: str, title: str) -> bytes:
    """Return the Atom document of the newest of *chosen* (already newest first)."""
    config = app.config
    base = config.html_baseurl or ""
    index = get_domain(app.env).index
    fg = FeedGenerator()
    fg.id(base + name)
    fg.title(title)
    fg.author({"name": config.author})
    fg.link(href=base + name, rel="self", type="application/atom+xml")
    fg.link(href=page_url(app.env, config.root_doc, app.builder), rel="alternate")
    fg.language(config.language)
    # the newest change of an entry, so that an unchanged site writes an unchanged feed
    epoch = datetime.fromtimestamp(0, UTC)
    fg.updated(max((i.updated for i in chosen), default=epoch))
    for item in chosen[:LATEST]:
        url = page_url(app.env, item.docname, app.builder)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.title(item.title)
        entry.link(href=url, rel="alternate")
        if item.summary:
            entry.summary(item.summary)
        entry.published(item.added)
        entry.updated(item.updated)
        for slug in item.tags:
            tag = index.tags.get(slug)
            entry.category(term=slug, label=tag.label if tag else slug)
    return fg.atom_str(pretty=True)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: write feed.xml and tags/<slug>.xml when their content changed."""
    # a feed lists pages of a site of pages: written where tag pages are (not in singlehtml)
    if exception is not None or not writes_tag_pages(app.builder):
        return
    chosen = items(app)
    site = f"{app.config.project} — {labels.text('feed_title')}"
    feeds = {FEED: feed_xml(app, chosen, FEED, site)}
    for slug, tag in sorted(get_domain(app.env).index.tags.items()):
        tagged = [i for i in chosen if slug in i.tags]
        feeds[tag_feed(slug)] = feed_xml(app, tagged, tag_feed(slug), f"{site}: {tag.label}")
    for name, data in feeds.items():
        path = Path(app.outdir, name)
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def setup_feeds(app: Sphinx) -> None:
    app.connect("doctree-read", collect)
    app.connect("build-finished", write_feeds)
