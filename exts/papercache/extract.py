"""Message extraction: only source-language text reaches translators, with its kind of element."""

from __future__ import annotations

import re
from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import Catalog, Message, MessageCatalogBuilder

from .nodes import paper_card

# Chinese is the source language: a message without a Han character (a number, a product name,
# a bare {doc} link, a code block without Chinese comments, display math) reads the same in
# English, so it is not extracted and never counts against translation coverage.
SOURCE_TEXT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def needs_translation(message: str) -> bool:
    """True when *message* holds text in the source language."""
    return SOURCE_TEXT.search(message) is not None


def kind_of(node: nodes.Node) -> str:
    """What a translator should know about where a message sits ("" when it is plain prose)."""
    if isinstance(node, nodes.title):
        return "page title" if isinstance(node.parent.parent, nodes.document) else "section title"
    if isinstance(node, nodes.literal_block):
        return "code block: translate the comments, keep the code"
    if isinstance(node, nodes.caption):
        return "caption"
    for ancestor in _ancestors(node):
        if isinstance(ancestor, nodes.entry):
            return "table cell"
        if isinstance(ancestor, paper_card):
            return "paper card summary"
    return ""


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class ContextMessage(Message):
    """A message with extracted comments (``#.``) for translators."""

    __slots__ = ("comments",)

    def __init__(self, text, locations, uuids, comments: list[str]) -> None:
        super().__init__(text, locations, uuids)
        self.comments = comments


class TextCatalog(Catalog):
    """A catalog that keeps only messages with something to translate, and their kinds."""

    __slots__ = ("kinds",)

    def __init__(self) -> None:
        super().__init__()
        self.kinds: dict[str, list[str]] = {}

    def add(self, msg: str, origin) -> None:
        if not needs_translation(msg):
            return
        super().add(msg, origin)
        if isinstance(origin, nodes.Node) and (kind := kind_of(origin)):
            kinds = self.kinds.setdefault(msg, [])
            if kind not in kinds:
                kinds.append(kind)

    def __iter__(self):
        for message in super().__iter__():
            kinds = self.kinds.get(message.text, [])
            yield ContextMessage(message.text, message.locations, message.uuids, kinds)


def use_text_catalogs(app: Sphinx) -> None:
    """builder-inited: the gettext builder collects into TextCatalogs."""
    if isinstance(app.builder, MessageCatalogBuilder):
        app.builder.catalogs = defaultdict(TextCatalog)


def setup_extract(app: Sphinx) -> None:
    app.connect("builder-inited", use_text_catalogs)
