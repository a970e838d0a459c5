"""`python -m bench.search`: relevance and weight of the site's search, Pagefind against Sphinx.

`--scale 400 1600` instead measures the cost on synthetic sites (bench/generate.py): full builds
with each engine, the Pagefind step alone, and the index on disk.

Otherwise it builds the real site twice (``papercache_search = "pagefind"`` and ``"sphinx"``),
serves each over http, types every query of tests/search_queries.py into the search page in headless
Chromium and prints, per engine and language, the share of queries whose expected page is first
(top-1) and in the first three (top-3), and the bytes a first search downloads.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from .generate import ROOT

sys.path.insert(0, str(ROOT / "tests"))
from search_queries import QUERIES

OUT = ROOT / "_build" / "bench" / "search"
LANGUAGES = ("zh_CN", "en")
ENGINES = ("pagefind", "sphinx")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# what belongs to the search index (not the page itself) in each engine's downloads
INDEX_PARTS = {"pagefind": ("/pagefind/",), "sphinx": ("searchindex.js", "language_data.js")}


def build(engine: str, dest: Path) -> Path:
    """Build docs/ in both languages with *engine*; return the html root."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    for language in LANGUAGES:
        out = dest / "html" / language
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-D",
               f"language={language}", "-D", f"papercache_search={engine}",
               "-d", str(dest / "doctrees" / language), "docs", str(out)]  # fmt: skip
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"{engine} {language} build failed:\n{proc.stdout}{proc.stderr}")
    return dest / "html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve *site* on 127.0.0.1 (as `python -m http.server` would); yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _relative(href: str, lang: str) -> str:
    return urlsplit(href).path.split(f"/{lang}/", 1)[-1]


def pagefind_results(page, lang: str, query: str) -> list[str]:
    """Run *query* on an open Pagefind search page (no reload); return result paths in order."""
    page.evaluate(
        """q => { const box = document.getElementById('pc-search-input');
                  box.value = q; box.form.requestSubmit(); }""",
        query,
    )
    page.wait_for_selector(".pc-search-status[data-done]")
    hrefs = page.eval_on_selector_all(".pc-results a.pc-result-title", "as => as.map(a => a.href)")
    return [_relative(h, lang) for h in hrefs]


def sphinx_results(page, lang: str, query: str) -> list[str]:
    """Open Sphinx's search page for *query*; return result paths in order."""
    page.goto(f"/{lang}/search.html?q={quote(query)}")
    page.wait_for_function(
        "() => (document.querySelector('#search-results p.search-summary')?.textContent || '')"
        ".trim().length > 0"
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)"
    )
    return [_relative(h, lang) for h in hrefs]


def open_search(page, lang: str) -> None:
    """Open the Pagefind search page and wait until its index answers."""
    page.goto(f"/{lang}/search.html")
    page.wait_for_selector(".pc-search-status[data-done]")


def relevance(page, engine: str, lang: str, queries=None) -> dict:
    """Top-1 and top-3 shares of the query set for one engine and language, and the misses."""
    queries = queries or QUERIES[lang]
    if engine == "pagefind":
        open_search(page, lang)
    top1 = top3 = 0
    misses = []
    for query, expected in queries:
        found = (pagefind_results if engine == "pagefind" else sphinx_results)(page, lang, query)
        rank = next((i for i, path in enumerate(found) if path in expected), None)
        top1 += rank == 0
        top3 += rank is not None and rank < 3
        if rank != 0:
            misses.append({"query": query, "rank": rank, "top": found[:3]})
    n = len(queries)
    return {"n": n, "top1": top1 / n, "top3": top3 / n, "misses": misses}


def first_search_bytes(browser, base_url: str, engine: str, lang: str, query: str) -> dict:
    """Bytes a reader downloads for the index on a first search (fresh cache), and in all."""
    context = browser.new_context(base_url=base_url)
    sizes: dict[str, int] = {}
    page = context.new_page()
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, len(r.response().body())))
    page.goto(f"/{lang}/search.html?q={quote(query)}")
    if engine == "pagefind":
        page.wait_for_selector(".pc-search-status[data-done]")
    else:
        sphinx_results(page, lang, query)
    page.wait_for_load_state("networkidle")
    context.close()
    index = {u: n for u, n in sizes.items() if any(p in u for p in INDEX_PARTS[engine])}
    return {
        "index_bytes": sum(index.values()),
        "index_requests": len(index),
        "page_bytes": sum(sizes.values()),
        "requests": len(sizes),
    }


def index_size(site: Path, engine: str) -> dict:
    """Bytes of the index on disk (and, for Sphinx's one file, gzipped as a server would send)."""
    if engine == "pagefind":
        files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
        return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    data = (site / "searchindex.js").read_bytes()
    return {"files": 1, "bytes": len(data), "gzip_bytes": len(gzip.compress(data))}


