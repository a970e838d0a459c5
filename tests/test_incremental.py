"""Incremental = fresh, -j 2 = -j 1, and two fresh builds are identical."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_discovery import add_map_page
from util import copy_root, html_pages, sphinx

# Sphinx itself numbers some ids per build (e.g. "id3" of citations): same in both builds we
# compare, so no normalisation is needed except the search index, which we compare separately.
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
    ("delete a page", delete("notes/evil.md")),
]


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
    inc = tmp_path / "inc"
    sphinx(src, inc)
    for step, (name, edit) in enumerate(EDITS):
        edit(src)
        sphinx(src, inc)
        fresh = tmp_path / f"fresh{step}"
        sphinx(src, fresh, "-E")
        # a deleted page's old HTML is left behind by Sphinx in any output dir; compare live pages
        live = {n: p for n, p in html_pages(inc).items() if n in html_pages(fresh)}
        differ = compare(live, html_pages(fresh))
        assert differ == [], f"after '{name}', incremental differs from fresh in {differ}"
        live = {n: p for n, p in downloads(inc).items() if n in downloads(fresh)}
        assert compare(live, downloads(fresh)) == [], f"after '{name}': .bib or feed differs"
        shutil.rmtree(fresh)


def test_rebuild_without_changes_is_a_no_op(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    out = tmp_path / "html"
    assert sphinx(src, out).returncode == 0
    before = html_pages(out)
    again = sphinx(src, out)
    assert again.returncode == 0, again.output
    assert compare(html_pages(out), before) == []


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


@pytest.mark.parametrize("jobs", ["2"])
def test_parallel_equals_serial(tmp_path: Path, jobs: str) -> None:
    src = copy_root("basic", tmp_path / "src")
    # enough pages that -j 2 really splits reading and writing across processes
    for i in range(12):
        (src / "notes" / f"extra{i}.md").write_text(
            f"---\ntags: [batching]\n---\n\n# 附加 {i}\n\n见 {{paper}}`yu2022orca` 与 "
            f"{{cite}}`kwon2023pagedattention`。\n",
            encoding="utf-8",
        )
    index = src / "index.md"
    extra = "".join(f"notes/extra{i}\n" for i in range(12))
    index.write_text(index.read_text(encoding="utf-8").replace("papers\n", extra + "papers\n"))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    a = sphinx(src, serial, "-j", "1")
    b = sphinx(src, parallel, "-j", jobs)
    assert a.warnings == b.warnings
    assert compare(html_pages(parallel), html_pages(serial)) == []
    assert _search_index(serial) == _search_index(parallel)


def _search_index(out: Path) -> str:
    return re.sub(r"\s+", "", (out / "searchindex.js").read_text(encoding="utf-8"))


def test_two_fresh_builds_are_identical(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    one, two = tmp_path / "one", tmp_path / "two"
    sphinx(src, one)
    sphinx(src, two)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    differ = [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()]
    assert differ == []


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
