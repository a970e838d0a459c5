"""What each placeholder shows from other pages: plain data, one function per placeholder.

Renderers draw nodes from these values and invalidation.py hashes the same values, so a page is
rewritten exactly when what it would show has changed. Nothing here makes docutils nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.environment import BuildEnvironment

from . import bib, labels
from .domain import Card, get_domain


@dataclass(frozen=True)
class Chip:
    """A tag as a chip shows it; ``defined`` is False for a slug missing from the vocabulary."""

    slug: str
    label: str
    description: str
    defined: bool


@dataclass(frozen=True)
class PageLink:
    docname: str
    title: str


@dataclass(frozen=True)
class LayerGroup:
    """Pages of one layer; ``title`` is None outside the five layers."""

    title: str | None
    pages: tuple[PageLink, ...]


@dataclass(frozen=True)
class CardView:
    """Everything a card shows (its own options included: they are read from the domain too)."""

    key: str
    anchor: str
    title: tuple[tuple[str, str], ...]  # ("text", unicode) and ("math", latex) segments
    link: str
    pdf: str
    authors: str  # ends in "et al." when shortened; the renderer translates it
    venue: str
    date: str
    code: str
    status: str
    chips: tuple[Chip, ...]  # the card's tags that the page's own tags do not already show
    bibtex: str
    cited_in: tuple[LayerGroup, ...]  # other pages citing the paper


@dataclass(frozen=True)
class Row:
    """One paper as a listing or a tag page shows it."""

    key: str
    docname: str
    anchor: str
    title: str
    author_year: str
    venue: str
    date: str
    layer: str
    chips: tuple[Chip, ...]
    bibtex: str  # the entry as written, for the list's .bib download


@dataclass(frozen=True)
class Group:
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Listing:
    """A ``{paperlist}``: the groups it shows, its style and the feed of the same papers."""

    style: str
    feed: str  # "" when no feed lists exactly these papers
    groups: tuple[Group, ...]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


@dataclass(frozen=True)
class PaperRef:
    """A ``{paper}`` link: its text, tooltip and target (no card: ``docname`` is None)."""

    label: str
    title: str
    docname: str | None
    anchor: str


@dataclass(frozen=True)
class TagEntry:
    """One entry of the vocabulary page."""

    chip: Chip
    count: int


@dataclass(frozen=True)
class PageMeta:
    status: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True)
class TagPage:
    """The generated page of one tag."""

    chip: Chip
    pages: tuple[PageLink, ...]
    papers: tuple[Row, ...]
    vocabulary: PageLink


def doc_title(env: BuildEnvironment, docname: str) -> str:
    """Return the (translated) title of *docname*, or the docname if it has none."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def layer_of(env: BuildEnvironment, docname: str) -> str:
    """Return the layer whose folder holds *docname* ("" if none)."""
    for layer, prefix in env.config.papercache_layers.items():
        if docname.startswith(prefix):
            return layer
    return ""


def layer_title(env: BuildEnvironment, layer: str) -> str | None:
    """Return the title of the layer's index page; None for pages outside the layers."""
    prefix = env.config.papercache_layers.get(layer)
    return doc_title(env, f"{prefix}index") if prefix else None


# -- tags -----------------------------------------------------------------------------------------
def chip(env: BuildEnvironment, slug: str) -> Chip:
    tag = get_domain(env).index.tags.get(slug)
    if tag is None:
        return Chip(slug, slug, "", False)
    return Chip(slug, tag.label, tag.description, True)


def chips(env: BuildEnvironment, slugs) -> tuple[Chip, ...]:
    return tuple(chip(env, slug) for slug in slugs)


def tag_entry(env: BuildEnvironment, slug: str) -> TagEntry:
    index = get_domain(env).index
    count = len(index.tagged_pages.get(slug, ())) + len(index.tagged_papers.get(slug, ()))
    return TagEntry(chip(env, slug), count)


def page_meta(env: BuildEnvironment, docname: str) -> PageMeta | None:
    meta = get_domain(env).data["page_meta"].get(docname)
    if not meta:
        return None
    return PageMeta(meta["status"], chips(env, meta["tags"]))


def tag_page(env: BuildEnvironment, slug: str) -> TagPage:
    index = get_domain(env).index
    pages = tuple(PageLink(doc, doc_title(env, doc)) for doc in index.tagged_pages.get(slug, ()))
    papers = tuple(row(env, index.cards[key]) for key in index.tagged_papers.get(slug, ()))
    vocabulary = env.config.papercache_tag_vocabulary
    return TagPage(chip(env, slug), pages, papers, PageLink(vocabulary, doc_title(env, vocabulary)))


