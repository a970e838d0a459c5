"""sphinxcontrib-bibtex's ``cite`` domain, made linear in the size of the site; same output.

Each override, and the upstream change that would delete it (tests/test_citations.py checks
that the results equal upstream's):

- ``resolve_xref`` shown only the citations of the cited keys (``viewing``): upstream scans every
  citation of the site per reference; no upstream issue yet (#385 reworks the same lookup, for
  same-page preference, not for speed).
- ``get_filtered_entries`` from ``citation_index``: upstream evaluates the filter per entry
  against every citation reference; no upstream issue yet.
- ``get_sorted_entries``/``first_cited``: upstream sorts every citation by ``docnames.index``
  per bibliography; no upstream issue yet.
- formatted-entry cache (``get_formatted_entries``, ``PaperCacheStyle.format_entry``): upstream
  formats every bibliography again on every build; no upstream issue yet.
- ``LocalBibliographyDirective`` and ``complete_citation_nodes`` (with upstream's private
  ``_make_ids`` and the private ``bibtex_bibliography_count`` temp_data key): upstream makes a
  node for every entry of the .bib in every bibliography; no upstream issue yet.
- ``_FilterVisitor`` (private): needed while we evaluate filters ourselves; a public filter API
  would delete it; no upstream issue yet.
- the post-transform registry entry replaced by ``PaperCacheBibliographyTransform``: upstream
  has no hook to pass a transform the citations of one page; no upstream issue yet.
- ``note_citation_lines``: upstream records ``document.line`` for each citation, which MyST
  leaves unset, so an unknown key had no line; recording the role's own line upstream would
  delete it; no upstream issue yet.
- ``share_bibdata``: upstream's public ``BibData`` is filled from our parse, so each .bib is
  parsed once (public API; nothing to delete).

These reach private names: pyproject.toml pins sphinxcontrib-bibtex exactly.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pybtex.plugin
from docutils import nodes
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import (
    BibData,
    BibFile,
    _make_ids,
    get_mtime,
    is_bibdata_outdated,
)
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node
from sphinxcontrib.bibtex.transforms import BibliographyTransform

from . import bib
from .formatting import SafeBackend, format_entry, key_labels, setup_formatting

LOCAL_FILTER = ast.dump(ast.parse("docname in docnames"))
LOCAL_BIBLIOGRAPHIES = "papercache_local_bibliographies"  # temp_data: BibliographyKey -> count


class PaperCacheBibtexDomain(BibtexDomain):
    """The upstream domain, with citing documents indexed once per build."""

    backend = SafeBackend()  # only http(s) links, in every bibliography and citation

    bibfiles: bib.BibFiles | None = None  # this build's .bib files (read_bibfiles)

    _index: tuple[list, int, tuple[dict[str, set[str]], dict[str, set[str]]]] | None = None

    _by_doc: tuple[dict, int, dict[str, list[BibliographyKey]]] | None = None

    _styles: dict[str, object] | None = None  # formatting styles, one per name, during env_updated

    _first_cited: tuple[list[str], dict[str, int]] | None = None

    _only_keys: set[str] | None = None  # set while a page-local bibliography directive runs

    _indexes: dict[tuple[str, str], tuple[list, int, dict]] | None = None

    _positions: dict | None = None

    _citations_view: list | None = None  # set while a citation or a page's bibliographies
    _citation_refs_view: list | None = None  # are resolved: only what upstream would pick

    @property
    def citations(self):
        """Upstream's citation entries, or the subset that can match what is being resolved."""
        view = self._citations_view
        return self.data["citations"] if view is None else view

    @property
    def citation_refs(self):
        """Upstream's citation references, or the subset that can match a page's lists."""
        view = self._citation_refs_view
        return self.data["citation_refs"] if view is None else view

    def indexed(self, data_key: str, field: str) -> dict[object, list[tuple[int, object]]]:
        """Map each value of *field* to (position, item) of the items of ``data[data_key]``."""
        items = self.data[data_key]
        if self._indexes is None:
            self._indexes = {}
        cached = self._indexes.get((data_key, field))
        # the lists are rebuilt or grow while documents are read: keep the index while they don't
        if cached is None or cached[0] is not items or cached[1] != len(items):
            index: dict[object, list] = defaultdict(list)
            for position, item in enumerate(items):
                index[getattr(item, field)].append((position, item))
            cached = self._indexes[(data_key, field)] = (items, len(items), dict(index))
        return cached[2]

    def select(self, data_key: str, field: str, values: Iterable) -> list:
        """The items of ``data[data_key]`` whose *field* is in *values*, in their order."""
        index = self.indexed(data_key, field)
        hits = sorted((hit for value in values for hit in index.get(value, ())), key=_position)
        return [item for _, item in hits]

    @contextmanager
    def viewing(self, citations: list, citation_refs: list | None = None):
        """Show upstream code only these citation entries (and references)."""
        self._citations_view, self._citation_refs_view = citations, citation_refs
        try:
            yield
        finally:
            self._citations_view = self._citation_refs_view = None

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        """Upstream's resolution, shown only the entries of the cited keys."""
        keys = dict.fromkeys(t.key for t in parse_citation_targets(target))
        with self.viewing(self.select("citations", "key", keys)):
            try:
                return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            except FieldIsMissing:
                # e.g. author_year for an entry with neither author nor editor; bib.py warned
                return key_labels(self, builder, fromdocname, target, keys)

    def clear_doc(self, docname: str) -> None:
        super().clear_doc(docname)
        self._index = self._by_doc = None

    def merge_domaindata(self, docnames, otherdata) -> None:
        super().merge_domaindata(docnames, otherdata)
        self._index = self._by_doc = None

    def bibliographies_by_doc(self) -> dict[str, list[BibliographyKey]]:
        """The bibliography directives of each page, in the order upstream keeps them."""
        found = self.bibliographies
        # directives add to the table while pages are read; clear_doc and merges reset this
        if self._by_doc is None or self._by_doc[0] is not found or self._by_doc[1] != len(found):
            by_doc: dict[str, list[BibliographyKey]] = defaultdict(list)
            for key in found:
                by_doc[key.docname].append(key)
            self._by_doc = (found, len(found), dict(by_doc))
        return self._by_doc[2]

    def env_updated(self) -> Iterable[str]:
        self._index = self._by_doc = None  # citations may have changed since the last build
        self._indexes = None  # (upstream refills the citations list in place)
        self._first_cited = None
        self._styles = {}
        stored = self.data.get("formatted")
        fingerprint = self.bibdata_fingerprint()
        self._formatted_old = stored[1] if stored and stored[0] == fingerprint else {}
        self._formatted_new: dict[tuple, list] = {}
        self._fallbacks: set[str] = set()  # keys formatted as @misc (and warned) in this build
        try:
            return super().env_updated()
        finally:
            # only what this build used is kept, so the cache never outgrows the site
            self.data["formatted"] = (fingerprint, self._formatted_new)
            del self._formatted_old, self._formatted_new, self._fallbacks
            self._styles = None

    def get_entries(self, bibfiles):
        """Upstream's entries; only the listed ones while a page-local bibliography runs."""
        if self._only_keys is None:
            return super().get_entries(bibfiles)
        return (entry for _, entry in self.in_bib_order(bibfiles, self._only_keys))

    def in_bib_order(self, bibfiles, keys: set[str]):
        """Yield (key, entry) of those *keys* found in *bibfiles*, in upstream's .bib order."""
        for bibfile in bibfiles:
            position = self.bib_position(bibfile)
            for key in sorted((k for k in keys if k in position), key=position.__getitem__):
                yield key, self.bibdata.data.entries[key]

    def bib_position(self, bibfile) -> dict[str, int]:
        """Position of each key in *bibfile*, kept while the parsed file is the same."""
        keys = self.bibdata.bibfiles[bibfile].keys
        if self._positions is None:
            self._positions = {}
        cached = self._positions.get(bibfile)
        if cached is None or cached[0] is not keys:
            cached = self._positions[bibfile] = (keys, {key: i for i, key in enumerate(keys)})
        return cached[1]

    def bibdata_fingerprint(self) -> tuple:
        """What the parsed .bib data depends on (upstream re-parses on the same condition)."""
        files = sorted((str(path), bib.mtime) for path, bib in self.bibdata.bibfiles.items())
        return (self.bibdata.encoding, tuple(files))

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        """Upstream's formatted entries, reused while the entries, order and style are the same."""
        if not hasattr(self, "_formatted_new"):  # called outside env_updated: no cache
            yield from self.format_entries(
                bibliography_key, docnames, tooltips, tooltips_style, set()
            )
            return
        bibliography = self.bibliographies[bibliography_key]
        keys = tuple(key for key, _entry in self.get_sorted_entries(bibliography_key, docnames))
        cache_key = (bibliography.style, bibliography.labelprefix, tooltips, tooltips_style, keys)
        formatted = self._formatted_new.get(cache_key) or self._formatted_old.get(cache_key)
        if formatted is None:
            formatted = list(
                self.format_entries(
                    bibliography_key, docnames, tooltips, tooltips_style, self._fallbacks
                )
            )
        # An entry that could not be formatted as its type (it has warned) is formatted, and
        # warned, again on the next build.
        if not self._fallbacks.intersection(entry.key for entry, _, _ in formatted):
            self._formatted_new[cache_key] = formatted
        yield from formatted

    def format_entries(self, bibliography_key, docnames, tooltips, tooltips_style, fallbacks):
        """Upstream's get_formatted_entries, formatting an entry with a missing field as @misc."""
        bibliography = self.bibliographies[bibliography_key]
        entries = dict(self.get_sorted_entries(bibliography_key, docnames))
        style = self.style(bibliography.style)
        tooltip_style = None
        if tooltips:
            tooltip_style = self.style(tooltips_style) if tooltips_style else style
        sorted_entries = list(style.sort(entries.values()))
        labels = style.format_labels(sorted_entries)
        for label, entry in zip(labels, sorted_entries, strict=False):
            label = bibliography.labelprefix + label
            yield (
                entry,
                format_entry(style, label, entry, self.env, fallbacks),
                format_entry(tooltip_style, label, entry, self.env, fallbacks)
                if tooltip_style
                else None,
            )

    def style(self, name: str):
        """The pybtex formatting style *name*: looked up and made once per build.

        A pybtex lookup reads every installed package's metadata, and a style looks up its name,
        label and sorting styles as it is made; one instance also keeps what it formatted.
        """
        if self._styles is None:  # outside env_updated
            return pybtex.plugin.find_plugin("pybtex.style.formatting", name)()
        if name not in self._styles:
            self._styles[name] = pybtex.plugin.find_plugin("pybtex.style.formatting", name)()
        return self._styles[name]

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

    def citation_index(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Return (key -> citing docnames, docname -> cited keys) of the whole site."""
        refs = self.data["citation_refs"]
        # the list is replaced by clear_doc and grows while pages are read and merged
        if self._index is None or self._index[0] is not refs or self._index[1] != len(refs):
            by_key: dict[str, set[str]] = defaultdict(set)
            by_doc: dict[str, set[str]] = defaultdict(set)
            for ref in refs:
                for target in ref.targets:
                    by_key[target.key].add(ref.docname)
                    by_doc[ref.docname].add(target.key)
            self._index = (refs, len(refs), (dict(by_key), dict(by_doc)))
        return self._index[2]

    def get_filtered_entries(self, bibliography_key):
        bibliography = self.bibliographies[bibliography_key]
        by_key, by_doc = self.citation_index()
        here = bibliography_key.docname
        if _is_local(bibliography.filter_):
            prefix = bibliography.keyprefix
            wanted = {k[len(prefix) :] for k in by_doc.get(here, ()) if k.startswith(prefix)}
            wanted |= set(bibliography.keys)
            for key, entry in self.in_bib_order(bibliography.bibfiles, wanted):
                yield prefix + key, entry
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
    """pybtex's "plain", formatting each entry once per instance (per build), not per list.

    A note's entry also appears in every page that cites it and in the site bibliography; the
    text depends only on the entry and the style (the label is attached after formatting).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._formatted: dict[int, tuple] = {}  # id(entry) -> (entry, text): entries it formatted

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted

    def format_entry(self, label, entry, bib_data=None):
        if bib_data is not None:  # crossref resolution reads other entries: not memoised
            return super().format_entry(label, entry, bib_data)
        memo = self._formatted
        hit = memo.get(id(entry))
        if hit is None or hit[0] is not entry:  # a re-parsed .bib makes new entry objects
            formatted = super().format_entry(label, entry)
            memo[id(entry)] = (entry, formatted.text)
            return formatted
        return FormattedEntry(entry.key, hit[1], label)


@node
def names_et_al(children, context, role, **kwargs):
    """pybtex's ``names``, with BibTeX's ``and others`` written "et al.", not as an author."""
    persons = context["entry"].persons.get(role)
    if not persons:
        raise FieldIsMissing(role, context["entry"])
    style = context["style"]
    named = [person for person in persons if str(person) != "others"]
    formatted = join(**kwargs)[
        [style.format_name(person, style.abbreviate_names) for person in named]
    ].format_data(context)
    return Text(formatted, " et al.") if len(named) < len(persons) else formatted


class LocalBibliographyDirective(BibliographyDirective):
    """``bibliography`` that defers a page-local list's citation nodes to ``doctree-read``."""

    def run(self):
        try:
            local = _is_local(ast.parse(self.options.get("filter", "")))
        except SyntaxError:  # upstream warns about it and ignores the filter
            local = False
        if not local:
            return super().run()
        domain = self.env.get_domain("cite")
        # only the explicitly listed keys get nodes now: upstream checks them against the nodes
        domain._only_keys = {line.strip() for line in self.content}
        try:
            result = super().run()
        finally:
            domain._only_keys = None
        key = BibliographyKey(docname=self.env.docname, id_=result[-1]["ids"][0])
        count = self.env.temp_data["bibtex_bibliography_count"]
        self.env.temp_data.setdefault(LOCAL_BIBLIOGRAPHIES, {})[key] = count
        return result


class PaperCacheBibliographyTransform(BibliographyTransform):
    """Upstream's transform, shown only the citations and references of the page's lists."""

    def run(self, **kwargs) -> None:
        keys = [
            BibliographyKey(docname=node["docname"], id_=node["ids"][0])
            for node in self.document.findall(bibliography_node)
        ]
        if not keys:
            return
        # upstream matches, per list, every citation and every reference of the site
        domain = self.env.get_domain("cite")
        citations = domain.select("citations", "bibliography_key", keys)
        refs = domain.select("citation_refs", "docname", {key.docname for key in keys})
        with domain.viewing(citations, refs):
            super().run(**kwargs)


def complete_citation_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: give page-local bibliographies a node for each entry their page cites."""
    local = app.env.temp_data.get(LOCAL_BIBLIOGRAPHIES)
    if not local:
        return
    domain = app.env.get_domain("cite")
    docname = app.env.docname
    cited: set[str] = set()
    # The page's references were appended while it was read (its old ones were cleared first),
    # so they end the list: looking only there keeps this linear in the size of the site.
    for ref in reversed(domain.citation_refs):
        if ref.docname != docname:
            break
        cited.update(target.key for target in ref.targets)
    ids = set(doctree.ids)
    for key, count in local.items():
        bibliography = domain.bibliographies[key]
        prefix = bibliography.keyprefix
        wanted = {k[len(prefix) :] for k in cited if k.startswith(prefix)}
        listed = bibliography.list_ in {"bullet", "enumerated"}
        node_class = nodes.list_item if listed else nodes.citation
        # in .bib order, as upstream numbers them
        for entry_key, _entry in domain.in_bib_order(bibliography.bibfiles, wanted):
            if prefix + entry_key in bibliography.citation_nodes:
                continue  # made already: listed explicitly, or found in an earlier .bib
            raw_id = app.config.bibtex_cite_id.format(
                bibliography_count=count, key=prefix + entry_key
            )
            node = node_class(
                ids=_make_ids(docname=docname, lineno=bibliography.line, ids=ids, raw_id=raw_id)
            )
            doctree.note_explicit_target(node, node)
            bibliography.citation_nodes[prefix + entry_key] = node


def note_citation_lines(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: give the page's citation records the line of their role (see above)."""
    refs = app.env.get_domain("cite").citation_refs
    docname = app.env.docname
    # the page's references were appended while it was read: they end the list
    for i in range(len(refs) - 1, -1, -1):
        if refs[i].docname != docname:
            break
        node = doctree.ids.get(refs[i].citation_ref_id)
        if node is not None and node.line and refs[i].line != node.line:
            refs[i] = refs[i]._replace(line=node.line)


def _position(hit: tuple[int, object]) -> int:
    return hit[0]


def _is_local(filter_: ast.AST) -> bool:
    """Whether a parsed ``:filter:`` is the page-local ``docname in docnames``."""
    return ast.dump(filter_) == LOCAL_FILTER


def read_bibfiles(app: Sphinx) -> None:
    """builder-inited, first: this build's .bib files, kept by the cite domain."""
    domain = app.env.get_domain("cite")
    paths = bib.paths_of(app.config, app.confdir)
    if domain.bibfiles is None or domain.bibfiles.paths != paths:
        domain.bibfiles = bib.BibFiles(paths, Path(app.doctreedir))
    domain.bibfiles.refresh()


def share_bibdata(app: Sphinx) -> None:
    """builder-inited, before sphinxcontrib-bibtex: give it our parse of the files it would parse.

    Upstream re-parses (strictly: a syntax error raises) when ``is_bibdata_outdated``; data it
    finds current is kept. Ours has read every file with one pybtex parser, as upstream does,
    and reported each problem at its file and line (checks.report_bib_problems).
    """
    domain = app.env.get_domain("cite")
    paths, encoding = domain.bibfiles.paths, app.config.bibtex_encoding
    if not is_bibdata_outdated(domain.bibdata, paths, encoding):
        return
    library = domain.bibfiles.with_data()
    files = {
        path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(db.keys))
        for path, db in zip(paths, library.files, strict=True)
    }
    domain.data["bibdata"] = BibData(encoding=encoding, bibfiles=files, data=library.data)


