"""All cross-page state: plain per-document data, plus an index derived once per build."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

# Per-document tables; each maps docname -> list or dict of plain values (never docutils nodes).
PER_DOC = ("cards", "page_meta", "tagdefs", "cites", "paper_refs", "tag_refs", "listings")


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


class PaperCacheDomain(Domain):
    """Cards, tags, citations and listings of every page."""

    name = "papercache"
    label = "PaperCache"
    data_version = 2
    # "fingerprints" (docname -> digest of what the page showed when last written), "navigation"
    # and "tag_pages" belong to invalidation.py in the main process; parallel readers never
    # touch them.
    initial_data: ClassVar[dict[str, Any]] = {
        name: {} for name in (*PER_DOC, "fingerprints", "navigation")
    }

    _index: Index | None = None
    # Set by invalidation.outdated_tag_pages for this build only (domain objects are not pickled).
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
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> Index:
        index = Index()
        # Sorted iteration: "first card wins" whatever the read order (parallel, incremental).
        for docname in sorted(self.data["cards"]):
            for raw in self.data["cards"][docname]:
                card = Card(docname=docname, **raw)
                if card.key in index.cards:
                    index.duplicate_cards.append((index.cards[card.key], card))
                else:
                    index.cards[card.key] = card
        cited: dict[str, set[str]] = defaultdict(set)
        for table in ("cites", "paper_refs"):
            for docname, refs in self.data[table].items():
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

    def tag_count(self, slug: str) -> int:
        index = self.index
        return len(index.tagged_pages.get(slug, ())) + len(index.tagged_papers.get(slug, ()))

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
        if typ == "paper":
            card = self.index.cards.get(target)
            if card is None:
                return None
            return make_refnode(builder, fromdocname, card.docname, card.anchor, contnode, target)
        if typ == "tag":
            if target not in self.index.tags or builder.format != "html":
                return None
            uri = builder.get_relative_uri(fromdocname, tag_pagename(target))
            ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=target)
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
