"""A link on every page to the same page in the other language(s)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import labels
from .render import page_uri, to_root

TEMPLATES = Path(__file__).parent / "templates"


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the switcher's targets into the page context (used by lang-switch.html)."""
    roots = app.config.papercache_language_roots
    names = app.config.papercache_languages
    current = app.config.language
    up, page = to_root(app.builder, pagename), page_uri(app.builder, pagename)
    context["papercache_lang_label"] = labels.text("language")
    context["papercache_languages"] = [
        {
            "code": code,
            "name": names.get(code, code),
            "url": f"{up}{roots[code]}{page}",
            "current": code == current,
        }
        for code in sorted(roots, key=lambda c: (c != current, c))
    ]


def add_templates(app: Sphinx, config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_langswitch(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_context)
