"""Found and shared: hreflang alternates, feed links, page descriptions, a complete sitemap."""

from __future__ import annotations

import queue
import subprocess
from datetime import UTC, datetime
from html import escape

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import labels
from .domain import FEED, get_domain, tag_feed, tag_pagename, writes_tag_pages
from .feeds import summary
from .render import page_uri, to_root

logger = logging.getLogger(__name__)


def hreflang(code: str) -> str:
    return code.replace("_", "-")


def set_urls(app: Sphinx, config: Config) -> None:
    """Give every page its public URL: html_baseurl (canonical, sitemap, feeds), ogp_site_url."""
    public = config.papercache_site_urls.get(config.language)
    if public and not config.html_baseurl:
        config.html_baseurl = public
    if "ogp_site_url" in config and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def outside_git(app: Sphinx, config: Config) -> None:
    """A source tree outside git (an export, the benchmark's sites) has no dates: not an error."""
    if "sphinx_last_updated_by_git" not in config.extensions:
        return
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=app.srcdir, capture_output=True
        )
    except OSError:
        inside = None
    if inside is None or inside.returncode != 0:
        logger.info("not a git checkout: pages show no last-updated date, feeds no entries")
        config.suppress_warnings = [*config.suppress_warnings, "git.subprocess_error"]


def head_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the other languages, the feeds and the page's description to <head>."""
    config = app.config
    target = page_uri(app.builder, pagename)
    tags = []
    urls = config.papercache_site_urls
    if len(urls) > 1:
        for code in sorted(urls):
            href = urls[code] + target
            tags.append(f'<link rel="alternate" hreflang="{hreflang(code)}" href="{escape(href)}">')
        source = next(iter(config.papercache_languages), None) or config.language
        if source in urls:
            href = urls[source] + target
            tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(href)}">')
    feeds = []
    if writes_tag_pages(app.builder):  # feeds.write_feeds writes them beside the tag pages only
        feeds.append((FEED, f"{config.project} — {labels.text('feed_title')}"))
        tags_of_site = get_domain(app.env).index.tags
        slug = pagename.rpartition("/")[2]
        if slug in tags_of_site and tag_pagename(slug) == pagename:
            feeds.append((tag_feed(slug), f"{feeds[0][1]}: {tags_of_site[slug].label}"))
    up = to_root(app.builder, pagename)
    for href, title in feeds:
        tags.append(
            f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
            f'href="{escape(up + href)}">'
        )
    tags.append('<meta name="twitter:card" content="summary">')
    # a note is described by its card's summary (sphinxext-opengraph reads "og:" fields)
    if get_domain(app.env).data["cards"].get(pagename) and summary(app.env, pagename):
        text = summary(app.env, pagename)
        context["meta"] = {**(context.get("meta") or {}), "og:description": text}
        tags.append(f'<meta name="description" content="{escape(text)}">')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def local_sitemap_queue(app: Sphinx) -> None:
    """builder-inited: a plain queue for sphinx-sitemap, not one behind a manager process.

    The one override of sphinx-sitemap (checked against 2.9, the range pyproject.toml allows): it
    offers no setting for this. Its builder-inited handler always starts a
    ``multiprocessing.Manager`` for the queue (for -j; jdillard/sphinx-sitemap#47), and a round
    trip to that process for every page written cost more than the rest of this module. Pages
    queued by -j workers are lost here, but complete_sitemap lists every page again anyway
    (it lists only the pages written in this build: jdillard/sphinx-sitemap#13).
    """
    if hasattr(app, "sitemap_links"):  # sphinx-sitemap keeps it on the application
        app.sitemap_links = queue.Queue()


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """List every page in the sitemap, sorted: sphinx-sitemap sees only the pages written now."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or not writes_tag_pages(app.builder):
        return  # a single page (singlehtml) is listed by sphinx-sitemap as it is
    written = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        written[link] = lastmod
    pages = set(app.env.all_docs)
    pages |= {tag_pagename(slug) for slug in get_domain(app.env).index.tags}
    git = getattr(app.env, "git_last_updated", {})
    for page in pages:
        link = app.builder.get_target_uri(page)  # "x.html", or "x/" for dirhtml
        data = git.get(page)
        if data and data[0] is not None:
            when = datetime.fromtimestamp(int(data[0]), UTC)
            written[link] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            written.setdefault(link, None)
    excluded = set(getattr(app.config, "sitemap_excludes", []))
    for link in sorted(written):
        if link not in excluded:
            links.put((link, written[link]))


def setup_seo(app: Sphinx) -> None:
    app.add_config_value("papercache_site_urls", {}, "html", dict)
    app.connect("config-inited", set_urls, priority=600)
    app.connect("config-inited", outside_git)
    app.connect("html-page-context", head_links, priority=400)
    app.connect("builder-inited", local_sitemap_queue, priority=600)
    app.connect("build-finished", complete_sitemap, priority=400)
