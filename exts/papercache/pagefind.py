"""Pagefind search: pages marked up with their facets, indexed after the build, one search page.

With ``papercache_search = "pagefind"`` Sphinx's own index is not built and no page loads it;
the Pagefind index (``pagefind/`` in the output) is fetched in chunks by the search page only.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import facets, segment, views

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates" / "pagefind"
ENGINES = ("pagefind", "sphinx")
BUNDLE = "pagefind"
# Inside the page body, what is not the page's own prose: permalinks, the BibTeX entry, the
# card's buttons and "Cited in" list, bibliographies (other papers' titles would match their
# names), and the language switcher.
EXCLUDE = (
    ".headerlink",
    "ul.simple[id]",  # a page's {bibliography} (`:list: bullet`; plain lists have no id)
    ".pc-bibtex-block",
    ".pc-card-links",
    ".pc-cited-in",
    ".citation-list",
    ".pc-lang-switch",
    ".pc-tag-items",  # a tag page's lists: other pages' titles, found on those pages
    ".pc-page-meta",  # the status badge and tag chips under the title (the facets hold them)
    ".pc-card .pc-tags",
)
# Pagefind's BM25-style ranking (its defaults: pageLength 0.75, termSaturation 1.4): long
# chapters that treat a term throughout are what a reader means, more than short pages with it
# once. Measured with `python -m bench.search` on tests/search_queries.py.
RANKING = {"pageLength": 0.3, "termSaturation": 1.4, "termFrequency": 1.0}
# A tag page is a listing: its title weighs as text, not as a heading (Pagefind's h1 weighs 7),
# so the pages that treat a topic come before the page that lists them.
TAG_TITLE_WEIGHT = "1"
TAGS = re.compile(r"<[^>]+>")
BODY = "<div data-pagefind-body>"
# The Chinese pages are indexed (and searched) as this language: no segmentation of their own.
INDEX_LANGUAGE = "en"
WORDS = "papercache-words.gz"  # the Chinese index's vocabulary, for splitting queries


def enabled(app: Sphinx) -> bool:
    builder = getattr(app, "builder", None)
    return (
        app.config.papercache_search == "pagefind"
        and builder is not None
        and builder.name in ("html", "dirhtml")
    )


def check_config(app: Sphinx, config) -> None:
    if config.papercache_search not in ENGINES:
        logger.warning(
            f"papercache_search = {config.papercache_search!r}: choose from {', '.join(ENGINES)}",
            type="papercache",
            subtype="config",
        )
        config.papercache_search = "sphinx"
    if config.papercache_search == "pagefind":
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def skip_sphinx_index(app: Sphinx) -> None:
    """Build no searchindex.js: nothing loads it, and indexing is a good part of the build."""
    if enabled(app):
        app.builder.search = False


def search_page(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    # Sphinx writes search.html only while its own index is on; ours replaces both.
    if enabled(app):
        yield "search", {}, "search.html"


def _plain(title: str) -> str:
    return html.unescape(TAGS.sub("", title)).strip()


def _span(attribute: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{attribute}="{name}">{html.escape(value)}</span>'


def page_markup(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Mark the page's content as the indexed body and attach its facets, title and paper."""
    if not enabled(app):
        return
    if pagename == "search":
        context["papercache_search"] = search_context(app)
        return
    if "body" not in context or pagename == "genindex":
        return  # not marked: Pagefind indexes only pages with a data-pagefind-body
    env = app.env
    title = _plain(context.get("title", "")) or pagename
    page = facets.page_facets(env, pagename, title)
    kind = [facets.text(f"type_{page.type}")]
    if page.layer:
        kind.append(views.layer_title(env, page.layer))
    spans = [_span("meta", "title", title), _span("meta", "kind", " · ".join(kind))]
    if page.paper:
        spans.append(_span("meta", "paper", page.paper))
    spans.append(_span("filter", "type", page.type))
    if page.layer:
        spans.append(_span("filter", "layer", page.layer))
    spans += [_span("filter", "tag", slug) for slug in page.tags]
    spans += [_span("filter", "year", year) for year in page.years]
    spans += [_span("filter", "status", status) for status in page.statuses]
    # every page gets a sort key, so a date-ordered listing keeps chapters (after the papers)
    spans.append(_span("sort", "date", page.date or "0000"))
    # data-pagefind-ignore: not indexed as text, while its meta, filters and sort still count
    hidden = f"<div hidden data-pagefind-ignore>{''.join(spans)}</div>"
    body = context["body"]
    if page.type == "tag":
        body = body.replace("<h1>", f'<h1 data-pagefind-weight="{TAG_TITLE_WEIGHT}">', 1)
    context["body"] = f"<div data-pagefind-body>{hidden}{body}</div>"


