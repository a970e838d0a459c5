"""The paper map (``papermap``) and each note's neighbourhood, from the index behind "Cited in"."""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from . import labels
from .domain import get_domain
from .render import Renderer, anchored_uri
from .views import Graph, Paper, graph

# Layout of the map, in CSS pixels: the SVG is drawn at this size (never scaled down) and
# scrolls inside its box on a narrow screen, so its labels stay readable on a phone.
COLUMN, NODE_W, NODE_H, ROW, TOP, MARGIN = 180, 150, 30, 40, 40, 10


class paper_map(nodes.General, nodes.Element):
    """Where the map goes; filled in at write time."""


# -- the map ----------------------------------------------------------------------------------
class PaperMapDirective(SphinxDirective):
    """``{papermap}``: the map of every paper note on the site."""

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).table("maps")[self.env.docname] = True
        node = paper_map("")
        self.set_source_info(node)
        return [node]


def layout(g: Graph) -> tuple[dict[str, tuple[int, int]], list[str], int, int]:
    """Place each paper: a column per year (oldest left), stacked by layer, date and key."""
    years = sorted({p.year or "—" for p in g.papers.values()})
    column = {year: i for i, year in enumerate(years)}
    stacks: dict[str, list[Paper]] = {year: [] for year in years}
    for paper in g.papers.values():
        stacks[paper.year or "—"].append(paper)
    where = {}
    for year, papers in stacks.items():
        papers.sort(key=lambda p: (p.layer, p.key))
        for row, paper in enumerate(papers):
            where[paper.key] = (MARGIN + column[year] * COLUMN, TOP + row * ROW)
    width = MARGIN * 2 + max(len(years) - 1, 0) * COLUMN + NODE_W
    height = TOP + max((len(s) for s in stacks.values()), default=0) * ROW + MARGIN
    return where, years, width, height


def svg(g: Graph, href: dict[str, str], caption: str) -> str:
    """Return the map as inline SVG; every text and URL is escaped."""
    where, years, width, height = layout(g)
    out = [
        f'<svg class="pc-map-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(caption)}">',
        '<defs><marker id="pc-map-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" '
        'class="pc-map-arrowhead"/></marker></defs>',
    ]
    for i, year in enumerate(years):
        x = MARGIN + i * COLUMN + NODE_W // 2
        out.append(f'<text class="pc-map-year" x="{x}" y="{TOP - 14}">{escape(year)}</text>')
    out.append('<g class="pc-map-edges">')
    for citing, cited in g.edges:
        (x1, y1), (x2, y2) = where[citing], where[cited]
        y1, y2 = y1 + NODE_H // 2, y2 + NODE_H // 2
        if x1 == x2:  # same year: bow out to the right of the column
            x1 = x2 = x1 + NODE_W
            bend = x1 + 24 + abs(y2 - y1) // 8
            path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}"
        else:
            if x2 < x1:
                x2 += NODE_W
            else:
                x1 += NODE_W
            mid = (x1 + x2) // 2
            path = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
        out.append(
            f'<path class="pc-map-edge" d="{path}" marker-end="url(#pc-map-arrow)" '
            f'data-from="{escape(citing)}" data-to="{escape(cited)}"/>'
        )
    out.append("</g>")
    for key, paper in g.papers.items():
        x, y = where[key]
        out.append(
            f'<a class="pc-map-node pc-map-c{paper.layer}" href="{escape(href[key])}" '
            f'data-key="{escape(key)}"><title>{escape(paper.hover)}</title>'
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
            f'<text x="{x + NODE_W // 2}" y="{y + NODE_H // 2}">{escape(paper.label)}</text></a>'
        )
    out.append("</svg>")
    return "".join(out)


class PaperMapRenderer(Renderer):
    """Replace each ``paper_map`` with the legend and the SVG."""

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(paper_map)):
            node.replace_self(self.render())

    def render(self) -> list[nodes.Node]:
        g = graph(self.env)
        if not g.papers:
            return [nodes.paragraph(text=labels.text("no_items"), classes=["pc-empty"])]
        here = self.env.docname
        href = {}
        for key, paper in g.papers.items():
            try:
                href[key] = anchored_uri(self.builder, here, paper.docname, paper.anchor)
            except NoUri:  # LaTeX, for a note outside the book: the map is for HTML readers
                return [nodes.paragraph(text=labels.text("map_caption"))]
        legend = nodes.bullet_list(classes=["pc-map-legend"])
        used = {p.layer for p in g.papers.values()}
        names = [title for _name, title in g.layers] + [labels.text("no_layer")]
        for i, title in enumerate(names):
            if i in used:
                swatch = nodes.inline(text="", classes=["pc-map-swatch", f"pc-map-c{i}"])
                legend += nodes.list_item("", nodes.paragraph("", "", swatch, nodes.Text(title)))
        caption = labels.text("map_caption")
        counts = f"{caption} ({len(g.papers)} / {len(g.edges)})"
        figure = nodes.raw(
            "", f'<div class="pc-map-scroll">{svg(g, href, caption)}</div>', format="html"
        )
        return [nodes.paragraph(text=counts, classes=["pc-map-counts"]), legend, figure]


# -- the neighbourhood under a card -----------------------------------------------------------
class NeighbourhoodRenderer(Renderer):
    """Put "builds on" / "built on by" under each card (after the cards are rendered)."""

    default_priority = 210

    def run(self, **kwargs) -> None:
        cards = get_domain(self.env).index.listed_on.get(self.env.docname)
        if not cards:
            return
        by_anchor = {card.anchor: card.key for card in cards}
        for box in list(self.document.findall(nodes.container)):
            if "pc-card" not in box["classes"] or not box["ids"]:
                continue
            key = by_anchor.get(box["ids"][0])
            if key is not None:
                box.parent.insert(box.parent.index(box) + 1, self.render(key))

    def render(self, key: str) -> nodes.Element:
        cites, cited_by = graph(self.env).near[key]
        section = nodes.container(classes=["pc-neighbourhood"])
        for label, papers, cls in (
            ("builds_on", cites, "pc-builds-on"),
            ("built_on_by", cited_by, "pc-built-on-by"),
        ):
            part = nodes.container(classes=[cls])
            part += nodes.paragraph("", "", nodes.strong(text=labels.text(label)))
            if not papers:
                part += nodes.paragraph(text=labels.text("no_items"), classes=["pc-empty"])
            else:
                items = nodes.bullet_list()
                for paper in papers:
                    uri = anchored_uri(self.builder, self.env.docname, paper.docname, paper.anchor)
                    link = nodes.reference(
                        "", paper.label, internal=True, refuri=uri, reftitle=paper.hover
                    )
                    para = nodes.paragraph("", "", link)
                    if paper.year:
                        para += nodes.inline(text=f" {paper.year}", classes=["pc-year"])
                    items += nodes.list_item("", para)
                part += items
            section += part
        return section


def setup_graph(app: Sphinx) -> None:
    app.add_node(paper_map)
    app.add_directive("papermap", PaperMapDirective)
    app.add_post_transform(PaperMapRenderer)
    app.add_post_transform(NeighbourhoodRenderer)
    app.add_css_file("papercache-map.css")
