"""Small node builders shared by cards, listings and tag pages; they draw views, never look up."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import tag_pagename, writes_tag_pages
from .views import Chip, PageLink


class Renderer(SphinxPostTransform):
    """A post-transform that fills placeholders for every builder but gettext.

    The gettext builder must see the placeholders' own (translatable) children, with the uids
    it needs, rather than the rendered card; it writes no pages, so it needs no rendering.
    """

    default_priority = 200

    def is_supported(self) -> bool:
        return self.env._builder_cls.name != "gettext" and super().is_supported()

    @property
    def builder(self) -> Builder:
        # Sphinx 9 deprecates Transform.app and offers no public way to the builder here.
        return self.env._app.builder


def to_root(builder: Builder, fromdoc: str) -> str:
    """The relative path from *fromdoc*'s output file to the output root ("" or "../…/")."""
    where = Path(builder.get_outfilename(fromdoc)).parent.relative_to(builder.outdir)
    return "../" * len(where.parts)


def page_uri(builder: Builder, pagename: str) -> str:
    """*pagename* from the output root: "x.html", "x/" (dirhtml), "index.html" (singlehtml)."""
    uri = builder.get_target_uri(pagename)
    if uri.startswith("#"):  # singlehtml: every page is a part of one file
        return Path(builder.get_outfilename(pagename)).relative_to(builder.outdir).as_posix()
    return uri


def anchored_uri(builder: Builder, fromdoc: str, todoc: str, anchor: str) -> str:
    """The link from *fromdoc* to *anchor* on *todoc*: one fragment, also in singlehtml."""
    uri = builder.get_relative_uri(fromdoc, todoc)
    return f"#{anchor}" if uri.startswith("#") else f"{uri}#{anchor}"


def doc_link(builder: Builder, fromdoc: str, page: PageLink, anchor: str = "") -> nodes.Node:
    """Return a reference to *page* (titled), or plain text where the builder has no such page."""
    try:
        if anchor:
            uri = anchored_uri(builder, fromdoc, page.docname, anchor)
        else:
            uri = builder.get_relative_uri(fromdoc, page.docname)
    except NoUri:  # e.g. LaTeX, for a document outside the book
        return nodes.inline(text=page.title)
    return nodes.reference("", page.title, internal=True, refuri=uri)


def tag_link(builder: Builder, chip: Chip, fromdoc: str) -> nodes.Node:
    """Return a chip: its label, linked to its tag page where the builder writes tag pages."""
    label = nodes.inline(text=chip.label, classes=["pc-tag"])
    if not chip.defined or not writes_tag_pages(builder):
        return label
    uri = builder.get_relative_uri(fromdoc, tag_pagename(chip.slug))
    return nodes.reference("", "", label, internal=True, refuri=uri, reftitle=chip.description)


def tag_chips(env: BuildEnvironment, builder: Builder, chips: Iterable[Chip]) -> nodes.paragraph:
    """Return a paragraph of tag chips."""
    para = nodes.paragraph(classes=["pc-tags"])
    for chip in chips:
        para += tag_link(builder, chip, env.docname)
        para += nodes.Text(" ")
    return para
