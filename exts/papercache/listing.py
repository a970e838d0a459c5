"""The ``paperlist`` directive: papers of the whole site, filtered and grouped at write time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import bib, labels, options
from .domain import Card, get_domain
from .nodes import paper_list
from .render import Renderer, doc_link, doc_title, tag_chips

GROUP_BY = ("year", "month", "layer", "none")
STYLES = ("cards", "compact")


@dataclass(frozen=True)
class Row:
    """One paper as a listing shows it."""

    key: str
    docname: str
    anchor: str
    title: str
    authors: str
    venue: str
    date: str
    layer: str
    tags: tuple[str, ...]
    status: str


class PaperListDirective(SphinxDirective):
    """``{paperlist}``: list papers by tags, layer and year, grouped and styled."""

    has_content = False
    option_spec: ClassVar[dict] = {
        "tags": directives.unchanged,
        "layer": directives.unchanged,
        "year": directives.unchanged,
        "group-by": directives.unchanged,
        "style": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        layers = tuple(self.config.papercache_layers)
        years = options.year_range(self.options.get("year"), location)
        query = {
            "tags": options.split_list(self.options.get("tags")),
            "layer": options.choice(self.options.get("layer"), layers, "layer", location),
            "years": list(years) if years else None,
            "group_by": options.choice(self.options.get("group-by"), GROUP_BY, "group-by", location)
            or "year",
            "style": options.choice(self.options.get("style"), STYLES, "style", location)
            or "cards",
            "line": self.lineno,
        }
        get_domain(self.env).table("listings").setdefault(self.env.docname, []).append(query)
        node = paper_list("", **{k: v for k, v in query.items() if k != "line"})
        self.set_source_info(node)
        return [node]


def layer_of(env: BuildEnvironment, docname: str) -> str:
    """Return the layer whose folder holds *docname* ("" if none)."""
    for layer, prefix in env.config.papercache_layers.items():
        if docname.startswith(prefix):
            return layer
    return ""


def rows(env: BuildEnvironment, query: dict) -> list[Row]:
    """Return the papers matching *query*, newest first then by key (a total order)."""
    domain = get_domain(env)
    db = bib.for_env(env)
    wanted_tags = set(query.get("tags") or ())
    years = query.get("years")
    out = []
    for card in domain.index.cards.values():
        row = _row(env, db, card)
        if wanted_tags and not wanted_tags & set(row.tags):
            continue
        if query.get("layer") and row.layer != query["layer"]:
            continue
        if years and not (row.date[:4].isdigit() and years[0] <= int(row.date[:4]) <= years[1]):
            continue
        out.append(row)
    out.sort(key=lambda r: r.key)
    out.sort(key=lambda r: r.date, reverse=True)
    return out


def _row(env: BuildEnvironment, db: bib.BibDatabase, card: Card) -> Row:
    entry = db.entries.get(card.key)
    return Row(
        key=card.key,
        docname=card.docname,
        anchor=card.anchor,
        title=entry.title if entry and entry.title else card.key,
        authors=entry.author_year() if entry else "",
        venue=entry.venue if entry else "",
        date=entry.first_public() if entry else "",
        layer=layer_of(env, card.docname),
        tags=card.tags,
        status=card.status,
    )


def shown_rows(env: BuildEnvironment, query: dict) -> list[Row]:
    """Return the rows of *query* in the order the listing shows them."""
    found = rows(env, query)
    # layers keep the toctree's order; dates stay newest first
    if query.get("group_by") == "layer":
        order = list(env.config.papercache_layers)
        found.sort(key=lambda r: order.index(r.layer) if r.layer in order else len(order))
    return found


def group_label(env: BuildEnvironment, row: Row, group_by: str) -> str:
    if group_by == "year":
        return row.date[:4] or labels.text("undated")
    if group_by == "month":
        return row.date[:7] or labels.text("undated")
    if group_by == "layer":
        prefix = env.config.papercache_layers.get(row.layer)
        return doc_title(env, f"{prefix}index") if prefix else labels.text("no_layer")
    return ""


class PaperListRenderer(Renderer):
    """Replace each ``paper_list`` with the current listing."""

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(paper_list)):
            node.replace_self(self.render(node))

    def render(self, node: paper_list) -> list[nodes.Node]:
        found = shown_rows(self.env, dict(node.attributes))
        if not found:
            return [nodes.paragraph(text=labels.text("no_items"), classes=["pc-empty"])]
        out: list[nodes.Node] = []
        current = None
        container: nodes.Element | None = None
        for row in found:
            label = group_label(self.env, row, node["group_by"])
            if container is None or label != current:
                current = label
                if label:
                    out.append(nodes.rubric(text=label, classes=["pc-group"]))
                container = (
                    nodes.bullet_list(classes=["pc-list-compact"])
                    if node["style"] == "compact"
                    else nodes.container(classes=["pc-list-cards"])
                )
                out.append(container)
            container += self.item(row, node["style"])
        return out

    def item(self, row: Row, style: str) -> nodes.Element:
        link = doc_link(self.env, self.builder, self.env.docname, row.docname, row.anchor)
        link.children[:] = [nodes.strong(text=row.title)]
        meta = " · ".join(part for part in (row.authors, row.venue) if part)
        head = nodes.paragraph("", "", link)
        if meta:
            head += nodes.Text(" — ")
            head += nodes.inline(text=meta, classes=["pc-card-meta"])
        if style == "compact":
            return nodes.list_item("", head)
        box = nodes.container(classes=["pc-mini-card"])
        box += head
        if row.tags:
            box += tag_chips(self.env, self.builder, row.tags)
        return box


def setup_listing(app: Sphinx) -> None:
    app.add_directive("paperlist", PaperListDirective)
    app.add_post_transform(PaperListRenderer)
