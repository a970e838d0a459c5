"""Tag vocabulary (``tagdef``), page front matter (tags, status) and the generated tag pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import bibexport, labels, options, views
from .domain import get_domain, tag_pagename, writes_tag_pages
from .nodes import page_meta, tag_def
from .render import Renderer, doc_link, tag_chips, tag_link

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAGE_STATUS = tuple(labels.STATUS_PAGE)


class TagDefDirective(SphinxDirective):
    """``{tagdef} slug``: first paragraph is the label, the rest the one-line description."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        slug = self.arguments[0].strip()
        if not SLUG.match(slug):
            # the slug names the tag page's file: anything else could escape the output directory
            raise self.error(
                f'tag slug "{slug}" must be lowercase ASCII words (letters and digits) joined by '
                f'hyphens, e.g. "{_slugify(slug)}"; the tag is not defined'
            )
        node = tag_def("", slug=slug)
        node["ids"].append(f"tag-{slug}")
        self.set_source_info(node)
        node += self.parse_content_to_nodes()
        if not any(isinstance(child, nodes.paragraph) for child in node.children):
            raise self.error(f'tag "{slug}" needs a label (first paragraph of the block)')
        return [node]


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "tag"


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """After the (translated) doctree is final, record tags, status, tag definitions and refs."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)

    definitions = []
    for node in doctree.findall(tag_def):
        paras = [child for child in node.children if isinstance(child, nodes.paragraph)]
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        title = parent.next_node(nodes.title) if parent is not None else None
        definitions.append(
            {
                "slug": node["slug"],
                "label": paras[0].astext() if paras else node["slug"],
                "description": " ".join(p.astext() for p in paras[1:]),
                "line": node.line or 0,
                "section": title.astext() if title is not None else "",
            }
        )
    if definitions:
        domain.table("tagdefs")[docname] = definitions

    meta = env.metadata.get(docname, {})
    tags, status = _front_matter_tags(meta.get("tags")), str(meta.get("status", "") or "")
    if tags or status:
        line = _front_matter_line(env.doc2path(docname), ("tags", "status"))
        location = (docname, line)
        status = options.choice(status, PAGE_STATUS, "status", location) if status else ""
        domain.table("page_meta")[docname] = {"tags": tags, "status": status, "line": line}
        _insert_page_meta(doctree, docname)

    paper_refs, tag_refs = [], []
    for ref in doctree.findall(pending_xref):
        if ref.get("refdomain") == "papercache":
            target = (ref["reftarget"], ref.line or 0)
            (paper_refs if ref["reftype"] == "paper" else tag_refs).append(target)
    for name, refs in (("paper_refs", paper_refs), ("tag_refs", tag_refs)):
        if refs:
            domain.table(name)[docname] = refs


def _front_matter_tags(value) -> list[str]:
    """MyST stores a front-matter list as JSON text; accept that, a list, or "a, b"."""
    if not value:
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            value = value.strip("[]")
    if isinstance(value, str):
        return options.split_list(value)
    return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def _front_matter_line(path: Path, keys: tuple[str, ...]) -> int:
    """Return the line of the first of *keys* in the front matter (1 if not found)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if number > 1 and line.strip() == "---":
                    break
                if line.split(":", 1)[0].strip() in keys:
                    return number
    except OSError:
        pass
    return 1


def _insert_page_meta(doctree: nodes.document, docname: str) -> None:
    section = doctree.next_node(nodes.section)
    node = page_meta(docname=docname)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, node)
    else:
        doctree.insert(0, node)