def measure(sites: dict[str, Path]) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for engine, site in sites.items():
            with serve(site) as base_url:
                context = browser.new_context(base_url=base_url)
                page = context.new_page()
                for lang in LANGUAGES:
                    row = relevance(page, engine, lang)
                    row["first_search"] = first_search_bytes(
                        browser, base_url, engine, lang, QUERIES[lang][0][0]
                    )
                    row["index"] = index_size(site / lang, engine)
                    results.setdefault(engine, {})[lang] = row
                    log(f"{engine} {lang}: top-1 {row['top1']:.0%}, top-3 {row['top3']:.0%}")
                context.close()
        browser.close()
    return results


def scale(sizes: list[int], out: Path) -> dict:
    """Build synthetic sites of *sizes* pages with each engine; time the Pagefind step alone."""
    from . import run

    sys.path.insert(0, str(ROOT / "exts"))
    from papercache.pagefind import index_site

    run.BENCH = out  # the generated sites go beside these builds, not into _build/bench
    rows = {}
    for n in sizes:
        src, _manifest = run.site(n, baseline=False)
        for language in LANGUAGES:
            row = {}
            for engine in ENGINES:
                html = out / f"scale-{n}-{engine}" / language
                built = run.build(src, html, language, "1", "-D", f"papercache_search={engine}")
                row[f"build_{engine}_s"] = built["time"]
                row[f"index_{engine}"] = index_size(html, engine)
                log(f"N={n} {language} {engine}: {built['time']:.1f} s")
            # the synthetic site's conf.py is the real one, with the real jieba dictionary
            userdict = str(ROOT / "docs" / "_data" / "jieba_userdict.txt")
            html = out / f"scale-{n}-pagefind" / language
            row["pagefind_step_s"] = index_site(html, language, userdict)
            rows[f"{n} {language}"] = row
    return rows


def scale_table(rows: dict) -> str:
    out = [
        "| N | language | build, Pagefind s | build, Sphinx search s | added | Pagefind step s "
        "| step / build | Pagefind index MB (files) | searchindex.js KB (gzip) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, row in rows.items():
        n, lang = key.split()
        pagefind, sphinx = row["index_pagefind"], row["index_sphinx"]
        out.append(
            f"| {n} | {lang} | {row['build_pagefind_s']:.1f} | {row['build_sphinx_s']:.1f} | "
            # Pagefind replaces Sphinx's own index: the cost added is the difference of the builds
            f"{row['build_pagefind_s'] / row['build_sphinx_s'] - 1:+.0%} | "
            f"{row['pagefind_step_s']:.1f} | "
            f"{row['pagefind_step_s'] / row['build_pagefind_s']:.0%} "
            f"| {pagefind['bytes'] / 2**20:.1f} ({pagefind['files']}) | "
            f"{sphinx['bytes'] / 1024:.0f} ({sphinx['gzip_bytes'] / 1024:.0f}) |"
        )
    return "\n".join(out) + "\n"


def table(results: dict) -> str:
    out = [
        "| engine | language | queries | top-1 | top-3 | first search: index KB (requests) "
        "| index on disk KB (files) |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, languages in results.items():
        for lang, row in languages.items():
            first, index = row["first_search"], row["index"]
            disk = f"{index['bytes'] / 1024:.0f} ({index['files']})"
            if "gzip_bytes" in index:
                disk += f", gzip {index['gzip_bytes'] / 1024:.0f}"
            out.append(
                f"| {engine} | {lang} | {row['n']} | {row['top1']:.0%} | {row['top3']:.0%} | "
                f"{first['index_bytes'] / 1024:.0f} ({first['index_requests']}) | {disk} |"
            )
    return "\n".join(out) + "\n"


def log(message: str) -> None:
    print(f"[search {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument(
        "--site", nargs=2, action="append", metavar=("ENGINE", "HTML"),
        help="use an existing build (html root holding zh_CN/ and en/) instead of building",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=OUT, help=f"builds and results (default {OUT})")
    parser.add_argument("--scale", type=int, nargs="+", metavar="N", help="synthetic sizes")
    args = parser.parse_args(argv)
    if args.scale:
        rows = scale(args.scale, args.out)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "scale.json").write_text(json.dumps(rows, indent=1))
        print(scale_table(rows))
        return rows
    sites = {engine: Path(html) for engine, html in (args.site or [])}
    for engine in args.engines:
        if engine not in sites:
            log(f"building the site with {engine} search ...")
            sites[engine] = build(engine, args.out / engine)
    results = measure({engine: sites[engine] for engine in args.engines})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(table(results))
    for engine, languages in results.items():
        for lang, row in languages.items():
            for miss in row["misses"]:
                print(f"{engine} {lang} {miss['query']!r}: rank {miss['rank']}, top {miss['top']}")
    return results


if __name__ == "__main__":
    main()
