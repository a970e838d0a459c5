"""Incremental builds: rewrite a page whenever what it shows from *other* pages has changed."""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import views
from .domain import PER_DOC, get_domain
from .views import doc_title


def shown_data(env: BuildEnvironment, docname: str) -> list:
    """Return the views of every placeholder on *docname*: all it shows from other pages."""
    data = get_domain(env).data
    shown: list = [
        views.card(env, docname, position)
        for position in range(len(data["cards"].get(docname, ())))
    ]
    shown += [
        views.listing(env, docname, position)
        for position in range(len(data["listings"].get(docname, ())))
    ]
    shown.append(views.page_meta(env, docname))
    shown += [views.tag_entry(env, tag["slug"]) for tag in data["tagdefs"].get(docname, ())]
    shown += [views.paper_ref(env, key) for key, _line in data["paper_refs"].get(docname, ())]
    shown += [views.chip(env, slug) for slug, _line in data["tag_refs"].get(docname, ())]
    shown.append(views.citations(env, docname))
    shown.append(views.papers_shown(env, docname))
    return shown


def refresh_fingerprints(env: BuildEnvironment, stored: dict, docnames: set) -> list[str]:
    """Update *stored* digests of each page's views; return the pages whose digest changed."""
    changed = []
    for docname in sorted(docnames & set(env.all_docs)):
        digest = hashlib.sha256(repr(shown_data(env, docname)).encode()).hexdigest()
        if stored.get(docname) != digest:
            stored[docname] = digest
            changed.append(docname)
    for docname in set(stored) - docnames:
        del stored[docname]
    return changed


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: return the pages whose cross-page content differs from their last write."""
    domain = get_domain(env)
    stored = domain.data["fingerprints"]
    docnames = set().union(*(domain.data[name] for name in PER_DOC if name != "summaries"))
    docnames |= set(env.get_domain("cite").citation_index()[1])
    docnames |= set(env.get_domain("cite").bibliographies_by_doc())
    changed = refresh_fingerprints(env, stored, docnames)
    retitled = navigation_changes(app, env)
    outdated_tag_pages(env)
    return changed + retitled


def outdated_tag_pages(env: BuildEnvironment) -> None:
    """Note which tag pages must be regenerated: those whose view changed since the last build."""
    domain = get_domain(env)
    stored = domain.data["tag_pages"]
    nav = domain.data["navigation"].get("*")
    current = {
        slug: hashlib.sha256(repr((views.tag_page(env, slug), nav)).encode()).hexdigest()
        for slug in sorted(domain.index.tags)
    }
    domain.tag_pages_to_write = {slug for slug in current if stored.get(slug) != current[slug]}
    domain.data["tag_pages"] = current


def navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose navigation shows another page that was added, removed or retitled.

    Sphinx rewrites a changed page, but not the pages whose prev/next/parent links (or, with a
    theme that prints the whole navigation into every page, whose sidebar) show it.
    """
    domain = get_domain(env)
    stored = domain.data["navigation"]
    titles = {doc: doc_title(env, doc) for doc in env.all_docs}
    current: dict[str, object] = {}
    if app.config.papercache_nav_in_every_page:
        tree = sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())
        current["*"] = hashlib.sha256(repr((sorted(titles.items()), tree)).encode()).hexdigest()
    relations = env.collect_relations()
    for doc in sorted(env.all_docs):
        current[doc] = tuple((other, titles.get(other)) for other in relations.get(doc, ()))
    domain.data["navigation"] = current
    if not stored:
        return []  # first build: every page is written anyway
    if "*" in current and stored.get("*") != current["*"]:
        return sorted(env.all_docs)
    return [doc for doc in sorted(env.all_docs) if doc in stored and stored[doc] != current[doc]]


def setup_invalidation(app: Sphinx) -> None:
    # after sphinxcontrib-bibtex's env-updated (500), which decides what each bibliography holds
    app.connect("env-updated", outdated_pages, priority=900)
