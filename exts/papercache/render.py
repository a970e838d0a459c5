"""Small node builders shared by cards, listings and tag pages."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain, tag_pagename


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


def doc_title(env: BuildEnvironment, docname: str) -> str:
    """Return the (translated) title of *docname*, or the docname if it has none."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def doc_link(
    env: BuildEnvironment, builder: Builder, fromdoc: str, todoc: str, anchor: str = ""
) -> nodes.Node:
    """Return a reference to *todoc* (titled), or plain text for builders without pages."""
    text = doc_title(env, todoc)
    try:
        uri = builder.get_relative_uri(fromdoc, todoc)
    except Exception:
        return nodes.inline(text=text)
    if anchor:
        uri += "#" + anchor
    return nodes.reference("", text, internal=True, refuri=uri)


def tag_link(env: BuildEnvironment, builder: Builder, slug: str, fromdoc: str) -> nodes.Node:
    """Return a chip for *slug*: its label, linked to its tag page in HTML builds."""
    tag = get_domain(env).index.tags.get(slug)
    label = tag.label if tag else slug
    chip = nodes.inline(text=label, classes=["pc-tag"])
    if tag is None or builder.format != "html":
        return chip
    uri = builder.get_relative_uri(fromdoc, tag_pagename(slug))
    return nodes.reference("", "", chip, internal=True, refuri=uri, reftitle=tag.description)


def tag_chips(env: BuildEnvironment, builder: Builder, slugs: Iterable[str]) -> nodes.paragraph:
    """Return a paragraph of tag chips."""
    para = nodes.paragraph(classes=["pc-tags"])
    for slug in slugs:
        para += tag_link(env, builder, slug, env.docname)
        para += nodes.Text(" ")
    return para
