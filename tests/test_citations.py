"""The faster cite domain returns exactly what sphinxcontrib-bibtex's own filtering returns."""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

from docutils import nodes
from papercache import citations
from pybtex.style.formatting import BaseStyle
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.transforms import BibliographyTransform
from util import copy_root, html_pages, isolated, sphinx

LOCAL = "\n```{bibliography}\n:filter: docname in docnames\n:list: bullet\n```\n"
OTHER = '\n```{bibliography}\n:filter: cited and year >= "2023"\n:list: enumerated\n```\n'


def test_filtered_entries_equal_upstream(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    for page in ("notes/paged.md", "chapters/serving.md"):
        with (src / page).open("a", encoding="utf-8") as fh:
            fh.write(LOCAL)
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write(OTHER)
    with isolated(src):  # no registry or translator of this app outlives the test
        app = Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None)
        app.build()
    domain = app.env.get_domain("cite")
    assert type(domain).__name__ == "PaperCacheBibtexDomain"
    checked = 0
    for key in domain.bibliographies:
        ours = [k for k, _entry in domain.get_filtered_entries(key)]
        upstream = [k for k, _entry in BibtexDomain.get_filtered_entries(domain, key)]
        assert ours == upstream, key
        docnames = sorted(app.env.found_docs)
        ours = [k for k, _entry in domain.get_sorted_entries(key, docnames)]
        upstream = [k for k, _entry in BibtexDomain.get_sorted_entries(domain, key, docnames)]
        assert ours == upstream, key
        checked += 1
    assert checked == 4  # the :all: page, two local lists and one custom filter
    keys = sorted({citation.key for citation in domain.citations})
    assert len(keys) == 3 and len(domain.citations) > len(keys)  # keys shown in several lists
    for docname in sorted(app.env.found_docs):
        for target in [*keys, ",".join(reversed(keys)), "nosuchkey2024"]:
            node = addnodes.pending_xref(target, refdoc=docname)
            args = (app.env, docname, app.builder, "p", target, node, nodes.inline())
            ours = domain.resolve_xref(*args).pformat()
            upstream = BibtexDomain.resolve_xref(domain, *args).pformat()
            assert ours == upstream, (docname, target)
    serving = (tmp_path / "out" / "chapters" / "serving.html").read_text(encoding="utf-8")
    local = serving[serving.index('<ul class="simple"') :]
    local = local[: local.index("</ul>")]
    assert "Müller" in local and "Kwon" not in local  # only what the page itself {cite}s


MISSING = "@article{nojournal2024,\n  title = {No Journal},\n  author = {Doe, J.},\n  year = 2024}"


def build_counting(src: Path, out: Path) -> tuple[int, str]:
    """Build (a new application, as an author's next sphinx-build) and count pybtex's formatting."""
    calls = []
    original = BaseStyle.format_entry

    def counting(self, *args):
        calls.append(1)
        return original(self, *args)

    BaseStyle.format_entry = counting
    try:
        build = sphinx(src, out)
    finally:
        BaseStyle.format_entry = original
    assert build.returncode == 0, build.output
    return len(calls), "\n".join(build.warnings)


