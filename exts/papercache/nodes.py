"""Node classes; placeholders are replaced by standard docutils nodes in post-transforms."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from . import labels


class paper_card(nodes.General, nodes.Element):
    """A card as written: key and options; children are the (translatable) summary."""


class paper_list(nodes.General, nodes.Element):
    """A listing of papers, filled in at write time from the whole site."""


class tag_def(nodes.General, nodes.Element):
    """One entry of the tag vocabulary: children are the label and description paragraphs."""


class page_meta(nodes.General, nodes.Element):
    """Status badge and tag chips of a page, from its front matter."""


class bibtex_block(nodes.container):
    """A disclosure holding a BibTeX entry; a plain container for non-HTML builders."""


class copy_button(nodes.comment):
    """A copy-to-clipboard button; other builders skip it as they skip comments."""


def visit_bibtex_block_html(self: HTML5Translator, node: bibtex_block) -> None:
    self.body.append(self.starttag(node, "details", CLASS="pc-bibtex"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>")


def depart_bibtex_block_html(self: HTML5Translator, node: bibtex_block) -> None:
    self.body.append("</details>\n")


def visit_copy_button_html(self: HTML5Translator, node: copy_button) -> None:
    self.body.append(
        self.starttag(
            node,
            "button",
            "",
            type="button",
            CLASS="pc-copy",
            **{"data-copied": labels.text("copied"), "data-target": node["target"]},
        )
    )
    self.body.append(self.encode(labels.text("copy")) + "</button>")
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    # Placeholders never reach a writer (post-transforms replace them), so they need no visitors.
    for node in (paper_card, paper_list, tag_def, page_meta):
        app.add_node(node)
    app.add_node(bibtex_block, html=(visit_bibtex_block_html, depart_bibtex_block_html))
    app.add_node(copy_button, html=(visit_copy_button_html, None))
