"""``{paper}`key``` and ``{tag}`slug```: cross references resolved by the PaperCache domain."""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import bib
from .domain import get_domain
from .render import doc_title


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


class ReferenceLabels(SphinxPostTransform):
    """Give implicit-title {paper}/{tag} references their display text."""

    # before ReferencesResolver (priority 10) turns the pending_xref into a reference
    default_priority = 5

    def run(self, **kwargs) -> None:
        domain = get_domain(self.env)
        for node in self.document.findall(pending_xref):
            if node.get("refdomain") != "papercache" or node.get("refexplicit"):
                continue
            target = node["reftarget"]
            if node["reftype"] == "paper":
                text = paper_label(self.env, target)
            else:
                tag = domain.index.tags.get(target)
                text = tag.label if tag else target
            inner = node.next_node(nodes.inline)
            if inner is not None:
                inner.children[:] = [nodes.Text(text)]


class PaperTitles(SphinxPostTransform):
    """A {paper} link's tooltip is the paper's title; the domain leaves its key there."""

    default_priority = 20  # after ReferencesResolver (10) has made the reference

    def run(self, **kwargs) -> None:
        entries = bib.for_env(self.env).entries
        for ref in self.document.findall(nodes.reference):
            if "pc-paper-ref" not in ref["classes"]:
                continue
            entry = entries.get(ref.get("reftitle", ""))
            if entry is not None and entry.title:
                ref["reftitle"] = entry.title


def keep_text(app: Sphinx, env, node: pending_xref, contnode: nodes.Element):
    """Unresolvable papercache references render as text; checks.py already warned about them."""
    if node.get("refdomain") == "papercache":
        return contnode
    return None


def setup_roles(app: Sphinx) -> None:
    app.add_role("paper", PaperCacheRole("paper"))
    app.add_role("tag", PaperCacheRole("tag"))
    app.add_post_transform(ReferenceLabels)
    app.add_post_transform(PaperTitles)
    app.connect("missing-reference", keep_text)
