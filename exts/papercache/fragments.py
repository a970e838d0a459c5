"""MyST parsing of translated messages at the cost of the message, not of a parser's set-up.

Sphinx's i18n transform parses every translated message as a document of its own, and
myst-parser sets up each parse from scratch: a new markdown-it parser with all its plugins, and a
throw-away docutils document whose settings come from docutils' option parser. That set-up is
~7 ms, against well under 1 ms for a typical paragraph, and an English build parses one message
per paragraph, title and table cell: at 100 pages it was two thirds of the English build.
Here a parse without front matter reuses one markdown-it parser per configuration; sources with
front matter (whole pages) take upstream's path unchanged.

Nodes of a translated message that are moved into the page (cross-references, mostly) still name
the throw-away document as theirs, and its settings hold the build environment: each pickled
doctree carried a copy of the environment (4.8 MB per page at 1,600 pages, against 30 KB
untranslated), so the English build grew with the square of the site. ``adopt_fragments`` hands
them to the page's document before the doctree is written.
"""

from __future__ import annotations

import textwrap
from contextlib import contextmanager

from docutils import nodes
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils import base
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx


class FragmentRenderer(SphinxRenderer):
    """SphinxRenderer that does not build a default document it is about to discard."""

    def setup_render(self, options, env) -> None:
        # Upstream writes ``options.get("document", make_document())``: the default is built even
        # though Sphinx always passes the document (3 ms of option parsing per message).
        with _default_document(options["document"]):
            super().setup_render(options, env)


@contextmanager
def _default_document(document: nodes.document):
    original = base.make_document
    base.make_document = lambda *args, **kwargs: document
    try:
        yield
    finally:
        base.make_document = original


REST_LITERAL = "::\n\n"


class CachedMystParser(MystParser):
    """MystParser that keeps its markdown-it parser between parses of the same configuration."""

    _cached: tuple[MdParserConfig, MarkdownIt] | None = None
    _busy = False

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if inputstring.startswith(REST_LITERAL):
            # Sphinx wraps a translated code block (gettext_additional_targets = literal-block)
            # in reST's "::" notation and indents it; Markdown has no such notation and would
            # parse the code as prose (or as directives), so the block is made here.
            text = textwrap.dedent(inputstring[len(REST_LITERAL) :])
            document += nodes.literal_block(text, text)
            return
        # Front matter may change the configuration per file; and a parse that starts while
        # another is rendering (never seen, but cheap to allow) must not share its parser.
        if inputstring.startswith("---") or CachedMystParser._busy:
            super().parse(inputstring, document)
            return
        config: MdParserConfig = document.settings.env.myst_config
        cached = CachedMystParser._cached
        if cached is None or cached[0] is not config:
            cached = CachedMystParser._cached = (config, create_md_parser(config, FragmentRenderer))
        md = cached[1]
        md.options["document"] = document
        CachedMystParser._busy = True
        try:
            md.render(inputstring)
        finally:
            CachedMystParser._busy = False
            del md.options["document"]  # do not keep the last document alive


def adopt_fragments(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of the page belong to the page's document, not to a message's."""
    for node in doctree.findall():
        # ``_document`` is what the ``document`` property reads before asking the parent; docutils'
        # ``copy()`` passes it on, so a copied node of a message keeps the message's document.
        owner = node.__dict__.get("_document")
        if owner is not None and owner is not doctree:
            node.document = doctree


def setup_fragments(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.add_source_parser(CachedMystParser, override=True)
    app.connect("doctree-read", adopt_fragments)
