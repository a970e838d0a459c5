"""Site-wide checks that need every page read: unknown keys and tags, duplicates, collisions."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import bib
from .bib import nearest
from .domain import get_domain, tag_pagename
from .options import warn


def _hint(word: str, choices) -> str:
    close = nearest(word, choices)
    return f' (did you mean "{close}"?)' if close else ""


def report_bib_problems(app: Sphinx) -> None:
    """Once per build, before sphinxcontrib-bibtex reads the files: each problem at its line."""
    for db in bib.for_env(app.env).files:
        for line, message in db.problems:
            warn(message, bib.location(db, line), "bib")


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn (sorted, so serial, parallel and incremental builds agree) about bad references."""
    domain = get_domain(env)
    index = domain.index
    keys = bib.for_env(env).entries
    vocab = index.tags
    vocab_doc = env.config.papercache_tag_vocabulary
    problems: list[tuple[str, int, str, str]] = []

    def unknown_key(docname: str, line: int, key: str, where: str = "") -> None:
        if key not in keys:
            message = f'unknown BibTeX key "{key}"{where}{_hint(key, keys)}'
            problems.append((docname, line, message, "key"))

    def unknown_tags(docname: str, line: int, slugs) -> None:
        for slug in slugs:
            if slug not in vocab:
                message = (
                    f'unknown tag "{slug}"{_hint(slug, vocab)}; tags are defined in {vocab_doc}'
                )
                problems.append((docname, line, message, "tag"))

    for docname, cards in domain.data["cards"].items():
        for card in cards:
            unknown_key(docname, card["line"], card["key"])
            unknown_tags(docname, card["line"], card["tags"])
    for first, again in index.duplicate_cards:
        problems.append(
            (
                again.docname,
                again.line,
                f'second card for "{again.key}" '
                f"(the first is at {env.doc2path(first.docname, False)}:{first.line})",
                "duplicate",
            )
        )
    # keys as sphinxcontrib-bibtex read them ({cite:p}`{see}key{p. 3}` cites "key")
    for ref in env.get_domain("cite").citation_refs:
        for target in ref.targets:
            unknown_key(ref.docname, ref.line, target.key, " in {cite}")
    for docname, refs in domain.data["paper_refs"].items():
        for key, line in refs:
            unknown_key(docname, line, key, " in {paper}")
            if key in keys and key not in index.cards:
                problems.append(
                    (
                        docname,
                        line,
                        f"{{paper}}`{key}` has no card on any page; add a "
                        f"{{paper}} card for it or cite it with {{cite}}",
                        "key",
                    )
                )
    for docname, refs in domain.data["tag_refs"].items():
        for slug, line in refs:
            unknown_tags(docname, line, [slug])
    for docname, meta in domain.data["page_meta"].items():
        unknown_tags(docname, meta["line"], meta["tags"])
    for first, again in index.duplicate_tags:
        problems.append(
            (
                again.docname,
                again.line,
                f'tag "{again.slug}" is defined twice '
                f"(first at {env.doc2path(first.docname, False)}:{first.line})",
                "duplicate",
            )
        )
    for slug, tag in index.tags.items():
        if tag_pagename(slug) in env.all_docs:
            problems.append(
                (
                    tag.docname,
                    tag.line,
                    f'the page of tag "{slug}" would overwrite the document '
                    f'"{tag_pagename(slug)}"; rename the tag or move the document',
                    "collision",
                )
            )
    shown = set(domain.data["cards"]) | set(domain.data["page_meta"])
    for docname in sorted(shown):
        title = env.titles.get(docname)
        if title is None or not title.astext() or title.astext() == "<no title>":
            problems.append(
                (
                    docname,
                    1,
                    "page has no title (start it with a # heading); lists and "
                    '"Cited in" would show its file name instead',
                    "title",
                )
            )
    for docname, line, message, subtype in sorted(problems):
        warn(message, (docname, line), subtype)


def check_output(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: every document must have its page.

    With -j, Sphinx 9 can lose an exception raised in a writer process and still exit 0 with
    pages missing; this turns that into a warning, which -W makes a failure.
    """
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name == "singlehtml":
        return
    for docname in sorted(app.env.found_docs):
        if not Path(builder.get_outfilename(docname)).exists():
            warn(
                f"{docname} was not written; a writer process failed (rebuild with -j 1 "
                "to see its error)",
                (docname, 0),
                "output",
            )


def setup_checks(app: Sphinx) -> None:
    app.connect("build-finished", check_output)
    app.connect("builder-inited", report_bib_problems, priority=390)
    app.connect("env-check-consistency", check)
