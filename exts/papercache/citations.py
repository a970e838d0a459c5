"""sphinxcontrib-bibtex's ``cite`` domain with bibliography filtering that scales.

Upstream, every bibliography scans every citation of the site for every bib entry to learn
which documents cite it: bibliographies × entries × citations. With a local bibliography on
each note that is cubic in the size of the site. This subclass indexes the citing documents once
per build and, for the per-page filter ``docname in docnames``, looks only at the keys the page
cites. Results (and their order) are the same as upstream's; tests/test_citations.py checks it.

Upstream's bibliography directive also makes a citation node for every entry of the .bib, in
every bibliography, to know their ids before it knows which it will show: pages × entries nodes
in the environment and the doctrees (26 MB of pickled environment at 400 pages, growing with the
square of the site). A page-local bibliography can only show what its own page cites, so the
other nodes are dropped as soon as the page is read.

Upstream sorts each bibliography by citation order by sorting every citation of the site with
``docnames.index`` as the key, once per bibliography: bibliographies × citations × pages, which
at 1,600 pages had not finished after 10 minutes. Here the first position of each key in that order
is computed once per build.

Upstream also formats every entry of every bibliography again on every build, incremental ones
included, so a one-line edit pays for the whole site's pybtex formatting. The formatted entries
are kept in the environment, keyed by what determines them, until a .bib file changes.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from collections.abc import Iterable

import pybtex.plugin
from docutils import nodes
from pybtex.richtext import Tag
from pybtex.style import FormattedEntry
from pybtex.style.formatting.plain import Style as PlainStyle
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

LOCAL_FILTER = ast.dump(ast.parse("docname in docnames"))


class PaperCacheBibtexDomain(BibtexDomain):
    """The upstream domain, with citing documents indexed once per build."""

    _index: tuple[dict[str, set[str]], dict[str, set[str]], dict] | None = None

    _first_cited: tuple[list[str], dict[str, int]] | None = None

    def env_updated(self) -> Iterable[str]:
        self._index = None  # citations may have changed since the last build
        self._first_cited = None
        stored = self.data.get("formatted")
        fingerprint = self.bibdata_fingerprint()
        self._formatted_old = stored[1] if stored and stored[0] == fingerprint else {}
        self._formatted_new: dict[tuple, list] = {}
        try:
            return super().env_updated()
        finally:
            # only what this build used is kept, so the cache never outgrows the site
            self.data["formatted"] = (fingerprint, self._formatted_new)
            del self._formatted_old, self._formatted_new

    def bibdata_fingerprint(self) -> tuple:
        """What the parsed .bib data depends on (upstream re-parses on the same condition)."""
        files = sorted((str(path), bib.mtime) for path, bib in self.bibdata.bibfiles.items())
        return (self.bibdata.encoding, tuple(files))

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        """Upstream's formatted entries, reused while the entries, order and style are the same."""
        if not hasattr(self, "_formatted_new"):  # called outside env_updated: no cache
            yield from super().get_formatted_entries(
                bibliography_key, docnames, tooltips, tooltips_style
            )
            return
        bibliography = self.bibliographies[bibliography_key]
        keys = tuple(key for key, _entry in self.get_sorted_entries(bibliography_key, docnames))
        cache_key = (bibliography.style, bibliography.labelprefix, tooltips, tooltips_style, keys)
        formatted = self._formatted_new.get(cache_key) or self._formatted_old.get(cache_key)
        if formatted is None:
            formatted = list(
                super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)
            )
        # An entry upstream could not format (it has warned) is formatted, and warned, again.
        if not any(_is_error(entry) for _, entry, _ in formatted):
            self._formatted_new[cache_key] = formatted
        yield from formatted

    def first_cited(self, docnames: list[str]) -> dict[str, int]:
        """Rank of each key's first citation, pages in *docnames* order (upstream's order)."""
        # env_updated passes one docnames list to every bibliography: computed once for it
        if self._first_cited is None or self._first_cited[0] is not docnames:
            position = {docname: i for i, docname in enumerate(docnames)}
            first: dict[str, int] = {}
            for ref in sorted(self.citation_refs, key=lambda ref: position[ref.docname]):
                for target in ref.targets:
                    first.setdefault(target.key, len(first))
            self._first_cited = (docnames, first)
        return self._first_cited[1]

    def get_sorted_entries(self, bibliography_key, docnames):
        """Filtered entries, cited ones first in citation order, then the rest in .bib order."""
        entries = dict(self.get_filtered_entries(bibliography_key))
        first = self.first_cited(docnames)
        for key in sorted((key for key in entries if key in first), key=first.__getitem__):
            yield key, entries.pop(key)
        yield from entries.items()

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


class PaperCacheStyle(PlainStyle):
    """pybtex's "plain", formatting each entry once per process, not once per bibliography.

    A note's entry also appears in every page that cites it and in the site bibliography; the
    text depends only on the entry and the style (the label is attached after formatting).
    """

    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None:  # crossref resolution reads other entries: not memoised
            return super().format_entry(label, entry, bib_data)
        memo = _FORMATTED.setdefault((type(self.name_style), self.abbreviate_names), {})
        hit = memo.get(id(entry))
        if hit is None or hit[0] is not entry:  # a re-parsed .bib makes new entry objects
            formatted = super().format_entry(label, entry)
            memo[id(entry)] = (entry, formatted.text)
            return formatted
        return FormattedEntry(entry.key, hit[1], label)


_FORMATTED: dict[tuple, dict[int, tuple]] = {}


def prune_citation_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: keep only the citation nodes a page-local bibliography can show."""
    domain = app.env.get_domain("cite")
    docname = app.env.docname
    mine = [(key, b) for key, b in domain.bibliographies.items() if key.docname == docname]
    local = [b for _, b in mine if ast.dump(b.filter_) == LOCAL_FILTER]
    if not local:
        return
    cited = set()
    # The page's references were appended while it was read (its old ones were cleared first),
    # so they end the list: looking only there keeps this linear in the size of the site.
    for ref in reversed(domain.citation_refs):
        if ref.docname != docname:
            break
        cited.update(target.key for target in ref.targets)
    for bibliography in local:
        prefix = bibliography.keyprefix
        keep = {key for key in cited if key.startswith(prefix)}
        keep |= {prefix + key for key in bibliography.keys}
        for key in [key for key in bibliography.citation_nodes if key not in keep]:
            for id_ in bibliography.citation_nodes.pop(key)["ids"]:
                doctree.ids.pop(id_, None)  # the ids stay assigned: the shown ones do not move


def _is_error(formatted) -> bool:
    """Whether *formatted* is upstream's stand-in for an entry with a missing field."""
    return isinstance(formatted.text, Tag) and formatted.text.name == "b"


@functools.cache
def _entry_points(*, group: str, name: str):
    return tuple(_ENTRY_POINTS(group=group, name=name))


_ENTRY_POINTS = pybtex.plugin.entry_points


def setup_citations(app: Sphinx) -> None:
    # pybtex scans every installed distribution's metadata on each plugin lookup (~8 ms), and
    # sphinxcontrib-bibtex looks one up per bibliography and per citation; installed packages do
    # not change during a build. Plugins registered at run time are still checked first.
    pybtex.plugin.entry_points = _entry_points
    pybtex.plugin.register_plugin("pybtex.style.formatting", "papercache", PaperCacheStyle)
    app.connect("doctree-read", prune_citation_nodes)
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(PaperCacheBibtexDomain, override=True)
