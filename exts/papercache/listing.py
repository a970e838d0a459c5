"""The ``paperlist`` directive: papers of the whole site, filtered and grouped at write time."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import bibexport, labels, options, views
from .domain import get_domain
from .nodes import paper_list
from .render import Renderer, doc_link, tag_chips

GROUP_BY = ("year", "month", "layer", "none")
STYLES = ("cards", "compact")


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
        # the query lives in the domain only; the node keeps where to find it
        listings = get_domain(self.env).table("listings").setdefault(self.env.docname, [])
        node = paper_list("", docname=self.env.docname, position=len(listings))
        listings.append(query)
        self.set_source_info(node)
        return [node]


class PaperListRenderer(Renderer):
    """Replace each ``paper_list`` with its view; in HTML, link the list's .bib and feed."""

    def run(self, **kwargs) -> None:
        for n, node in enumerate(list(self.document.findall(paper_list)), start=1):
            view = views.listing(self.env, node["docname"], node["position"])
            node.replace_self(self.render(view, n))

    def render(self, view: views.Listing, n: int) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if self.builder.format == "html":
            out.append(bibexport.list_actions(self.builder, self.env.docname, n, view))
        if not view.groups:
            out.append(nodes.paragraph(text=labels.text("no_items"), classes=["pc-empty"]))
            return out
        for group in view.groups:
            if group.label:
                out.append(nodes.rubric(text=group.label, classes=["pc-group"]))
            container = (
                nodes.bullet_list(classes=["pc-list-compact"])
                if view.style == "compact"
                else nodes.container(classes=["pc-list-cards"])
            )
            container.extend(self.item(row, view.style) for row in group.rows)
            out.append(container)
        return out

    def item(self, row: views.Row, style: str) -> nodes.Element:
        page = views.PageLink(row.docname, row.title)
        link = doc_link(self.builder, self.env.docname, page, row.anchor)
        link.children[:] = [nodes.strong(text=row.title)]
        meta = " · ".join(part for part in (row.author_year, row.venue) if part)
        head = nodes.paragraph("", "", link)
        if meta:
            head += nodes.Text(" — ")
            head += nodes.inline(text=meta, classes=["pc-card-meta"])
        if style == "compact":
            return nodes.list_item("", head)
        box = nodes.container(classes=["pc-mini-card"])
        box += head
        if row.chips:
            box += tag_chips(self.env, self.builder, row.chips)
        return box


def setup_listing(app: Sphinx) -> None:
    app.add_directive("paperlist", PaperListDirective)
    app.add_post_transform(PaperListRenderer)
