"""A generated messy .bib of several thousand entries builds: no traceback, bounded time."""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

from messybib import generate
from test_bib_input import BIBLIOGRAPHY, CONF, INDEX, LOCAL, TAGS
from util import ROOT, html_pages, sphinx

sys.path.insert(0, str(ROOT / "exts"))
from papercache import bib

ENTRIES = 3000
# Generous: the build takes ~1 minute on a loaded 2-core machine; this only catches a blow-up
# (speed itself is measured by the benchmarks, not here).
BUILD_SECONDS = 600
HREF = re.compile(r'href="([^"]*)"')
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def unsafe_links(page: str) -> list[str]:
    """Links with a scheme other than http(s); relative links and anchors are the site's own."""
    found = (SCHEME.match(html.unescape(href)) for href in HREF.findall(page))
    return [m.group(0) for m in found if m and m.group(1).lower() not in ("http", "https")]


def test_messy_bib_builds_without_traceback(tmp_path: Path) -> None:
    data, keys = generate(ENTRIES)
    src, out = tmp_path / "src", tmp_path / "build" / "html"
    sample = keys[:: len(keys) // 60]
    note = "# 笔记\n\n" + "".join(f"```{{paper}} {key}\n\n摘要。\n```\n\n" for key in sample)
    note += "引用 " + "、".join(f"{{cite}}`{key}`" for key in keys[1 :: len(keys) // 200]) + "。\n"
    note += "\n```{paperlist}\n:group-by: year\n:style: compact\n```\n" + LOCAL
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "bibliography.md": BIBLIOGRAPHY,
        "tags/index.md": TAGS,
        "note.md": note,
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "refs.bib").write_bytes(data)

    start = time.perf_counter()
    build = sphinx(src, out, "--keep-going")  # an exception in the build fails the test
    elapsed = time.perf_counter() - start
    assert build.returncode == 0, build.output
    assert elapsed < BUILD_SECONDS
    about_bib = [w for w in build.warnings if "refs.bib" in w.split("WARNING")[0]]
    assert len(about_bib) > ENTRIES // 10  # the mess is reported ...
    for warning in about_bib:  # ... each at its line of the file, never at a "refs.bib.md"
        assert re.match(r"refs\.bib:\d+: WARNING: ", warning), warning
    assert not any(".bib.md" in w for w in build.warnings)
    for name, page in html_pages(out).items():
        assert unsafe_links(page) == [], name
        assert "<script>alert" not in page, name


def test_parse_time_grows_linearly(tmp_path: Path) -> None:
    """Parsing 4x the entries takes about 4x the time (a loose bound: no quadratic scan)."""
    timings = []
    for n in (500, 2000):
        data, _ = generate(n, seed=n)
        path = tmp_path / f"messy-{n}.bib"
        path.write_bytes(data)
        start = time.perf_counter()
        db = bib.parse(path)
        timings.append(time.perf_counter() - start)
        assert len(db.entries) > n // 2
    assert timings[1] < 12 * timings[0] + 1.0, timings
