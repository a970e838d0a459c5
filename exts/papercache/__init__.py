"""PaperCache: paper cards from references.bib, paper lists, a translated tag vocabulary."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .anchors import setup_anchors
from .bibexport import setup_bibexport
from .cards import setup_cards
from .checks import setup_checks
from .chrome import setup_chrome
from .citations import setup_citations
from .domain import PaperCacheDomain
from .extract import setup_extract
from .feeds import setup_feeds
from .fragments import setup_fragments
from .glossary import setup_glossary
from .graph import setup_graph
from .invalidation import setup_invalidation
from .labels import setup_labels
from .langswitch import setup_langswitch
from .listing import setup_listing
from .mathml import setup_mathml
from .navigation import setup_navigation
from .nodes import setup_nodes
from .pagefind import setup_pagefind
from .pocheck import setup_pocheck
from .roles import setup_roles
from .search import setup_search
from .seo import setup_seo
from .singlehtml import setup_singlehtml
from .tags import setup_tags
from .translation import setup_translation

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx, config) -> None:
    # a new list: when conf.py sets none, the value is Sphinx's default, shared by every app
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("papercache_layers", {}, "env", dict)
    app.add_config_value("papercache_tag_vocabulary", "tags/index", "env", str)
    # True when the theme prints the whole navigation into every page (book theme's sidebar):
    # then a new, removed or retitled page makes every page stale.
    app.add_config_value("papercache_nav_in_every_page", False, "html", bool)
    app.add_config_value("papercache_languages", {}, "html", dict)
    app.add_config_value("papercache_language_roots", {}, "html", dict)
    app.add_domain(PaperCacheDomain)
    for setup_concern in (
        setup_fragments,
        setup_extract,
        setup_nodes,
        setup_labels,
        setup_cards,
        setup_listing,
        setup_mathml,
        setup_tags,
        setup_glossary,
        setup_roles,
        setup_checks,
        setup_citations,
        setup_pocheck,
        setup_translation,
        setup_invalidation,
        setup_search,
        setup_pagefind,
        setup_langswitch,
        setup_navigation,
        setup_chrome,
        setup_anchors,
        setup_graph,
        setup_bibexport,
        setup_feeds,
        setup_seo,
        setup_singlehtml,
    ):
        setup_concern(app)
    app.connect("config-inited", _add_static)
    app.add_css_file("papercache.css")
    app.add_js_file("papercache.js", loading_method="defer")
    return {
        "version": __version__,
        "env_version": 1,
        # Both flags are proven by tests/test_parallel.py (-j 2 output equals -j 1 output).
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