def search_context(app: Sphinx) -> dict:
    """Facet options and labels for the search page template and its script."""
    env = app.env
    options = facets.options(env)
    text = {name: facets.text(name) for name in facets.TEXT}
    chinese = env.config.language.startswith("zh")
    return {
        "facets": options,
        "text": text,
        "config": json.dumps(
            {
                "bundle": f"{BUNDLE}/pagefind.js",
                "words": f"{BUNDLE}/{WORDS}" if chinese else "",
                "language": INDEX_LANGUAGE if chinese else "",
                "ranking": RANKING,
                "facets": [name for name, _label, _values in options],
                "labels": {
                    name: {value: label for value, label in values}
                    for name, _label, values in options
                },
                "text": text,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).replace("</", "<\\/"),
    }


def command(site: Path, bundle: Path, language: str = "") -> list[str]:
    """The Pagefind command line that indexes the pages under *site* into *bundle*."""
    from pagefind_bin_extended import get_executable  # the build with Chinese segmentation

    cmd = [str(get_executable()), "--site", str(site), "--output-path", str(bundle), "--silent"]
    # pages are linked as files (x/index.html), so the site also works opened from disk
    cmd.append("--keep-index-url")
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    if language:
        cmd += ["--force-language", language]
    return cmd


def index_site(site: Path, language: str, userdict: str | None = None) -> float:
    """Index the built *site* into site/pagefind (replaced); return the seconds taken."""
    start = time.perf_counter()
    bundle = site / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no fragments of removed pages survive
    if not language.startswith("zh"):
        _run(command(site, bundle))
        return time.perf_counter() - start
    vocabulary: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="papercache-pagefind-") as tmp:
        for path in sorted(site.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            at = text.find(BODY)
            if at < 0:
                continue  # not a searchable page
            # the hidden facets come first (titles and labels there keep their spelling); the
            # article ends the indexed part, so sidebars and footer are not segmented for nothing
            stop = text.find("</article>", at)
            stop = len(text) if stop < 0 else stop
            facets_end = text.index("</div>", at)
            text = segment.segment_html(text[:stop], facets_end, userdict, vocabulary) + text[stop:]
            copy = Path(tmp) / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
        # words split at our spaces only, Latin words stemmed
        _run(command(Path(tmp), bundle, language=INDEX_LANGUAGE))
    segment.write_vocabulary(bundle / WORDS, vocabulary)
    return time.perf_counter() - start


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"pagefind failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


def build_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not enabled(app):
        return
    try:
        seconds = index_site(
            Path(app.outdir), app.config.language, app.config.html_search_options.get("dict")
        )
    except ImportError:
        logger.warning(
            "papercache_search = 'pagefind' needs the pagefind[extended] package "
            "(the `docs` dependency group)",
            type="papercache",
            subtype="search",
        )
        return
    except (OSError, RuntimeError) as exc:
        logger.warning(f"search index not built: {exc}", type="papercache", subtype="search")
        return
    logger.info(f"pagefind: search index built in {seconds:.1f} s")


def setup_pagefind(app: Sphinx) -> None:
    app.add_config_value("papercache_search", "sphinx", "html", str)
    app.connect("config-inited", check_config)
    app.connect("builder-inited", skip_sphinx_index)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", page_markup)
    app.connect("build-finished", build_index)