# -- papers ---------------------------------------------------------------------------------------
def paper_label(env: BuildEnvironment, key: str) -> str:
    """Return e.g. "PagedAttention (Kwon et al., 2023)"."""
    entry = bib.for_env(env).entries.get(key)
    if entry is None:
        return key
    short = entry.fields.get("shorttitle", "")
    if not short and ":" in entry.title and len(entry.title.split(":")[0]) <= 40:
        short = entry.title.split(":")[0]
    if not short:
        card = get_domain(env).index.cards.get(key)
        page = doc_title(env, card.docname) if card else ""
        for sep in ("：", ":"):
            if sep in page:
                short = page.split(sep)[0].strip()
                break
    short = short or entry.title or key
    return f"{short} ({entry.author_year()})" if entry.author_year() else short


def paper_ref(env: BuildEnvironment, key: str) -> PaperRef:
    entry = bib.for_env(env).entries.get(key)
    card = get_domain(env).index.cards.get(key)
    return PaperRef(
        label=paper_label(env, key),
        title=entry.title if entry else "",
        docname=card.docname if card else None,
        anchor=card.anchor if card else "",
    )


def card(env: BuildEnvironment, docname: str, position: int) -> CardView:
    """The card written *position*-th on *docname* (a duplicate card renders all the same)."""
    domain = get_domain(env)
    own = Card(docname=docname, **domain.data["cards"][docname][position])
    entry = bib.for_env(env).entries.get(own.key)
    links = entry.links() if entry else []
    page_tags = (domain.data["page_meta"].get(docname) or {}).get("tags", ())
    return CardView(
        key=own.key,
        anchor=own.anchor,
        title=tuple(entry.title_segments() if entry else ()) or (("text", own.key),),
        link=links[0][1] if links else "",
        pdf=entry.pdf_url() if entry else "",
        authors=entry.short_authors() if entry else "",
        venue=" ".join(part for part in (entry.venue, entry.year) if part) if entry else "",
        date=entry.first_public() if entry else "",
        code=own.code,
        status=own.status,
        chips=chips(env, (tag for tag in own.tags if tag not in page_tags)),
        bibtex=entry.raw if entry else "",
        cited_in=cited_in(env, own.key, docname),
    )


def cited_in(env: BuildEnvironment, key: str, here: str) -> tuple[LayerGroup, ...]:
    """The other pages citing *key*, grouped by layer (in configuration order), by title."""
    others = [doc for doc in get_domain(env).index.cited_in.get(key, ()) if doc != here]
    order = list(env.config.papercache_layers)
    rank = {layer: i for i, layer in enumerate(order)}
    groups: dict[str, list[PageLink]] = {}
    for doc in others:
        groups.setdefault(layer_of(env, doc), []).append(PageLink(doc, doc_title(env, doc)))
    return tuple(
        LayerGroup(layer_title(env, layer), tuple(sorted(groups[layer], key=_by_title)))
        for layer in sorted(groups, key=lambda g: (rank.get(g, len(order)), g))
    )


def _by_title(link: PageLink) -> tuple[str, str]:
    return (link.title, link.docname)


def row(env: BuildEnvironment, card: Card) -> Row:
    entry = bib.for_env(env).entries.get(card.key)
    return Row(
        key=card.key,
        docname=card.docname,
        anchor=card.anchor,
        title=entry.title if entry and entry.title else card.key,
        author_year=entry.author_year() if entry else "",
        venue=entry.venue if entry else "",
        date=entry.first_public() if entry else "",
        layer=layer_of(env, card.docname),
        chips=chips(env, card.tags),
        bibtex=entry.raw if entry else "",
    )


def matching_rows(env: BuildEnvironment, query: dict) -> list[Row]:
    """The papers matching *query*, newest first then by key (a total order)."""
    wanted_tags = set(query.get("tags") or ())
    years = query.get("years")
    out = []
    for paper in get_domain(env).index.cards.values():
        if wanted_tags and not wanted_tags & set(paper.tags):
            continue
        found = row(env, paper)
        if query.get("layer") and found.layer != query["layer"]:
            continue
        if years and not (found.date[:4].isdigit() and years[0] <= int(found.date[:4]) <= years[1]):
            continue
        out.append(found)
    out.sort(key=lambda r: r.key)
    out.sort(key=lambda r: r.date, reverse=True)
    return out


def listing(env: BuildEnvironment, docname: str, position: int) -> Listing:
    """The ``{paperlist}`` written *position*-th on *docname*, grouped as it is shown."""
    query = get_domain(env).data["listings"][docname][position]
    found = matching_rows(env, query)
    group_by = query["group_by"]
    if group_by == "layer":  # layers keep the toctree's order; dates stay newest first
        order = list(env.config.papercache_layers)
        found.sort(key=lambda r: order.index(r.layer) if r.layer in order else len(order))
    groups: list[Group] = []
    for item in found:
        label = group_label(env, item, group_by)
        if not groups or groups[-1].label != label:
            groups.append(Group(label, ()))
        groups[-1] = Group(label, (*groups[-1].rows, item))
    return Listing(query["style"], _feed(query), tuple(groups))


