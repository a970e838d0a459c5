"""Incremental = fresh, and two fresh builds are identical (-j 2 = -j 1: test_parallel.py)."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from test_discovery import add_map_page
from util import copy_root, html_pages, isolated, mutable_defaults, sphinx

# Sphinx itself numbers some ids per build (e.g. "id3" of citations): same in both builds we
# compare, so no normalisation is needed except the search index (test_parallel.py compares it).
SKIP = ("searchindex.js",)


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        file = src / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(path: str, text: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        file = src / path
        file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def delete(path: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        (src / path).unlink()
        index = src / "index.md"
        index.write_text(
            index.read_text(encoding="utf-8").replace(path.removesuffix(".md") + "\n", ""),
            encoding="utf-8",
        )

    return edit


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "add a tag to a page",
        replace("notes/orca.md", "# Orca", "---\ntags: [kv-cache]\n---\n\n# Orca"),
    ),
    ("remove it again", replace("notes/orca.md", "---\ntags: [kv-cache]\n---\n\n", "")),
    ("rename a tag label", replace("tags/index.md", "KV 缓存\n\nKV", "键值缓存\n\nKV")),
    (
        "add a card",
        append("chapters/serving.md", "\n```{paper} evil2024\n:tags: batching\n\n新卡片。\n```\n"),
    ),
    ("change a bib title", replace("refs.bib", "Orca: A Distributed", "Orca: The Distributed")),
    ("add a cite", append("notes/orca.md", "\n另见 {cite}`kwon2023pagedattention`。\n")),
    ("change a page title", replace("chapters/serving.md", "# 推理服务", "# 推理服务与调度")),
    # an entry only cited (no card): its citation tooltips and the bibliography
    (
        "retitle a cited-only entry",
        replace("refs.bib", "FlashAttention: Fast", "FlashAttention: Quick"),
    ),
    # an entry with a card that others link: card, listings, tag page, {paper} tooltips
    (
        "retitle an entry with a card",
        replace("refs.bib", "Efficient Memory Management for", "Efficient Memory Handling for"),
    ),
    # the label of a tag on a card: chips, tag pages, the vocabulary
    ("relabel a card's tag", replace("tags/index.md", "批处理\n\n连续", "连续批处理\n\n连续")),
    # a page with a card: "Cited in", listings, navigation, the {paper} text that names it
    (
        "retitle a page with a card",
        replace("notes/paged.md", "# PagedAttention：分页管理", "# PagedAttention：分页存放"),
    ),
    (
        "narrow a paperlist",
        replace("chapters/serving.md", ":tags: kv-cache, batching", ":tags: kv-cache"),
    ),
    (
        "regroup a paperlist",
        replace("papers.md", ":group-by: month\n:style: compact", ":group-by: year\n:style: cards"),
    ),
    ("delete a page", delete("notes/evil.md")),
]

# An entry that is cited but has no card; the edits above retitle it.
ONLY_CITED = """
@inproceedings{dao2022flashattention,
  title = {FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness},
  author = {Dao, Tri and Fu, Daniel Y.},
  booktitle = {NeurIPS},
  year = {2022},
}
"""


def compare(incremental: dict[str, str], fresh: dict[str, str]) -> list[str]:
    """Return the pages that differ (or exist in only one build)."""
    names = sorted(set(incremental) | set(fresh))
    return [n for n in names if not n.endswith(SKIP) and incremental.get(n) != fresh.get(n)]


def downloads(out: Path) -> dict[str, str]:
    """The .bib downloads and Atom feeds of a build."""
    files = [*out.rglob("*.bib"), *out.rglob("*.xml")]
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(files)}


def test_incremental_equals_fresh(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    add_map_page(src)  # the map shows every card and citation of the site
    append("refs.bib", ONLY_CITED)(src)
    append("notes/orca.md", "\n相关工作 {cite}`dao2022flashattention`。\n")(src)
    inc = tmp_path / "inc"
    sphinx(src, inc)
    before = html_pages(inc)
    failures = []
    for step, (name, edit) in enumerate(EDITS):
        edit(src)
        sphinx(src, inc)
        fresh = tmp_path / f"fresh{step}"
        sphinx(src, fresh, "-E")
        pages = html_pages(fresh)
        assert pages != before, f"'{name}' changed no page: it tests nothing"
        before = pages
        # a deleted page's old HTML is left behind by Sphinx in any output dir; compare live pages
        live = {n: p for n, p in html_pages(inc).items() if n in pages}
        differ = compare(live, pages)
        live = {n: p for n, p in downloads(inc).items() if n in downloads(fresh)}
        differ += compare(live, downloads(fresh))
        if differ:
            failures.append(f"after '{name}', incremental differs from fresh in {differ}")
            sphinx(src, inc, "-E")  # judge the next edit from a correct state
        shutil.rmtree(fresh)
    assert failures == []


def test_rebuild_without_changes_is_a_no_op(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "html"
    assert sphinx(src, out).returncode == 0
    before = html_pages(out)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = sphinx(src, out)
    assert again.returncode == 0, again.output
    assert compare(html_pages(out), before) == []
    # no page, tag page, feed or download is written again; Sphinx's own indexes always are
    rewritten = {
        p.relative_to(out).as_posix() for p, t in written.items() if p.stat().st_mtime_ns != t
    }
    always = {"genindex.html", "search.html", "searchindex.js", "objects.inv", ".buildinfo"}
    assert {p for p in rewritten - always if not p.startswith("_static/")} == set()
    assert "genindex.html" in rewritten  # the check sees a rewrite


def test_incremental_rebuild_reaches_cross_page_content(tmp_path: Path) -> None:
    """The edit of one page must show on the *other* pages that list it (not just its own)."""
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "html"
    sphinx(src, out)
    replace("tags/index.md", "KV 缓存\n\nKV", "键值缓存\n\nKV")(src)
    sphinx(src, out)
    assert "键值缓存" in (out / "notes" / "paged.html").read_text(encoding="utf-8")
    assert "键值缓存" in (out / "chapters" / "serving.html").read_text(encoding="utf-8")
    assert "<h1>键值缓存" in (out / "tags" / "kv-cache.html").read_text(encoding="utf-8")
    append("notes/orca.md", "\n另见 {paper}`kwon2023pagedattention`。\n")(src)
    sphinx(src, out)
    paged = (out / "notes" / "paged.html").read_text(encoding="utf-8")
    assert 'href="orca.html"' in paged[paged.index("pc-cited-in") :]


def test_a_new_citation_reaches_the_map_and_both_neighbourhoods(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    add_map_page(src)
    out = tmp_path / "html"
    sphinx(src, out)
    edge = 'data-from="yu2022orca" data-to="kwon2023pagedattention"'
    assert edge not in (out / "map.html").read_text(encoding="utf-8")
    append("notes/orca.md", "\n基于 {cite}`kwon2023pagedattention`。\n")(src)
    sphinx(src, out)
    assert edge in (out / "map.html").read_text(encoding="utf-8")
    orca = (out / "notes" / "orca.html").read_text(encoding="utf-8")
    builds_on = orca[orca.index('class="pc-builds-on') : orca.index('class="pc-built-on-by')]
    assert 'href="paged.html#paper-kwon2023pagedattention"' in builds_on
    paged = (out / "notes" / "paged.html").read_text(encoding="utf-8")
    built_on_by = paged[paged.index('class="pc-built-on-by') :].split("</div>")[0]
    assert 'href="orca.html#paper-yu2022orca"' in built_on_by


def test_two_fresh_builds_are_identical(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    one, two = tmp_path / "one", tmp_path / "two"
    sphinx(src, one)
    sphinx(src, two)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    differ = [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()]
    assert differ == []


def changed_defaults(src: Path, out: Path, **overrides: str) -> dict[str, list | dict]:
    """The defaults of Sphinx's own config options that setting up an app for *src* changed."""
    before = {name: copy.copy(default) for name, default in mutable_defaults().items()}
    with isolated(src):  # which puts them back afterwards, for the other tests
        Sphinx(src, src, out, out / "doctrees", "html", confoverrides=overrides, status=None)
        return {n: copy.copy(d) for n, d in mutable_defaults().items() if d != before[n]}


