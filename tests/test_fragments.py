"""Translated messages parsed with a reused markdown-it parser give the same site as upstream's."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.parsers.rst import roles
from docutils.utils import new_document
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.sphinx_ import MystParser
from util import ROOT, html_pages, sphinx

for path in (ROOT, ROOT / "exts"):  # bench/ and papercache/ are top-level packages here
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from papercache import fragments  # noqa: E402

from bench.generate import generate  # noqa: E402


def build_en(src: Path, out: Path, parsing: str) -> tuple[dict[str, str], int]:
    """Build English; with "upstream", MyST's own parse replaces the cached one.

    Returns the pages and how many markdown-it parsers were made for messages.
    """
    made: list[int] = []
    create = fragments.create_md_parser
    with pytest.MonkeyPatch.context() as patch:
        if parsing == "upstream":
            patch.setattr(fragments.CachedMystParser, "parse", MystParser.parse)
        patch.setattr(fragments, "create_md_parser", lambda *args: made.append(1) or create(*args))
        build = sphinx(src / "docs", out, "-W", "-D", "language=en")
    assert build.returncode == 0, build.output
    return html_pages(out), len(made)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fully translated synthetic site (tables, code, roles, cards, tags), our parser."""
    tmp = tmp_path_factory.mktemp("fragments")
    generate(tmp / "site", 8)
    ours, made = build_en(tmp / "site", tmp / "ours", "ours")
    assert made == 1  # one for the whole build
    return tmp, ours


def test_english_site_equals_upstream_parsing(english) -> None:
    tmp_path, ours = english
    upstream, made = build_en(tmp_path / "site", tmp_path / "upstream", "upstream")
    assert made == 0
    assert ours.keys() == upstream.keys()
    for name, html in ours.items():
        assert html == upstream[name], name
    note = next(html for name, html in ours.items() if "/papers/" in name)
    assert "Copy BibTeX" in note and "<table" in note  # translated cards and tables were built


def test_translated_doctrees_do_not_carry_the_environment(english) -> None:
    tmp_path, _ = english
    doctrees = sorted((tmp_path / "ours.doctrees").rglob("*.doctree"))
    assert len(doctrees) > 8
    for path in doctrees:
        data = path.read_bytes()
        # a message's throw-away document, reached from a moved node, pickled its settings' env
        assert b"BuildEnvironment" not in data, path.name
        doctree = pickle.loads(data)
        strays = [node for node in doctree.findall() if node.document is not doctree]
        assert not strays, (path.name, strays[:3])


def test_setup_render_leaves_the_state_upstream_leaves() -> None:
    """FragmentRenderer repeats upstream's setup_render (no hook exists): the two must agree."""
    settings = get_default_settings(RSTParser)
    document = new_document("message", settings)
    config = MdParserConfig()
    md, states = MarkdownIt(), []
    for renderer_cls in (SphinxRenderer, fragments.FragmentRenderer):
        renderer = renderer_cls(md)
        made = set(vars(renderer))  # what the constructor set (bound to the renderer itself)
        renderer.setup_render({"myst_config": config, "document": document}, {"env": 1})
        states.append({k: v for k, v in vars(renderer).items() if k not in made})
    assert fragments.MYST_CHECKED, "myst-parser changed: check FragmentRenderer.setup_render"
    assert states[0].keys() == states[1].keys()
    for name, value in states[0].items():
        assert states[1][name] == value or states[1][name] is value, name


def _nested_role(parsed: list[nodes.document]):
    """A role that parses its text as a message of its own, while the page's parse renders."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        inner = new_document("inner", inliner.document.settings)
        fragments.CachedMystParser().parse(f"*{text}*", inner)
        parsed.append(inner)
        return [nodes.Text("[nested]")], []

    return role


@pytest.mark.sphinx("html", testroot="basic")
def test_a_parse_during_a_parse_gets_its_own_parser(app, monkeypatch) -> None:
    parsed: list[nodes.document] = []
    monkeypatch.setitem(roles._roles, "nested", _nested_role(parsed))
    settings = get_default_settings(RSTParser)
    settings.env = app.env
    outer = new_document("outer", settings)
    fragments.CachedMystParser().parse("before {nested}`inside` after **bold**", outer)
    # the rest of the outer message went on into its own document, not into the inner one
    assert outer.astext() == "before [nested] after bold"
    assert outer.next_node(nodes.strong) is not None
    assert [doc.astext() for doc in parsed] == ["inside"]
    assert parsed[0].next_node(nodes.emphasis) is not None
    # and the outer parse reused the build's parser afterwards, as before
    again = new_document("again", settings)
    fragments.CachedMystParser().parse("plain", again)
    assert again.astext() == "plain"