def _feed(query: dict) -> str:
    """The site's feed lists every paper, a tag's feed those of one tag; others have none."""
    if query.get("layer") or query.get("years"):
        return ""
    tags = query.get("tags") or ()
    return "feed.xml" if not tags else f"tags/{tags[0]}.xml" if len(tags) == 1 else ""


def group_label(env: BuildEnvironment, item: Row, group_by: str) -> str:
    if group_by == "year":
        return item.date[:4] or labels.text("undated")
    if group_by == "month":
        return item.date[:7] or labels.text("undated")
    if group_by == "layer":
        return layer_title(env, item.layer) or labels.text("no_layer")
    return ""


# -- citations of sphinxcontrib-bibtex ----------------------------------------------------------
def citations(env: BuildEnvironment, docname: str) -> tuple:
    """What the page's citations and bibliographies show: each cited entry and where it lives.

    sphinxcontrib-bibtex formats labels, tooltips and bibliographies from the entries and links
    each citation to the bibliography holding it; upstream rewrites no page when those change.
    """
    cite = env.get_domain("cite")
    entries = bib.for_env(env).entries
    keys = sorted(cite.citation_index()[1].get(docname, ()))
    listed = cite.bibliographies_by_doc().get(docname, ())
    shown = [
        *cite.select("citations", "key", keys),
        *cite.select("citations", "bibliography_key", listed),
    ]
    held: dict[str, set] = {}
    for citation in shown:  # where each entry is: what citations link to, what lists hold
        place = (citation.bibliography_key.docname, citation.citation_id)
        held.setdefault(citation.key, set()).add(place)
    return tuple(
        (key, _raw(entries.get(key)), tuple(sorted(held.get(key, ()))))
        for key in sorted(set(keys) | set(held))
    )


def _raw(entry: bib.BibEntry | None) -> str | None:
    return entry.raw if entry else None


# -- the paper map and each card's neighbourhood ------------------------------------------------
LABEL_CHARS = 20  # a map node's label is cut to this many characters


@dataclass(frozen=True)
class Paper:
    """One node of the map."""

    key: str
    docname: str
    anchor: str
    layer: int  # position in papercache_layers; len(layers) when the note is in none
    year: str
    label: str
    hover: str


@dataclass(frozen=True)
class Graph:
    papers: dict[str, Paper]
    edges: tuple[tuple[str, str], ...]  # (citing, cited), sorted
    layers: tuple[tuple[str, str], ...]  # (name, title), in configuration order
    near: dict[str, tuple[tuple[Paper, ...], tuple[Paper, ...]]]  # key -> (cites, cited by)


def graph(env: BuildEnvironment) -> Graph:
    """The map of the site: cards, and A -> B when A's page cites or links B (once per index)."""
    return get_domain(env).derived("graph", lambda: _graph(env))


def _graph(env: BuildEnvironment) -> Graph:
    index = get_domain(env).index
    entries = bib.for_env(env).entries
    names = list(env.config.papercache_layers)
    papers = {}
    for key, paper in sorted(index.cards.items()):
        entry = entries.get(key)
        layer = layer_of(env, paper.docname)
        year = (entry.first_public() if entry else "")[:4]
        full = paper_label(env, key)
        short = full.rsplit(" (", 1)[0] if full.endswith(")") else full
        if len(short) > LABEL_CHARS:
            short = short[: LABEL_CHARS - 1] + "…"
        title = entry.title if entry and entry.title else key
        venue = ", ".join(p for p in ((entry.venue if entry else ""), year) if p)
        papers[key] = Paper(
            key=key,
            docname=paper.docname,
            anchor=paper.anchor,
            layer=names.index(layer) if layer in names else len(names),
            year=year,
            label=short,
            hover=f"{title} — {venue}" if venue else title,
        )
    edges = set()
    for cited, docs in index.cited_in.items():
        if cited not in papers:
            continue
        for doc in docs:
            edges.update(
                (card.key, cited) for card in index.listed_on.get(doc, ()) if card.key != cited
            )
    layers = tuple((name, layer_title(env, name)) for name in env.config.papercache_layers)
    cites: dict[str, list[Paper]] = {key: [] for key in papers}
    cited_by: dict[str, list[Paper]] = {key: [] for key in papers}
    for a, b in edges:
        cites[a].append(papers[b])
        cited_by[b].append(papers[a])
    near = {
        key: (tuple(sorted(cites[key], key=_age)), tuple(sorted(cited_by[key], key=_age)))
        for key in papers
    }
    return Graph(papers, tuple(sorted(edges)), layers, near)


def _age(paper: Paper) -> tuple[str, str]:
    return (paper.year or "9999", paper.key)


def papers_shown(env: BuildEnvironment, docname: str) -> tuple:
    """The neighbourhoods under the page's listed cards, and the whole map if the page has one."""
    g = graph(env)
    domain = get_domain(env)
    out: list = [g.near[card.key] for card in domain.index.listed_on.get(docname, ())]
    if docname in domain.data["maps"]:
        out.append(g)
    return tuple(out)