def test_formatted_entries_are_reused_until_the_bib_changes(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "out"
    first, warnings = build_counting(src, out)
    assert first > 0 and "missing" not in warnings  # the root's entries all format
    again, _ = build_counting(src, out)
    assert again == 0  # nothing changed: no entry is formatted again
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write("\n多了一段。\n")
    edited, _ = build_counting(src, out)
    assert edited == 0  # a text edit does not change any bibliography
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{OSDI}", "{OSDI '22}"), "utf-8")
    changed, _ = build_counting(src, out)
    assert changed > 0
    page = (out / "bibliography.html").read_text(encoding="utf-8")
    assert "OSDI '22" in page or "OSDI &#39;22" in page


def test_an_entry_that_cannot_be_formatted_warns_on_every_build(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    with (src / "refs.bib").open("a", encoding="utf-8") as fh:
        fh.write("\n" + MISSING)
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write("\n另见 {cite}`nojournal2024`。\n")
    for _ in range(2):
        _, warnings = build_counting(src, tmp_path / "out")
        assert "missing journal in nojournal2024" in warnings


def test_papercache_style_formats_as_plain(tmp_path: Path) -> None:
    pages = {}
    for style in ("plain", "papercache"):
        src = copy_root("basic", tmp_path / style)
        for page in ("notes/paged.md", "chapters/serving.md"):  # entries in several lists
            with (src / page).open("a", encoding="utf-8") as fh:
                fh.write(LOCAL)
        build = sphinx(src, tmp_path / f"{style}-out", "-D", f"bibtex_default_style={style}")
        assert build.returncode == 0, build.output
        pages[style] = html_pages(tmp_path / f"{style}-out")
    assert pages["plain"].keys() == pages["papercache"].keys()
    for name, html in pages["plain"].items():
        assert html == pages["papercache"][name], name
    assert (
        "Efficient memory management for large language model"
        in pages["papercache"]["bibliography.html"]
    )


AUTO_ID = re.compile(r'(id|href)="([^"#]*)(#?)(id[0-9]+)"')


def canonical_ids(pages: dict[str, str]) -> dict[str, str]:
    """*pages* with automatic ids renamed id1, id2, ... per page in order of definition.

    Links are renamed with the page they point to, so a link to another page's entry must still
    land on the entry that is in the same place there.
    """
    order = {
        name: {m[3]: f"id{i}" for i, m in enumerate(AUTO_ID.findall(html), 1) if m[0] == "id"}
        for name, html in pages.items()
    }

    def rename(name: str, match: re.Match) -> str:
        attr, path, hash_, auto = match.groups()
        if attr == "id":
            return f'id="{order[name][auto]}"'
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
        return f'href="{path}{hash_}{order.get(target, {}).get(auto, "unknown-" + auto)}"'

    return {
        name: AUTO_ID.sub(functools.partial(rename, name), html) for name, html in pages.items()
    }


def test_local_bibliographies_equal_upstream_up_to_automatic_ids(
    tmp_path: Path, monkeypatch
) -> None:
    src = copy_root("basic", tmp_path / "src")
    with (src / "chapters/serving.md").open("a", encoding="utf-8") as fh:
        # a citation after the list still gets its entry; a footnote after it its own id
        fh.write(LOCAL + "\n后文再引 {cite}`yu2022orca`[^n]。\n\n[^n]: 脚注。\n")
    with (src / "notes/paged.md").open("a", encoding="utf-8") as fh:
        fh.write("\n```{bibliography}\n:filter: docname in docnames\n\nevil2024\n```\n")
    with isolated(src):
        app = Sphinx(src, src, tmp_path / "ours", tmp_path / "ours.doctrees", "html", status=None)
        app.build()
    domain = app.env.get_domain("cite")
    by_doc = {key.docname: b for key, b in domain.bibliographies.items()}
    assert set(by_doc["chapters/serving"].citation_nodes) == {"evil2024", "yu2022orca"}  # of 3
    assert set(by_doc["notes/paged"].citation_nodes) == {"evil2024", "kwon2023pagedattention"}
    assert len(by_doc["bibliography"].citation_nodes) == 3  # :all: needs every entry
    with monkeypatch.context() as upstream_nodes:  # a node for every entry, at once
        upstream_nodes.setattr(citations, "LocalBibliographyDirective", BibliographyDirective)
        upstream_nodes.setattr(citations, "complete_citation_nodes", lambda app, doctree: None)
        upstream_nodes.setattr(
            citations.PaperCacheBibtexDomain, "resolve_xref", BibtexDomain.resolve_xref
        )
        upstream_nodes.setattr(citations, "PaperCacheBibliographyTransform", BibliographyTransform)
        assert sphinx(src, tmp_path / "upstream").returncode == 0
    ours, upstream = html_pages(tmp_path / "ours"), html_pages(tmp_path / "upstream")
    assert ours.keys() == upstream.keys()
    same_ours, same_upstream = canonical_ids(ours), canonical_ids(upstream)
    for name, html in same_ours.items():
        assert html == same_upstream[name], name
    assert ours["chapters/serving.html"] != upstream["chapters/serving.html"]  # ids did move
    serving = ours["chapters/serving.html"]
    local = serving[serving.index('<ul class="simple"') :]
    local = local[: local.index("</ul>")]
    assert "Orca" in local and "Kwon" not in local
    assert "unknown-" not in "".join(same_ours.values())  # every link lands on an element


def test_cite_with_pre_and_post_text(tmp_path: Path) -> None:
    """Upstream's documented ``{cite:p}`{see}key{p. 3}``: no false unknown-key warning."""
    src = copy_root("basic", tmp_path / "src")
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write("\n另见 {cite:p}`{see}kwon2023pagedattention{p. 3}`。\n")
    build = sphinx(src, tmp_path / "out")
    assert [w for w in build.warnings if "orca.md" in w] == []
    page = (tmp_path / "out" / "notes" / "orca.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "see Kwon et al., 2023, p. 3" in text  # as upstream renders it
