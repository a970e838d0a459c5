"""singlehtml: one fragment per link, as the builder wrote them before Sphinx 8.2.

Sphinx 8.2 stopped calling ``SingleFileHTMLBuilder.fix_refuris``, so every reference made with
``make_refnode`` to an id of another page (``{paper}``, ``{cite}``, ``{ref}``) points to
``#document-x#id``, which no browser follows (sphinx-doc/sphinx#14221; the fix, restoring the
call, is sphinx-doc/sphinx#14241). Delete this module once the pinned Sphinx includes it. Links
the extension writes as raw HTML (the map) are not nodes, so render.anchored_uri makes them
right in the first place.
"""

from __future__ import annotations

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.transforms.post_transforms import SphinxPostTransform

AFFECTED = sphinx.version_info[:2] >= (8, 2)  # still so in 9.0.4, the version we pin


def one_fragment(tree: nodes.Node, root: str) -> None:
    """Keep the last fragment of each ``#document-x#id`` reference: the id, unique in the page.

    A link to the root document itself (``#document-index``) goes to the top: only the other
    documents get a ``document-x`` element.
    """
    for ref in tree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri.startswith("#") and "#" in uri[1:]:
            ref["refuri"] = uri[uri.rindex("#") :]
        elif uri == f"#document-{root}":
            ref["refuri"] = "#"


class OneFragment(SphinxPostTransform):
    """The page's references."""

    builders = ("singlehtml",)
    default_priority = 900  # after every reference is made (ReferencesResolver is 10)

    def run(self, **kwargs) -> None:
        one_fragment(self.document, self.config.root_doc)


def sidebar_toc(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the sidebar's table of contents, made as the builder makes it."""
    if app.builder.name != "singlehtml" or not context.get("toc"):
        return
    toctree = global_toctree_for_doc(
        app.env, app.config.root_doc, app.builder, tags=app.builder.tags, collapse=False
    )
    one_fragment(toctree, app.config.root_doc)
    context["toc"] = app.builder.render_partial(toctree)["fragment"]


def setup_singlehtml(app: Sphinx) -> None:
    if AFFECTED:
        app.add_post_transform(OneFragment)
        app.connect("html-page-context", sidebar_toc)
