"""How far each translated page is behind its source: build warnings and a banner for readers."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import CatalogRepository
from sphinx.util.nodes import extract_messages

from . import labels
from .extract import needs_translation
from .options import warn
from .pocheck import read_catalog
from .render import Renderer, page_uri, to_root


def is_translation(config) -> bool:
    """True when this build shows a translation of the source language."""
    return bool(config.locale_dirs) and config.language != config.papercache_source_language


@dataclass(frozen=True)
class Coverage:
    """Message counts of one catalog; fuzzy counts as not translated."""

    total: int
    translated: int
    fuzzy: int
    revised: str  # the catalog's PO-Revision-Date ("" if unset)

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(catalog) -> Coverage:
    """Count the messages of a babel catalog."""
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.string and m.fuzzy)
    translated = sum(1 for m in messages if m.string and not m.fuzzy)
    revised = catalog.revision_date
    stamp = revised.strftime("%Y-%m-%d") if hasattr(revised, "strftime") else ""
    return Coverage(len(messages), translated, fuzzy, stamp)


def read_coverage(path: Path) -> Coverage:
    return coverage(read_catalog(path))


def catalogs_of(srcdir: str | Path, config: Config, language: str) -> dict[str, Path]:
    """The page catalogs of *language*, by docname."""
    repo = CatalogRepository(srcdir, config.locale_dirs, language, config.source_encoding)
    return {c.domain: Path(os.path.normpath(c.po_path)) for c in repo.catalogs}


def check_coverage(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: warn about pages whose catalog is missing or below the threshold."""
    threshold = app.config.papercache_translation_threshold
    if threshold is None or not is_translation(app.config):
        return
    found = catalogs_of(app.srcdir, app.config, app.config.language)
    for docname in sorted(env.found_docs):
        path = found.get(docname)
        if path is None:
            warn(
                f"no {app.config.language} catalog for this page: it is shown untranslated; "
                f"run `nox -s i18n -- update --only {docname}`",
                (docname, 1),
                "translation",
            )
            continue
        counts = read_coverage(path)
        if counts.percent < threshold:
            warn(
                f"{counts.untranslated} untranslated and {counts.fuzzy} fuzzy of {counts.total} "
                f"messages (below papercache_translation_threshold = {threshold:g}%); "
                f"run `nox -s i18n -- todo {docname}`",
                f"{path}:1",
                "translation",
            )


class TranslationBanner(SphinxTransform):
    """Tell readers which sections still show the source text (untranslated or fuzzy)."""

    default_priority = 25  # after sphinx.transforms.i18n.Locale (20) has translated the page

    def apply(self, **kwargs) -> None:
        if not is_translation(self.config):
            return
        behind: list[str] = []
        for node, message in extract_messages(self.document):
            if node.get("translated") or not needs_translation(message):
                continue
            title = _section_title(node)
            if title not in behind:
                behind.append(title)
        if behind:
            _insert(self.document, banner(behind))


def _section_title(node: nodes.Node) -> str:
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    if node is None or not isinstance(node[0], nodes.title):
        return ""
    return node[0].astext()


def banner(sections: list[str]) -> nodes.Element:
    """The banner's nodes; the link to the source page is resolved per builder."""
    box = nodes.container(classes=["pc-translation-behind"], role="note")
    para = nodes.paragraph()
    para += nodes.Text(labels.text("translation_behind") + " ")
    para += nodes.inline(text="; ".join(s for s in sections if s), classes=["pc-behind-sections"])
    para += nodes.Text(" ")
    para += nodes.reference("", labels.text("read_source"), refuri="", classes=["pc-source-link"])
    box += para
    return box


def _insert(document: nodes.document, box: nodes.Element) -> None:
    section = next(iter(document.findall(nodes.section)), None)
    if section is not None and len(section) and isinstance(section[0], nodes.title):
        section.insert(1, box)
    else:
        document.insert(0, box)


class SourceLink(Renderer):
    """Point the banner's link at this page in the source language (the switcher's target)."""

    default_priority = 200

    def run(self, **kwargs) -> None:
        roots = self.config.papercache_language_roots
        source = self.config.papercache_source_language
        builder = self.builder
        html = isinstance(builder, StandaloneHTMLBuilder)
        if html:
            up, page = to_root(builder, self.env.docname), page_uri(builder, self.env.docname)
        for ref in list(self.document.findall(nodes.reference)):
            if "pc-source-link" in ref["classes"]:
                if not html:  # no pages of the other language beside text or LaTeX: plain text
                    ref.replace_self(nodes.inline(text=ref.astext()))
                elif source in roots:
                    ref["refuri"] = f"{up}{roots[source]}{page}"
                else:  # no known address for the source language: no link
                    ref.parent.remove(ref)


class TranslationStatus(SphinxDirective):
    """``{translation-status}``: per page and language, how much is translated (from the .po)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        source = self.config.papercache_source_language
        out: list[nodes.Node] = []
        for language in sorted(self.config.papercache_languages):
            if language == source:
                continue
            found = catalogs_of(self.env.srcdir, self.config, language)
            rows = []
            for docname in sorted(self.env.found_docs):
                path = found.get(docname)
                if path is not None:
                    self.env.note_dependency(str(path))  # re-read when a catalog changes
                counts = read_coverage(path) if path is not None else None
                rows.append((docname, counts))
            out.append(self._table(language, rows))
        return out

    def _table(self, language: str, rows) -> nodes.Element:
        headers = [labels.text(k) for k in ("status_page", "status_done", "status_fuzzy")]
        headers += [labels.text(k) for k in ("status_todo", "status_coverage", "status_revised")]
        table = nodes.table(classes=["pc-translation-status"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group += [nodes.colspec(colwidth=1) for _ in headers]
        head = nodes.thead()
        head += _row([nodes.Text(h) for h in headers])
        group += head
        body = nodes.tbody()
        for docname, counts in rows:
            link = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=False
            )
            link += nodes.inline(text=docname)
            if counts is None:
                cells = [link, *(nodes.Text("–") for _ in range(3))]
                cells += [nodes.Text(labels.text("status_no_catalog")), nodes.Text("")]
            else:
                cells = [link, nodes.Text(str(counts.translated)), nodes.Text(str(counts.fuzzy))]
                cells += [nodes.Text(str(counts.untranslated))]
                cells += [nodes.Text(f"{math.floor(counts.percent * 10) / 10:.1f}%")]
                cells += [nodes.Text(counts.revised)]
            body += _row(cells)
        group += body
        title = nodes.paragraph(classes=["pc-status-language"])
        title += nodes.strong(text=self.config.papercache_languages.get(language, language))
        box = nodes.container()
        box += [title, table]
        return box


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        para += cell
        entry += para
        row += entry
    return row


def setup_translation(app: Sphinx) -> None:
    app.add_config_value("papercache_source_language", "zh_CN", "env", str)
    # Below this per-page coverage (in %), a translated build warns; None checks nothing.
    app.add_config_value("papercache_translation_threshold", None, "env", (float, int, type(None)))
    app.connect("env-before-read-docs", check_coverage)
    app.add_transform(TranslationBanner)
    app.add_directive("translation-status", TranslationStatus)
    app.add_post_transform(SourceLink)
