"""-j 2 equals -j 1, for a fresh build and after edits rebuilt in parallel (as upstream tests)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from test_incremental import append, compare, replace
from util import copy_root, html_pages, sphinx

EXTRA = 12  # enough pages that -j 2 really splits reading and writing across processes


def parallel_root(dest: Path) -> Path:
    """The basic root without its deliberately unsafe URLs, plus pages that cite and tag."""
    src = copy_root("basic", dest)
    replace("refs.bib", "url = {javascript:alert(1)}", "url = {https://example.org/evil}")(src)
    replace("notes/evil.md", ":code: javascript:alert(1)", ":code: https://example.org/code")(src)
    for i in range(EXTRA):
        (src / "notes" / f"extra{i}.md").write_text(
            f"---\ntags: [batching]\n---\n\n# 附加 {i}\n\n见 {{paper}}`yu2022orca` 与 "
            f"{{cite}}`kwon2023pagedattention`。\n",
            encoding="utf-8",
        )
    extra = "".join(f"notes/extra{i}\n" for i in range(EXTRA))
    replace("index.md", "papers\n", extra + "papers\n")(src)
    return src


def search_index(out: Path) -> str:
    return re.sub(r"\s+", "", (out / "searchindex.js").read_text(encoding="utf-8"))


def test_parallel_equals_serial(tmp_path: Path) -> None:
    src = parallel_root(tmp_path / "src")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    sphinx(src, serial, "-j", "1").assert_clean()
    sphinx(src, parallel, "-j", "2").assert_clean()
    assert len(html_pages(serial)) > EXTRA
    assert compare(html_pages(parallel), html_pages(serial)) == []
    assert search_index(serial) == search_index(parallel)


def test_parallel_rebuild_after_edits_equals_a_serial_fresh_build(tmp_path: Path) -> None:
    src = parallel_root(tmp_path / "src")
    out = tmp_path / "parallel"
    sphinx(src, out, "-j", "2").assert_clean()
    # touched without a change, a new citation, a retitled page, a relabelled tag, a new .bib title
    later = (src / "notes" / "extra3.md").stat().st_mtime + 5
    os.utime(src / "notes" / "extra3.md", (later, later))
    append("notes/extra5.md", "\n另见 {cite}`evil2024` 与 {paper}`kwon2023pagedattention`。\n")(src)
    replace("notes/extra7.md", "# 附加 7", "# 附加七")(src)
    replace("tags/index.md", "批处理\n\n连续", "连续批处理\n\n连续")(src)
    replace("refs.bib", "Orca: A Distributed", "Orca: The Distributed")(src)
    sphinx(src, out, "-j", "2").assert_clean()
    fresh = tmp_path / "fresh"
    sphinx(src, fresh, "-j", "1").assert_clean()
    pages = html_pages(fresh)
    # the edits reached the pages that show them (else equality would prove little)
    assert "连续批处理" in pages["notes/extra7.html"] and "附加七" in pages["tags/batching.html"]
    assert "Orca: The Distributed" in pages["notes/orca.html"]
    assert compare(html_pages(out), pages) == []
    assert search_index(out) == search_index(fresh)