def test_the_extension_leaves_sphinx_defaults_unchanged(tmp_path: Path) -> None:
    """It sets its own app's config, never Sphinx's defaults, which the next app in the process
    would inherit (sphinx.testing, a server that rebuilds in-process)."""
    src = copy_root("basic", tmp_path / "src")
    # Sphinx's own registry adds MyST's suffix to the default source_suffix (no upstream issue
    # yet), unless an earlier app in this process did so already: compare with upstream alone
    upstream = changed_defaults(src, tmp_path / "a", extensions="myst_parser,sphinxcontrib.bibtex")
    assert set(upstream) <= {"source_suffix"}
    assert changed_defaults(src, tmp_path / "b") == upstream


def test_tag_pages_are_rewritten_only_when_their_content_changes(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "html"
    sphinx(src, out)
    kv, batching = out / "tags" / "kv-cache.html", out / "tags" / "batching.html"
    before = {p: p.stat().st_mtime_ns for p in (kv, batching)}
    append("notes/orca.md", "\n又一段正文。\n")(src)  # touches no tag page's content
    sphinx(src, out)
    assert {p: p.stat().st_mtime_ns for p in (kv, batching)} == before
    replace("chapters/serving.md", "# 推理服务", "# 推理服务与调度")(src)  # listed on both
    sphinx(src, out)
    assert kv.stat().st_mtime_ns != before[kv] and "推理服务与调度" in kv.read_text("utf-8")
