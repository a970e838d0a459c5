"""MyST parsing of translated messages at the cost of the message, not of a parser's set-up.

Sphinx's i18n transform parses every translated message as a document of its own, and
myst-parser sets up each parse from scratch: a new markdown-it parser with all its plugins, and a
throw-away docutils document whose settings come from docutils' option parser. That set-up is
~7 ms, against well under 1 ms for a typical paragraph, and an English build parses one message
per paragraph, title and table cell: at 100 pages it was two thirds of the English build.
Here a parse without front matter reuses one markdown-it parser per build; sources with front
matter (whole pages) take upstream's path unchanged.

Nodes of a translated message that are moved into the page (cross-references, mostly) still name
the throw-away document as theirs, and its settings hold the build environment: each pickled
doctree carried a copy of the environment (4.8 MB per page at 1,600 pages, against 30 KB
untranslated), so the English build grew with the square of the site. ``adopt_fragments`` hands
them to the page's document before the doctree is written.
"""

from __future__ import annotations

import textwrap
import weakref

import myst_parser
from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# FragmentRenderer.setup_render repeats upstream's for these myst-parser versions (checked
# against 5.2.0; tests/test_fragments.py compares the two); other versions take upstream's.
MYST_VERSION = tuple(int(part) for part in myst_parser.__version__.split(".")[:2])
MYST_CHECKED = (5, 2) <= MYST_VERSION < (5, 3)


class FragmentRenderer(SphinxRenderer):
    """SphinxRenderer that does not build a default document it is about to discard."""

    def setup_render(self, options, env) -> None:
        # Upstream writes ``options.get("document", make_document())``: the default is built
        # (3 ms of docutils option parsing per message) though Sphinx always passes the document,
        # and there is no hook to avoid it, so its few lines are repeated here with the document
        # taken as given. No upstream issue yet (myst-parser would need the default built lazily).
        if not MYST_CHECKED or "document" not in options:
            super().setup_render(options, env)
            return
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}


REST_LITERAL = "::\n\n"


class _Parsers:
    """The markdown-it parser of one build environment, for the configuration it was made with."""

    def __init__(self) -> None:
        self.config: MdParserConfig | None = None
        self.md: MarkdownIt | None = None
        self.busy = False

    def parser(self, config: MdParserConfig) -> MarkdownIt:
        if self.md is None or self.config is not config:
            self.config, self.md = config, create_md_parser(config, FragmentRenderer)
        return self.md


# One entry per live environment, dropped when its build finishes (or the environment goes).
_PARSERS: weakref.WeakKeyDictionary[BuildEnvironment, _Parsers] = weakref.WeakKeyDictionary()


class CachedMystParser(MystParser):
    """MystParser that keeps its markdown-it parser between parses of the same build."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if inputstring.startswith(REST_LITERAL):
            # Sphinx wraps a translated code block (gettext_additional_targets = literal-block)
            # in reST's "::" notation and indents it; Markdown has no such notation and would
            # parse the code as prose (or as directives), so the block is made here.
            text = textwrap.dedent(inputstring[len(REST_LITERAL) :])
            document += nodes.literal_block(text, text)
            return
        env: BuildEnvironment = document.settings.env
        parsers = _PARSERS.setdefault(env, _Parsers())
        # Front matter may change the configuration per file; and a parse that starts while
        # another is rendering (never seen, but cheap to allow) must not share its parser.
        if inputstring.startswith("---") or parsers.busy:
            super().parse(inputstring, document)
            return
        md = parsers.parser(env.myst_config)
        md.options["document"] = document
        parsers.busy = True
        try:
            md.render(inputstring)
        finally:
            parsers.busy = False
            del md.options["document"]  # do not keep the last document alive


def release_parsers(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the parser lives as long as the build that made it."""
    _PARSERS.pop(app.env, None)


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
    app.connect("build-finished", release_parsers)
