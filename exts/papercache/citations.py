"""sphinxcontrib-bibtex's ``cite`` domain with bibliography filtering that scales.

Upstream, every bibliography scans every citation of the site for every bib entry to learn
which documents cite it: bibliographies × entries × citations. With a local bibliography on
each note that is cubic in the size of the site. This subclass indexes the citing documents once
per build and, for the per-page filter ``docname in docnames``, looks only at the keys the page
cites. Results (and their order) are the same as upstream's; tests/test_citations.py checks it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

LOCAL_FILTER = ast.dump(ast.parse("docname in docnames"))


class PaperCacheBibtexDomain(BibtexDomain):
    """The upstream domain, with citing documents indexed once per build."""

    _index: tuple[dict[str, set[str]], dict[str, set[str]], dict] | None = None

    def env_updated(self) -> Iterable[str]:
        self._index = None  # citations may have changed since the last build
        return super().env_updated()

    def citation_index(self) -> tuple[dict[str, set[str]], dict[str, set[str]], dict]:
        """Return (key -> citing docnames, docname -> cited keys, bibfile -> key positions)."""
        if self._index is None:
            by_key: dict[str, set[str]] = defaultdict(set)
            by_doc: dict[str, set[str]] = defaultdict(set)
            for ref in self.citation_refs:
                for target in ref.targets:
                    by_key[target.key].add(ref.docname)
                    by_doc[ref.docname].add(target.key)
            self._index = (dict(by_key), dict(by_doc), {})
        return self._index

    def get_filtered_entries(self, bibliography_key):
        bibliography = self.bibliographies[bibliography_key]
        by_key, by_doc, positions = self.citation_index()
        here = bibliography_key.docname
        if ast.dump(bibliography.filter_) == LOCAL_FILTER:
            prefix = bibliography.keyprefix
            wanted = {k[len(prefix) :] for k in by_doc.get(here, ()) if k.startswith(prefix)}
            wanted |= set(bibliography.keys)
            for bibfile in bibliography.bibfiles:
                keys = self.bibdata.bibfiles[bibfile].keys
                if bibfile not in positions:
                    positions[bibfile] = {key: i for i, key in enumerate(keys)}
                order = positions[bibfile]
                for key in sorted((k for k in wanted if k in order), key=order.__getitem__):
                    yield prefix + key, self.bibdata.data.entries[key]
            return
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            visitor = _FilterVisitor(
                entry=entry, docname=here, cited_docnames=by_key.get(key, set())
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError:
                # upstream reports the syntax error and recovers; let it do both
                yield from super().get_filtered_entries(bibliography_key)
                return
            if success or entry.key in bibliography.keys:
                yield key, entry


def setup_citations(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(PaperCacheBibtexDomain, override=True)
