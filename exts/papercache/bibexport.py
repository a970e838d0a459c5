"""BibTeX downloads: every paper list, tag page and full bibliography, and "cite this page"."""

from __future__ import annotations

import ast
import posixpath
import re
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from . import bib, labels, views
from .domain import tag_feed, writes_tag_pages
from .nodes import bibtex_block, copy_button
from .render import Renderer, page_uri, to_root
from .views import doc_title

FOLDER = "_bib"
ALL = ast.dump(ast.parse("True"))  # the filter of ``:all:``
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def write_bib(outdir: str | Path, name: str, raws: list[str]) -> str:
    """Write the entries, verbatim and in order, to _bib/<name>.bib; return its path there."""
    rel = f"{FOLDER}/{name}.bib"
    text = "\n\n".join(raw.strip() for raw in raws) + "\n" if raws else ""
    path = Path(outdir, rel)
    # unchanged files keep their mtime, like Sphinx's own copies of static files
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return rel


def actions(
    builder: Builder, fromdoc: str, bibfile: str, count: int, feed: str = ""
) -> nodes.Element:
    """Return the "download .bib (n)" link, and a feed link if given, relative to *fromdoc*."""
    up = to_root(builder, fromdoc)
    html = (
        f'<a class="pc-download-bib" href="{escape(up + bibfile)}" download>'
        f"{escape(labels.text('download_bib'))} ({count})</a>"
    )
    if feed:
        html += (
            f' <a class="pc-feed-link" href="{escape(up + feed)}" type="application/atom+xml">'
            f"{escape(labels.text('feed'))}</a>"
        )
    return nodes.raw("", f'<p class="pc-list-actions">{html}</p>', format="html")


def list_actions(builder: Builder, here: str, n: int, view: views.Listing) -> nodes.Element:
    """The .bib of the *n*-th list of *here* (its papers, in the order shown) and its feed."""
    raws = [row.bibtex for row in view.rows if row.bibtex]
    path = write_bib(builder.outdir, f"{here}-{n}", raws)
    feed = view.feed if writes_tag_pages(builder) else ""  # feeds.write_feeds: beside tag pages
    return actions(builder, here, path, len(raws), feed)


def tag_actions(builder: Builder, pagename: str, page: views.TagPage) -> nodes.Element:
    """The tag page's .bib (its papers, in the order shown) and its feed."""
    raws = [row.bibtex for row in page.papers if row.bibtex]
    path = write_bib(builder.outdir, pagename, raws)
    return actions(builder, pagename, path, len(raws), tag_feed(page.chip.slug))


class DownloadLinks(Renderer):
    """Before full bibliographies are rendered, write their .bib and link it."""

    # before sphinxcontrib-bibtex's BibliographyTransform (5) replaces its node
    default_priority = 4

    def is_supported(self) -> bool:
        return super().is_supported() and self.builder.format == "html"

    def run(self, **kwargs) -> None:
        here = self.env.docname
        domain = self.env.get_domain("cite")
        entries = bib.for_env(self.env).entries
        for n, node in enumerate(list(self.document.findall(bibliography_node)), start=1):
            key = BibliographyKey(docname=node["docname"], id_=node["ids"][0])
            shown = domain.bibliographies.get(key)
            if shown is None or ast.dump(shown.filter_) != ALL:
                continue  # a page's own list of references: its page has "cite this page"
            prefix = shown.keyprefix
            keys = [c.key[len(prefix) :] for c in domain.citations if c.bibliography_key == key]
            raws = [entries[k].raw for k in keys if k in entries]
            path = write_bib(self.builder.outdir, f"{here}-bibliography-{n}", raws)
            node.parent.insert(
                node.parent.index(node), actions(self.builder, here, path, len(raws))
            )


# -- cite this page ---------------------------------------------------------------------------
def is_article(env: BuildEnvironment, docname: str) -> bool:
    """Chapters and notes: pages inside a folder, except the tag pages' folder."""
    tags_folder = posixpath.dirname(env.config.papercache_tag_vocabulary)
    return "/" in docname and not (tags_folder and docname.startswith(tags_folder + "/"))


def page_url(env: BuildEnvironment, docname: str, builder: Builder) -> str:
    """The public address of *docname* (html_baseurl, then the page's own address)."""
    return (env.config.html_baseurl or "") + page_uri(builder, docname)


def last_changed(env: BuildEnvironment, docname: str) -> datetime | None:
    """The git date of the page (sphinx-last-updated-by-git), if known."""
    data = getattr(env, "git_last_updated", {}).get(docname)
    if not data or data[0] is None:
        return None
    return datetime.fromtimestamp(int(data[0]), UTC)


def bibtex_text(value: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", value)


def page_entry(env: BuildEnvironment, docname: str, builder: Builder) -> str:
    """Return an ``@misc`` entry for the page itself, in the build language."""
    url = page_url(env, docname, builder)
    key = "papercache-" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-")
    fields = [
        ("title", "{" + bibtex_text(doc_title(env, docname)) + "}"),
        ("author", "{" + bibtex_text(env.config.author) + "}"),
        ("howpublished", f"{{{bibtex_text(env.config.project)}}}"),
        ("url", url),
        ("language", env.config.language or "en"),
    ]
    when = last_changed(env, docname)
    if when is not None:
        fields += [("year", str(when.year)), ("date", when.strftime("%Y-%m-%d"))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


class CiteThisPage(Renderer):
    """End each chapter and note with its own BibTeX entry."""

    def is_supported(self) -> bool:
        return super().is_supported() and self.builder.format == "html"

    def run(self, **kwargs) -> None:
        here = self.env.docname
        section = self.document.next_node(nodes.section)
        if section is None or not is_article(self.env, here):
            return
        raw = page_entry(self.env, here, self.builder)
        block = bibtex_block(summary=labels.text("cite_page"), classes=["pc-cite-page"])
        target = "pc-cite-page-bibtex"
        block += nodes.literal_block(raw, raw, language="bibtex", ids=[target])
        block += copy_button(target=target)
        section += block


def setup_bibexport(app: Sphinx) -> None:
    app.add_post_transform(DownloadLinks)
    app.add_post_transform(CiteThisPage)
