"""The faster cite domain returns exactly what sphinxcontrib-bibtex's own filtering returns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain
from util import ROOT, copy_root, html_pages, sphinx

LOCAL = "\n```{bibliography}\n:filter: docname in docnames\n:list: bullet\n```\n"
OTHER = '\n```{bibliography}\n:filter: cited and year >= "2023"\n:list: enumerated\n```\n'


def test_filtered_entries_equal_upstream(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    for page in ("notes/paged.md", "chapters/serving.md"):
        with (src / page).open("a", encoding="utf-8") as fh:
            fh.write(LOCAL)
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write(OTHER)
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
    serving = (tmp_path / "out" / "chapters" / "serving.html").read_text(encoding="utf-8")
    local = serving[serving.index('<ul class="simple"') :]
    local = local[: local.index("</ul>")]
    assert "Müller" in local and "Kwon" not in local  # only what the page itself {cite}s


# Builds in a fresh process and prints how many entries pybtex formatted.
COUNTING = """
import sys
sys.path.insert(0, {exts!r})
from pybtex.style.formatting import BaseStyle
from sphinx.cmd.build import main
calls = []
original = BaseStyle.format_entry
BaseStyle.format_entry = lambda self, *args: calls.append(1) or original(self, *args)
status = main(["-b", "html", "-q", "-n", *sys.argv[1:]])
print("formatted:", len(calls))
sys.exit(status)
"""
MISSING = "@article{nojournal2024,\n  title = {No Journal},\n  author = {Doe, J.},\n  year = 2024}"


def build_counting(src: Path, out: Path) -> tuple[int, str]:
    cmd = [sys.executable, "-c", COUNTING.format(exts=str(ROOT / "exts"))]
    cmd += ["-d", str(out) + ".doctrees", str(src), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=src)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return int(proc.stdout.split("formatted:")[1]), proc.stderr


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


UNPRUNED = """
import sys
sys.path.insert(0, {exts!r})
from papercache import citations
from sphinx.cmd.build import main
citations.prune_citation_nodes = lambda app, doctree: None  # upstream's nodes, all kept
sys.exit(main(["-b", "html", "-q", "-n", *sys.argv[1:]]))
"""


def test_pruned_citation_nodes_change_no_output(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    for page in ("notes/paged.md", "chapters/serving.md"):
        with (src / page).open("a", encoding="utf-8") as fh:
            fh.write(LOCAL)
    app = Sphinx(src, src, tmp_path / "ours", tmp_path / "ours.doctrees", "html", status=None)
    app.build()
    domain = app.env.get_domain("cite")
    by_doc = {key.docname: b for key, b in domain.bibliographies.items()}
    assert set(by_doc["chapters/serving"].citation_nodes) == {"evil2024"}  # of 3 entries
    assert len(by_doc["bibliography"].citation_nodes) == 3  # :all: needs every entry
    cmd = [sys.executable, "-c", UNPRUNED.format(exts=str(ROOT / "exts"))]
    cmd += ["-d", str(tmp_path / "upstream.doctrees"), str(src), str(tmp_path / "upstream")]
    subprocess.run(cmd, check=True, capture_output=True, cwd=src)
    ours, upstream = html_pages(tmp_path / "ours"), html_pages(tmp_path / "upstream")
    assert ours.keys() == upstream.keys()
    for name, html in ours.items():
        assert html == upstream[name], name
