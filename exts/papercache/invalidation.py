"""Incremental builds: rewrite a page whenever what it shows from *other* pages has changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import bib
from .domain import PER_DOC, get_domain
from .listing import group_label, rows
from .render import doc_title
from .roles import paper_label


def shown_data(env: BuildEnvironment, docname: str) -> list:
    """Return everything *docname* renders that comes from outside its own source."""
    domain = get_domain(env)
    index = domain.index
    entries = bib.for_env(env).entries

    def labels_of(slugs: Iterable[str]) -> list:
        return [
            (s, index.tags[s].label, index.tags[s].description) if s in index.tags else s
            for s in slugs
        ]

    shown: list = []
    for card in domain.data["cards"].get(docname, []):
        key = card["key"]
        entry = entries.get(key)
        first = index.cards.get(key)
        shown.append(
            (
                "card",
                key,
                entry.raw if entry else None,
                first.docname if first else None,
                [(doc, doc_title(env, doc)) for doc in index.cited_in.get(key, [])],
                labels_of(card["tags"]),
            )
        )
    meta = domain.data["page_meta"].get(docname)
    if meta:
        shown.append(("meta", labels_of(meta["tags"])))
    for tag in domain.data["tagdefs"].get(docname, []):
        shown.append(
            ("tagdef", tag["slug"], domain.tag_count(tag["slug"]), labels_of([tag["slug"]]))
        )
    for query in domain.data["listings"].get(docname, []):
        found = rows(env, query)
        shown.append(
            (
                "list",
                found,
                [group_label(env, r, query["group_by"]) for r in found],
                [labels_of(r.tags) for r in found],
            )
        )
    for key, _line in domain.data["paper_refs"].get(docname, []):
        card = index.cards.get(key)
        shown.append(("ref", key, card.docname if card else None, paper_label(env, key)))
    for slug, _line in domain.data["tag_refs"].get(docname, []):
        shown.append(("tagref", labels_of([slug])))
    return shown


def refresh_fingerprints(env: BuildEnvironment, stored: dict, docnames: set, shown) -> list[str]:
    """Update *stored* digests of ``shown(env, docname)``; return the pages whose digest changed."""
    changed = []
    for docname in sorted(docnames & set(env.all_docs)):
        digest = hashlib.sha256(repr(shown(env, docname)).encode()).hexdigest()
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
    docnames = set().union(*(domain.data[name] for name in PER_DOC))
    changed = refresh_fingerprints(env, stored, docnames, shown_data)
    retitled = navigation_changes(app, env)
    outdated_tag_pages(env)
    return changed + retitled


def tag_page_data(env: BuildEnvironment, slug: str, nav: object) -> tuple:
    """Everything the generated page of *slug* shows."""
    index = get_domain(env).index
    entries = bib.for_env(env).entries
    tag = index.tags[slug]
    papers = []
    for key in index.tagged_papers.get(slug, []):
        entry = entries.get(key)
        card = index.cards[key]
        papers.append((key, card.docname, entry.raw if entry else None))
    pages = [(doc, doc_title(env, doc)) for doc in index.tagged_pages.get(slug, [])]
    vocabulary = doc_title(env, env.config.papercache_tag_vocabulary)
    return (tag.label, tag.description, pages, papers, vocabulary, nav)


def outdated_tag_pages(env: BuildEnvironment) -> None:
    """Note which tag pages must be regenerated: those whose data changed since the last build."""
    domain = get_domain(env)
    stored = domain.data.setdefault("tag_pages", {})
    nav = domain.data.get("navigation", {}).get("*")
    current = {
        slug: hashlib.sha256(repr(tag_page_data(env, slug, nav)).encode()).hexdigest()
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
    stored = domain.data.setdefault("navigation", {})
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
    app.connect("env-updated", outdated_pages)
