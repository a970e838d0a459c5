"""All cross-page state: plain per-document data, plus an index derived once per build."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

# Per-document tables; each maps docname -> list or dict of plain values (never docutils nodes).
# Who cites what with {cite} is sphinxcontrib-bibtex's (the cite domain's citation_index).
PER_DOC = (
    "cards",
    "page_meta",
    "tagdefs",
    "paper_refs",
    "tag_refs",
    "listings",
    "maps",
    "summaries",
)
FEED = "feed.xml"


@dataclass(frozen=True)
class Card:
    """A paper card as written: where it is and what the page adds to the BibTeX entry."""

    key: str
    docname: str
    line: int
    tags: tuple[str, ...]
    status: str
    code: str

    @property
    def anchor(self) -> str:
        return paper_anchor(self.key)


@dataclass(frozen=True)
class TagDef:
    slug: str
    label: str
    description: str
    docname: str
    line: int
    section: str


@dataclass
class Index:
    """Lookups derived from the per-document tables; rebuilt when the tables change."""

    cards: dict[str, Card] = field(default_factory=dict)
    duplicate_cards: list[tuple[Card, Card]] = field(default_factory=list)
    cited_in: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[str, TagDef] = field(default_factory=dict)
    duplicate_tags: list[tuple[TagDef, TagDef]] = field(default_factory=list)
    tagged_pages: dict[str, list[str]] = field(default_factory=dict)
    tagged_papers: dict[str, list[str]] = field(default_factory=dict)
    listed_on: dict[str, list[Card]] = field(default_factory=dict)  # docname -> its listed cards


def paper_anchor(key: str) -> str:
    """Return the stable HTML id of the card of *key*, distinct for every distinct key."""
    slug = nodes.make_id(key)
    if slug == key:
        return f"paper-{key}"
    # the slug lost something (case, non-ASCII, leading digits, punctuation): a short hash of
    # the key itself keeps "Kwon2023X" and "kwon2023x", or two all-Chinese keys, apart
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"paper-{slug}-{digest}" if slug else f"paper-{digest}"


def tag_pagename(slug: str) -> str:
    return f"tags/{slug}"


def tag_feed(slug: str) -> str:
    return f"tags/{slug}.xml"


def writes_tag_pages(builder: Builder) -> bool:
    """Whether *builder* writes a page per tag (tags.tag_pages): HTML, one file per page."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(
        builder, SingleFileHTMLBuilder
    )


class PaperCacheDomain(Domain):
    """Cards, tags, citations and listings of every page."""

    name = "papercache"
    label = "PaperCache"
    data_version = 3
    # "fingerprints" (docname -> digest of what the page showed when last written), "navigation"
    # and "tag_pages" (slug -> digest) belong to invalidation.py in the main process; parallel
    # readers never touch them.
    initial_data: ClassVar[dict[str, Any]] = {
        name: {} for name in (*PER_DOC, "fingerprints", "navigation", "tag_pages")
    }

    # Derived values live on the domain object, which lives for one build (it is not pickled):
    # the index, values computed from it (the map), and the tag pages invalidation chose.
    _index: Index | None = None
    _cites: object = None  # the cite domain's index the current index was built from
    _derived: dict[str, Any] | None = None
    tag_pages_to_write: set[str] | None = None

    # -- bookkeeping -------------------------------------------------------------------------
    def table(self, name: str) -> dict[str, Any]:
        self._index = None
        return self.data[name]

    def clear_doc(self, docname: str) -> None:
        for name in PER_DOC:
            self.table(name).pop(docname, None)
        self.data["fingerprints"].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for name in PER_DOC:
            mine = self.table(name)
            for docname, value in otherdata[name].items():
                if docname in docnames:
                    mine[docname] = value

    # -- derived index -----------------------------------------------------------------------
    @property
    def index(self) -> Index:
        cites = self.env.get_domain("cite").citation_index()
        if self._index is None or self._cites is not cites:
            self._index, self._cites, self._derived = self._build_index(cites[0]), cites, {}
        return self._index

    def derived(self, name: str, compute: Callable[[], Any]) -> Any:
        """Return ``compute()``, computed once per index.

        It may read only what is fixed once pages are read (the index, titles, toctrees, the .bib):
        any page read again resets the index, and with it these values.
        """
        index = self.index
        assert self._derived is not None and index is self._index
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]

    def _build_index(self, cited_by: dict[str, set[str]]) -> Index:
        index = Index()
        # Sorted iteration: "first card wins" whatever the read order (parallel, incremental).
        for docname in sorted(self.data["cards"]):
            for raw in self.data["cards"][docname]:
                card = Card(docname=docname, **raw)
                if card.key in index.cards:
                    index.duplicate_cards.append((index.cards[card.key], card))
                else:
                    index.cards[card.key] = card
                    index.listed_on.setdefault(docname, []).append(card)
        cited: dict[str, set[str]] = defaultdict(set)
        for key, docnames in cited_by.items():
            cited[key].update(docnames)
        for docname, refs in self.data["paper_refs"].items():
            for key, _line in refs:
                cited[key].add(docname)
        index.cited_in = {key: sorted(docs) for key, docs in sorted(cited.items())}
        for docname in sorted(self.data["tagdefs"]):
            for raw in self.data["tagdefs"][docname]:
                tag = TagDef(docname=docname, **raw)
                if tag.slug in index.tags:
                    index.duplicate_tags.append((index.tags[tag.slug], tag))
                else:
                    index.tags[tag.slug] = tag
        pages: dict[str, list[str]] = defaultdict(list)
        for docname in sorted(self.data["page_meta"]):
            for slug in self.data["page_meta"][docname]["tags"]:
                pages[slug].append(docname)
        papers: dict[str, list[str]] = defaultdict(list)
        for key, card in sorted(index.cards.items()):
            for slug in card.tags:
                papers[slug].append(key)
        index.tagged_pages = dict(pages)
        index.tagged_papers = dict(papers)
        return index

    # -- cross references --------------------------------------------------------------------
    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        # roles.ReferenceText put the tooltip on the node (the paper's title, the tag's description)
        title = node.get("pc_title") or target
        if typ == "paper":
            card = self.index.cards.get(target)
            if card is None:
                return None
            return make_refnode(builder, fromdocname, card.docname, card.anchor, contnode, title)
        if typ == "tag":
            if target not in self.index.tags or not writes_tag_pages(builder):
                return None
            uri = builder.get_relative_uri(fromdocname, tag_pagename(target))
            ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=title)
            ref.append(contnode)
            return ref
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        for key, card in sorted(self.index.cards.items()):
            yield key, key, "paper", card.docname, card.anchor, 1


def get_domain(env: BuildEnvironment) -> PaperCacheDomain:
    return env.get_domain(PaperCacheDomain.name)  # type: ignore[return-value]