# pybtex finds a plugin by reading every installed package's metadata (~7 ms a lookup here), and
# sphinxcontrib-bibtex looks the plaintext backend up for each citation it resolves. Registering,
# through pybtex's API, the class that lookup returns makes the next ones a dict lookup.
LOOKED_UP = (("pybtex.backends", "plaintext"),)


def _register_plugins() -> None:
    pybtex.plugin.register_plugin("pybtex.style.formatting", "papercache", PaperCacheStyle)
    for group, name in LOOKED_UP:
        found = pybtex.plugin.find_plugin(group, name)
        pybtex.plugin.register_plugin(group, name, found, force=True)  # the same class


def setup_citations(app: Sphinx) -> None:
    _register_plugins()
    app.connect("builder-inited", read_bibfiles, priority=380)
    app.connect("builder-inited", share_bibdata, priority=450)
    app.connect("doctree-read", complete_citation_nodes)
    app.connect("doctree-read", note_citation_lines)
    app.setup_extension("sphinxcontrib.bibtex")
    setup_formatting(app)
    app.add_domain(PaperCacheBibtexDomain, override=True)
    app.add_directive("bibliography", LocalBibliographyDirective, override=True)
    transforms = app.registry.post_transforms
    transforms[transforms.index(BibliographyTransform)] = PaperCacheBibliographyTransform
