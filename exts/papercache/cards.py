"""The ``paper`` directive: a card built from references.bib plus what the page adds."""

from __future__ import annotations

import html
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import bib, labels, options
from .domain import Card, get_domain, paper_anchor
from .listing import layer_of
from .nodes import bibtex_block, copy_button, paper_card
from .render import Renderer, doc_link, doc_title, tag_chips

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
                card = Card(key, self.env.docname, node.line or 0, (), "", "")
            node.replace_self(self.render(node, card, entry))

    def render(self, node: paper_card, card: Card, entry: bib.BibEntry | None) -> nodes.Element:
        box = nodes.container(classes=["pc-card"], ids=list(node["ids"]))
        links = entry.links() if entry else []
        heading = nodes.paragraph(classes=["pc-card-title"])
        strong = nodes.strong()
        for kind, text in (entry.title_segments() if entry else []) or [("text", card.key)]:
            strong += nodes.math(text, text) if kind == "math" else nodes.Text(text)
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
            if authors:
                meta += nodes.inline(text=authors, classes=["pc-authors"])
            venue = " ".join(part for part in (entry.venue, entry.year) if part)
            if venue:
                if authors:
                    meta += nodes.Text(" · ")
                meta += nodes.inline(text=venue, classes=["pc-venue"])
            if len(meta):
                box += meta

        buttons = nodes.paragraph(classes=["pc-card-links"])
        if links:
            buttons += _button(labels.text("paper"), links[0][1], "pc-link-paper")
        if entry and entry.pdf_url():
            buttons += _button(labels.text("pdf"), entry.pdf_url(), "pc-link-pdf")
        if card.code:
            buttons += _button(labels.text("code"), card.code, "pc-link-code")
        if card.status:
            # the reader's progress with the paper, worded and styled unlike the page's status badge
            buttons += nodes.inline(
                text=labels.text("reading_status").format(status=labels.paper_status(card.status)),
                classes=["pc-status", f"pc-status-{card.status}"],
            )
        if entry and entry.first_public():
            buttons += nodes.inline(
                text=f"{labels.text('first_public')} {entry.first_public()}", classes=["pc-date"]
            )
        if len(buttons):
            box += buttons
        # the page's own tags already stand above the card; show only those it does not
        shown = get_domain(self.env).data["page_meta"].get(self.env.docname, {}).get("tags", ())
        extra = [tag for tag in card.tags if tag not in shown]
        if extra:
            box += tag_chips(self.env, self.builder, extra)

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
        """The other pages citing *key*, grouped by layer, by title; folded when there are many."""
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
        order = list(self.config.papercache_layers)
        groups: dict[str, list[str]] = {}
        for doc in others:
            groups.setdefault(layer_of(self.env, doc), []).append(doc)
        items = nodes.bullet_list(classes=["pc-cited-in-list"])
        rank = {layer: i for i, layer in enumerate(order)}
        for layer in sorted(groups, key=lambda g: (rank.get(g, len(order)), g)):
            prefix = self.config.papercache_layers.get(layer)
            name = doc_title(self.env, f"{prefix}index") if prefix else labels.text("no_layer")
            group = nodes.list_item(classes=["pc-cited-in-layer"])
            group += nodes.paragraph(text=name, classes=["pc-cited-in-layer-name"])
            pages = nodes.bullet_list()
            for doc in sorted(groups[layer], key=lambda d: (doc_title(self.env, d), d)):
                item = nodes.list_item()
                item += nodes.paragraph("", "", doc_link(self.env, self.builder, here, doc))
                pages += item
            group += pages
            items += group
        if len(others) <= CITED_IN_OPEN or self.builder.format != "html":
            section += items
            return section
        # many citing pages: a disclosure that says how many, closed until asked for
        summary = labels.text("cited_count").format(n=len(others))
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