class TagRenderer(Renderer):
    """Render vocabulary entries (with counts) and page badges/chips."""

    def run(self, **kwargs) -> None:
        builder = self.builder
        docname = self.env.docname
        for node in list(self.document.findall(tag_def)):
            view = views.tag_entry(self.env, node["slug"])
            entry = nodes.container(classes=["pc-tagdef"], ids=list(node["ids"]))
            head = nodes.paragraph(classes=["pc-tagdef-head"])
            head += tag_link(builder, view.chip, docname)
            head += nodes.inline(text=f" ({view.count})", classes=["pc-count"])
            head += nodes.literal(text=view.chip.slug, classes=["pc-slug"])
            entry += head
            if view.chip.description:
                entry += nodes.paragraph(text=view.chip.description, classes=["pc-tagdef-desc"])
            node.replace_self(entry)
        for node in list(self.document.findall(page_meta)):
            # in a book (LaTeX, singlehtml) every page is transformed as part of the root document
            meta = views.page_meta(self.env, node["docname"])
            para = nodes.paragraph(classes=["pc-page-meta"])
            if meta and meta.status:
                para += nodes.inline(
                    text=labels.page_status(meta.status),
                    classes=["pc-badge", f"pc-badge-{meta.status}"],
                )
                para += nodes.Text(" ")
            if meta and meta.chips:
                para.extend(tag_chips(self.env, builder, meta.chips).children)
            node.replace_self(para if len(para) else [])


def tag_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Yield the page of each defined tag whose content changed (or whose file is missing)."""
    builder = app.builder
    if not writes_tag_pages(builder):
        return
    env = app.env
    domain = get_domain(env)
    # When no document was outdated Sphinx skips its write phase, where it sets these tables
    # that the HTML translator reads; tag pages have no numbered figures or sections.
    for table in ("fignumbers", "secnumbers"):
        if not hasattr(builder, table):
            setattr(builder, table, {})
    # every defined slug matches SLUG: TagDefDirective refuses the others
    for slug in sorted(domain.index.tags):
        pagename = tag_pagename(slug)
        if pagename in env.all_docs:
            continue  # the collision is reported by the consistency checks
        unchanged = domain.tag_pages_to_write is not None and slug not in domain.tag_pages_to_write
        if unchanged and Path(builder.get_outfilename(pagename)).exists():
            continue
        page = views.tag_page(env, slug)
        section = nodes.section(ids=[f"tag-{slug}"])
        section += nodes.title(text=page.chip.label)
        if page.chip.description:
            section += nodes.paragraph(text=page.chip.description, classes=["pc-tag-desc"])
        links = [doc_link(builder, pagename, link) for link in page.pages]
        section += _listing(labels.text("pages"), links)
        papers = []
        for row in page.papers:
            link = doc_link(builder, pagename, views.PageLink(row.docname, row.title), row.anchor)
            papers.append(
                [link, nodes.Text(f" — {row.author_year}")] if row.author_year else [link]
            )
        section += _listing(labels.text("papers"), papers)
        section += bibexport.tag_actions(builder, pagename, page)  # .bib of the list, feed
        back = nodes.paragraph(classes=["pc-tag-back"])
        back += doc_link(builder, pagename, page.vocabulary)
        back.children[0].children[:] = [nodes.Text("← " + labels.text("all_tags"))]
        section += back
        body = builder.render_partial(section)["fragment"]
        context = {
            "title": page.chip.label,
            "body": body,
            "display_toc": False,
            "toc": "",
            "papercache_tag_page": True,
        }
        yield pagename, context, "page.html"


def _listing(heading: str, items: list) -> list[nodes.Node]:
    out: list[nodes.Node] = [nodes.rubric(text=f"{heading} ({len(items)})")]
    if not items:
        out.append(nodes.paragraph(text=labels.text("no_items"), classes=["pc-empty"]))
        return out
    bullets = nodes.bullet_list(classes=["pc-tag-items"])
    for item in items:
        para = nodes.paragraph()
        para.extend(item if isinstance(item, list) else [item])
        bullets += nodes.list_item("", para)
    out.append(bullets)
    return out


def setup_tags(app: Sphinx) -> None:
    app.add_directive("tagdef", TagDefDirective)
    app.connect("doctree-read", collect)
    app.add_post_transform(TagRenderer)
    app.connect("html-collect-pages", tag_pages)
