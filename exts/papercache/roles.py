"""``{paper}`key``` and ``{tag}`slug```: cross references resolved by the PaperCache domain."""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import views


class PaperCacheRole(XRefRole):
    """An XRefRole bound to the papercache domain without needing a domain prefix."""

    def __init__(self, reftype: str) -> None:
        super().__init__(innernodeclass=nodes.inline)
        self.reftype = reftype

    def result_nodes(self, document, env, node, is_ref):
        node["refdomain"] = "papercache"
        node["reftype"] = self.reftype
        node["classes"].append(f"pc-{self.reftype}-ref")
        return [node], []


class ReferenceText(SphinxPostTransform):
    """Give each {paper}/{tag} reference its text (unless written) and tooltip, from its view."""

    # before ReferencesResolver (priority 10) turns the pending_xref into a reference
    default_priority = 5

    def run(self, **kwargs) -> None:
        for node in self.document.findall(pending_xref):
            if node.get("refdomain") != "papercache":
                continue
            target = node["reftarget"]
            if node["reftype"] == "paper":
                ref = views.paper_ref(self.env, target)
                text, node["pc_title"] = ref.label, ref.title
            else:
                chip = views.chip(self.env, target)
                text, node["pc_title"] = chip.label, chip.description
            inner = node.next_node(nodes.inline)
            if inner is not None and not node.get("refexplicit"):
                inner.children[:] = [nodes.Text(text)]


def keep_text(app: Sphinx, env, node: pending_xref, contnode: nodes.Element):
    """Unresolvable papercache references render as text; checks.py already warned about them."""
    if node.get("refdomain") == "papercache":
        return contnode
    return None


def setup_roles(app: Sphinx) -> None:
    app.add_role("paper", PaperCacheRole("paper"))
    app.add_role("tag", PaperCacheRole("tag"))
    app.add_post_transform(ReferenceText)
    app.connect("missing-reference", keep_text)
