"""The sidebar navigation, rendered once per build (as mdBook's toc.js) instead of once per page.

sphinx-book-theme renders the whole toctree into every page, so build time and HTML size grow
with pages × pages. Here the full tree is written once to ``_static/papercache-nav.js``; each page
carries a small fallback (top-level entries and its own ancestors) that works without JavaScript,
and the script swaps in the full tree, marks the current page and opens its ancestors.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from bs4 import BeautifulSoup
from pydata_sphinx_theme.toctree import add_collapse_checkboxes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from . import labels
from .domain import get_domain
from .langswitch import TEMPLATES

NAV_JS = "papercache-nav.js"
SHARED_TEMPLATES = TEMPLATES / "shared-nav"


def full_tree(app: Sphinx) -> str:
    """Return the whole navigation as the theme would render it, links relative to the root."""
    builder = app.builder
    tree = global_toctree_for_doc(
        app.env, app.config.root_doc, builder, tags=builder.tags, collapse=False,
        includehidden=True, maxdepth=-1, titles_only=True,
    )  # fmt: skip
    if tree is None:
        return ""
    soup = BeautifulSoup(builder.render_partial(tree)["fragment"], "html.parser")
    for ul in soup("ul", recursive=False):
        ul["class"] = [*ul.get("class", []), "nav", "bd-sidenav"]
    # the theme's own <details> toggles, so it looks native (a helper of its toctree module, not a
    # stable API: pyproject.toml pins the theme)
    add_collapse_checkboxes(soup)
    for summary in soup("summary"):
        # the theme's toggle is an icon only; screen readers need to know what it opens
        link = summary.parent.find_previous_sibling("a")
        if link is not None:
            summary["aria-label"] = labels.text("subpages").format(title=link.get_text())
    return str(soup)


def write_nav(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: write the shared tree (every build, so it never goes stale)."""
    if exception is not None or not _enabled(app):
        return
    # "</" must not appear inside the script; JSON escaping keeps every title inert
    payload = json.dumps(full_tree(app), ensure_ascii=False).replace("</", "<\\/")
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    (static / NAV_JS).write_text(f"window.PAPERCACHE_NAV = {payload};\n", encoding="utf-8")


def parents(env: BuildEnvironment) -> dict[str, str]:
    """Map each document to the first document (in sorted order) whose toctree includes it."""

    def compute() -> dict[str, str]:
        result: dict[str, str] = {}
        for parent in sorted(env.toctree_includes):
            for child in env.toctree_includes[parent]:
                result.setdefault(child, parent)
        return result

    # once per build, not once per page: the toctrees are fixed once pages are read
    return get_domain(env).derived("parents", compute)


def fallback(app: Sphinx, pagename: str, pathto) -> str:
    """Top-level entries, with the chain down to *pagename* nested under its top ancestor."""
    env = app.env
    up = parents(env)
    chain = []
    doc = pagename
    if doc not in up and doc != app.config.root_doc:
        # a page outside the toctree (a generated tag page) sits under its folder's index
        section = doc.rpartition("/")[0] + "/index"
        if section in up:
            doc = section
    here = doc  # the entry marked as where the reader is
    while doc in up and doc != app.config.root_doc and doc not in chain:
        chain.append(doc)
        doc = up[doc]
    chain.reverse()

    def link(docname: str, current: bool) -> str:
        title = env.titles.get(docname)
        text = html.escape(title.astext() if title is not None else docname)
        cls = "reference internal" + (" current" if current else "")
        where = "page" if docname == pagename else "location"
        aria = f' aria-current="{where}"' if current else ""
        return f'<a class="{cls}" href="{html.escape(pathto(docname))}"{aria}>{text}</a>'

    def nested(level: int) -> str:
        if level >= len(chain):
            return ""
        doc = chain[level]
        current = doc == here
        cls = f"toctree-l{level + 2} current active" if not current else "current active"
        return f'<ul><li class="{cls}">{link(doc, current)}{nested(level + 1)}</li></ul>'

    items = []
    for top in env.toctree_includes.get(app.config.root_doc, []):
        on_path = bool(chain) and chain[0] == top
        cls = "toctree-l1" + (" current active" if on_path else "")
        inner = nested(1) if on_path else ""
        items.append(f'<li class="{cls}">{link(top, top == here)}{inner}</li>')
    return f'<ul class="nav bd-sidenav">{"".join(items)}</ul>'


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if _enabled(app):
        context["papercache_nav_fallback"] = fallback(app, pagename, context["pathto"])
        context["papercache_nav_js"] = NAV_JS
        context["papercache_nav_label"] = labels.text("site_nav")


def add_templates(app: Sphinx, config) -> None:
    if config.papercache_shared_navigation:
        # Our sbt-sidebar-nav.html takes precedence over the theme's component of that name.
        config.templates_path = [str(SHARED_TEMPLATES), *config.templates_path]


def _enabled(app: Sphinx) -> bool:
    return bool(app.config.papercache_shared_navigation) and app.builder.format == "html"


def setup_navigation(app: Sphinx) -> None:
    app.add_config_value("papercache_shared_navigation", False, "html", bool)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_context)
    app.connect("build-finished", write_nav)
