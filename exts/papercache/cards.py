"""The ``paper`` directive: a card built from references.bib plus what the page adds."""

from __future__ import annotations

import html
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import labels, options, views
from .domain import get_domain, paper_anchor
from .nodes import bibtex_block, copy_button, paper_card
from .render import Renderer, doc_link, tag_chips

PAPER_STATUS = tuple(labels.STATUS_PAPER)
CITED_IN_OPEN = 5  # "Cited in" lists up to this many pages open, more behind a disclosure


class PaperDirective(SphinxDirective):
    """``{paper} key``: the card of one paper; the body is its summary."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {
        "tags": directives.unchanged,
        "code": directives.unchanged,
        "status": directives.unchanged,
        "date": directives.unchanged,  # retired: accepted only to explain where dates come from
    }

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        location = self.get_location()
        card = {
            "key": key,
            "line": self.lineno,
            "tags": tuple(options.split_list(self.options.get("tags"))),
            "status": options.choice(self.options.get("status"), PAPER_STATUS, "status", location),
            "code": options.url(self.options.get("code"), "code", location),
        }
        if "date" in self.options:
            options.warn(
                ":date: is no longer read: a card shows the paper's first public appearance, "
                "taken from references.bib (arXiv id, `date` or `year`/`month`); "
                "remove the option and add `month` to the entry if it is missing",
                location,
                "option",
            )
        # the card's record lives in the domain only; the node keeps where to find it
        cards = get_domain(self.env).table("cards").setdefault(self.env.docname, [])
        node = paper_card("", key=key, docname=self.env.docname, position=len(cards))
        cards.append(card)
        node["ids"].append(paper_anchor(key))
        self.set_source_info(node)
        summary = nodes.container(classes=["pc-card-summary"])
        summary += self.parse_content_to_nodes()
        node += summary
        return [node]


class CardRenderer(Renderer):
    """Fill each card from its view: BibTeX facts, tags, links, the entry and "Cited in"."""

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(paper_card)):
            # in a book (LaTeX, singlehtml) every page is transformed as part of the root document
            view = views.card(self.env, node["docname"], node["position"])
            node.replace_self(self.render(node, view))

    def render(self, node: paper_card, card: views.CardView) -> nodes.Element:
        box = nodes.container(classes=["pc-card"], ids=list(node["ids"]))
        if self.builder.format != "html":
            # other writers (LaTeX) label targets, not containers: links to the card land here
            box += nodes.target("", "", ids=list(box["ids"]))
        heading = nodes.paragraph(classes=["pc-card-title"])
        strong = nodes.strong()
        for kind, text in card.title:
            strong += nodes.math(text, text) if kind == "math" else nodes.Text(text)
        if card.link:
            heading += nodes.reference("", "", strong, refuri=card.link, classes=["pc-title-link"])
        else:
            heading += strong
        box += heading

        meta = nodes.paragraph(classes=["pc-card-meta"])
        authors = card.authors.replace("et al.", labels.text("et_al"))
        if authors:
            meta += nodes.inline(text=authors, classes=["pc-authors"])
        if card.venue:
            if authors:
                meta += nodes.Text(" · ")
            meta += nodes.inline(text=card.venue, classes=["pc-venue"])
        if len(meta):
            box += meta

        buttons = nodes.paragraph(classes=["pc-card-links"])
        if card.link:
            buttons += _button(labels.text("paper"), card.link, "pc-link-paper")
        if card.pdf:
            buttons += _button(labels.text("pdf"), card.pdf, "pc-link-pdf")
        if card.code:
            buttons += _button(labels.text("code"), card.code, "pc-link-code")
        if card.status:
            # the reader's progress with the paper, worded and styled unlike the page's status badge
            buttons += nodes.inline(
                text=labels.text("reading_status").format(status=labels.paper_status(card.status)),
                classes=["pc-status", f"pc-status-{card.status}"],
            )
        if card.date:
            buttons += nodes.inline(
                text=f"{labels.text('first_public')} {card.date}", classes=["pc-date"]
            )
        if len(buttons):
            box += buttons
        if card.chips:
            box += tag_chips(self.env, self.builder, card.chips)

        # Move, not copy: the gettext builder only extracts nodes that keep their read-time uid.
        for child in list(node.children):
            node.remove(child)
            box += child

        if card.bibtex:
            block = bibtex_block(summary=labels.text("bibtex"), classes=["pc-bibtex-block"])
            target = f"{card.anchor}-bibtex"
            block += nodes.literal_block(card.bibtex, card.bibtex, language="bibtex", ids=[target])
            block += copy_button(target=target)
            box += block

        box += self.cited_in(card.cited_in)
        return box

    def cited_in(self, groups: tuple[views.LayerGroup, ...]) -> nodes.Element:
        """The other pages citing the paper, by layer; folded when there are many."""
        section = nodes.container(classes=["pc-cited-in"])
        label = nodes.paragraph(classes=["pc-cited-in-label"])
        label += nodes.strong(text=labels.text("cited_in"))
        section += label
        if not groups:
            section += nodes.paragraph(text=labels.text("not_cited"), classes=["pc-empty"])
            return section
        here = self.env.docname
        items = nodes.bullet_list(classes=["pc-cited-in-list"])
        for layer in groups:
            group = nodes.list_item(classes=["pc-cited-in-layer"])
            name = layer.title or labels.text("no_layer")
            group += nodes.paragraph(text=name, classes=["pc-cited-in-layer-name"])
            pages = nodes.bullet_list()
            for page in layer.pages:
                pages += nodes.list_item(
                    "", nodes.paragraph("", "", doc_link(self.builder, here, page))
                )
            group += pages
            items += group
        count = sum(len(layer.pages) for layer in groups)
        if count <= CITED_IN_OPEN or self.builder.format != "html":
            section += items
            return section
        # many citing pages: a disclosure that says how many, closed until asked for
        summary = labels.text("cited_count").format(n=count)
        section += nodes.raw(
            "",
            f'<details class="pc-cited-in-more"><summary>{html.escape(summary)}</summary>',
            format="html",
        )
        section += items
        section += nodes.raw("", "</details>", format="html")
        return section


def _button(text: str, url: str, cls: str) -> nodes.reference:
    return nodes.reference("", text, refuri=url, classes=["pc-button", cls])


def setup_cards(app: Sphinx) -> None:
    app.add_directive("paper", PaperDirective)
    app.add_post_transform(CardRenderer)
