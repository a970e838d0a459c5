"""The ``paper`` directive: a card built from references.bib plus what the page adds."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import bib, labels, options
from .domain import Card, get_domain, paper_anchor
from .nodes import bibtex_block, copy_button, paper_card
from .render import Renderer, doc_link, tag_chips

PAPER_STATUS = tuple(labels.STATUS_PAPER)


class PaperDirective(SphinxDirective):
    """``{paper} key``: the card of one paper; the body is its summary."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {
        "tags": directives.unchanged,
        "code": directives.unchanged,
        "status": directives.unchanged,
        "date": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        location = self.get_location()
        card = {
            "key": key,
            "line": self.lineno,
            "tags": tuple(options.split_list(self.options.get("tags"))),
            "status": options.choice(self.options.get("status"), PAPER_STATUS, "status", location),
            "date": options.date(self.options.get("date"), location),
            "code": options.url(self.options.get("code"), "code", location),
        }
        get_domain(self.env).table("cards").setdefault(self.env.docname, []).append(card)
        node = paper_card("", key=key)
        node["ids"].append(paper_anchor(key))
        self.set_source_info(node)
        self.add_name(node)
        summary = nodes.container(classes=["pc-card-summary"])
        summary += self.parse_content_to_nodes()
        node += summary
        return [node]


class CardRenderer(Renderer):
    """Fill each card with the BibTeX facts, tags, links, the entry itself and "Cited in"."""

    def run(self, **kwargs) -> None:
        domain = get_domain(self.env)
        db = bib.for_env(self.env)
        for node in list(self.document.findall(paper_card)):
            key = node["key"]
            entry = db.entries.get(key)
            # The first card of a key is the one listed; a duplicate still renders (and is warned).
            card = domain.index.cards.get(key)
            if card is None or card.docname != self.env.docname:
                card = Card(key, self.env.docname, node.line or 0, (), "", "", "")
            node.replace_self(self.render(node, card, entry))

    def render(self, node: paper_card, card: Card, entry: bib.BibEntry | None) -> nodes.Element:
        box = nodes.container(classes=["pc-card"], ids=list(node["ids"]))
        title = entry.title if entry and entry.title else card.key
        links = entry.links() if entry else []
        heading = nodes.paragraph(classes=["pc-card-title"])
        strong = nodes.strong(text=title)
        if links:
            heading += nodes.reference(
                "", "", strong, refuri=links[0][1], classes=["pc-title-link"]
            )
        else:
            heading += strong
        box += heading

        if entry:
            meta = nodes.paragraph(classes=["pc-card-meta"])
            authors = entry.short_authors().replace("et al.", labels.text("et_al"))
            meta += nodes.inline(text=authors, classes=["pc-authors"])
            venue = " ".join(part for part in (entry.venue, entry.year) if part)
            if venue:
                meta += nodes.Text(" · ")
                meta += nodes.inline(text=venue, classes=["pc-venue"])
            box += meta

        buttons = nodes.paragraph(classes=["pc-card-links"])
        if links:
            buttons += _button(labels.text("paper"), links[0][1], "pc-link-paper")
        if entry and entry.pdf_url():
            buttons += _button(labels.text("pdf"), entry.pdf_url(), "pc-link-pdf")
        if card.code:
            buttons += _button(labels.text("code"), card.code, "pc-link-code")
        if card.status:
            buttons += nodes.inline(
                text=labels.paper_status(card.status),
                classes=["pc-status", f"pc-status-{card.status}"],
            )
        if card.date:
            buttons += nodes.inline(
                text=f"{labels.text('listed')} {card.date}", classes=["pc-date"]
            )
        if len(buttons):
            box += buttons
        if card.tags:
            box += tag_chips(self.env, self.builder, card.tags)

        # Move, not copy: the gettext builder only extracts nodes that keep their read-time uid.
        for child in list(node.children):
            node.remove(child)
            box += child

        if entry:
            block = bibtex_block(summary=labels.text("bibtex"), classes=["pc-bibtex-block"])
            target = f"{box['ids'][0]}-bibtex" if box["ids"] else ""
            literal = nodes.literal_block(entry.raw, entry.raw, language="bibtex", ids=[target])
            block += literal
            block += copy_button(target=target)
            box += block

        box += self.cited_in(card.key)
        return box

    def cited_in(self, key: str) -> nodes.Element:
        domain = get_domain(self.env)
        here = self.env.docname
        others = [doc for doc in domain.index.cited_in.get(key, []) if doc != here]
        section = nodes.container(classes=["pc-cited-in"])
        label = nodes.paragraph(classes=["pc-cited-in-label"])
        label += nodes.strong(text=labels.text("cited_in"))
        section += label
        if not others:
            section += nodes.paragraph(text=labels.text("not_cited"), classes=["pc-empty"])
            return section
        items = nodes.bullet_list(classes=["pc-cited-in-list"])
        for doc in others:
            item = nodes.list_item()
            item += nodes.paragraph("", "", doc_link(self.env, self.builder, here, doc))
            items += item
        section += items
        return section


def _button(text: str, url: str, cls: str) -> nodes.reference:
    return nodes.reference("", text, refuri=url, classes=["pc-button", cls])


def setup_cards(app: Sphinx) -> None:
    app.add_directive("paper", PaperDirective)
    app.add_post_transform(CardRenderer)
