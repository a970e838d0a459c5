"""`python -m bench.run`: build time, peak memory and output size of synthetic sites by size."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from .generate import ROOT, VERSION, generate

BENCH = ROOT / "_build" / "bench"
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
TIMES = ("full_zh", "full_en", "full_both", "incr_edit", "incr_tag")
# Variants measured on full builds only, at the middle size: the theme's collapsed sidebar (zh_CN),
# and ours built with -j auto (both languages), which is what the serial default is compared with.
SINGLE = ("collapsed", "parallel")


def site(n: int, baseline: bool, seed: int = 0) -> tuple[Path, dict]:
    """Return the generated site of size *n* (regenerated only when missing or stale)."""
    dest = BENCH / f"{'base' if baseline else 'site'}-{n}"
    want = {"version": VERSION, "n": n, "seed": seed, "baseline": baseline}
    try:
        manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    if {k: manifest.get(k) for k in want} != want:
        log(f"generating {dest.name} (gettext + stand-in translations) ...")
        manifest = generate(dest, n, seed, baseline)
    return dest, manifest


def build(src: Path, out: Path, language: str, jobs: str, *extra: str, fresh: bool = True) -> dict:
    """Run one `python -m sphinx -b html` in a fresh process; return time, peak RSS, warnings."""
    doctrees = out.with_name(out.name + ".doctrees")
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs,
           "-D", f"language={language}", "-d", str(doctrees), *(["-E"] if fresh else []),
           *extra, str(src / "docs"), str(out)]  # fmt: skip
    logfile = out.with_name(out.name + ".log")
    wall, start = time.time(), time.perf_counter()
    with open(logfile, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=src, env=ENV)
        # wait4 gives this build's own rusage: the largest process of its tree (-j workers too)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"build failed ({proc.returncode}): {' '.join(cmd)}\nsee {logfile}")
    text = logfile.read_text(encoding="utf-8")
    written = sum(p.stat().st_mtime >= wall for p in out.rglob("*.html"))
    return {"time": elapsed, "maxrss_mb": usage.ru_maxrss / 1024,
            "warnings": text.count("WARNING"), "written": written}  # fmt: skip


def html_stats(out: Path) -> dict:
    """Total and per-page bytes of the HTML files of a build.

    The mean mixes in the 150 tag pages, whose size follows the site's; the median over content
    pages (not tags/, genindex, search) is the size of a typical note or chapter.
    """
    sizes, content = [], []
    for path in out.rglob("*.html"):
        sizes.append(path.stat().st_size)
        rel = path.relative_to(out)
        if rel.parts[0] != "tags" and str(rel) not in ("genindex.html", "search.html"):
            content.append(sizes[-1])
    return {"html_pages": len(sizes), "html_bytes": sum(sizes),
            "kb_per_page": sum(sizes) / max(1, len(sizes)) / 1024,
            "median_content_kb": statistics.median(content) / 1024}  # fmt: skip


@contextmanager
def edited(path: Path, change) -> Iterator[None]:
    """Apply *change* (text -> text) to *path* for the duration of the block, then restore it."""
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def edit_paragraph(text: str) -> str:
    """Change the first paragraph of the first section."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 2
    lines[first] = lines[first].rstrip("。") + "，本段在基准测试中被修改。"
    return "\n".join(lines)


def add_tag(vocabulary: list[str]):
    """Return a change that adds one vocabulary tag to the page's front matter."""

    def change(text: str) -> str:
        head, rest = text.split("\n", 2)[1], text.split("\n", 2)[2]
        present = head.removeprefix("tags: [").rstrip("]").split(", ")
        new = next(slug for slug in vocabulary if slug not in present)
        return f"---\ntags: [{', '.join([*present, new])}]\n{rest}"

    return change


def measure(n: int, variant: str, repeats: int, jobs: str, saved=lambda summary: None) -> dict:
    """Run *repeats* rounds of full (zh_CN, en) and incremental builds for one variant.

    *saved* receives the summary so far after every build, so a run cut short keeps its data.
    """
    src, manifest = site(n, baseline=variant == "baseline")
    out = BENCH / "out" / f"{variant}-{n}"
    runs: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        runs.setdefault(name, []).append(value)
        saved(summarize(runs, out, manifest))  # after every number: a stopped run keeps it

    extra: tuple[str, ...] = ()
    if variant == "collapsed":
        extra = ("-c", str(collapsed_conf(src)))
    if variant == "parallel":
        jobs = "auto"
    note_path = src / "docs" / (next(iter(manifest["notes"])) + ".md")
    for r in range(repeats):
        languages = ("zh_CN",) if variant == "collapsed" else ("zh_CN", "en")
        for language in languages:
            result = build(src, out / language, language, jobs, *extra)
            short = "zh" if language == "zh_CN" else "en"
            note(f"full_{short}", result["time"])
            note(f"maxrss_{short}_mb", result["maxrss_mb"])
            note("warnings", result["warnings"])
            log(f"N={n} {variant} {language} full #{r + 1}: {result['time']:.1f} s, "
                f"{result['maxrss_mb']:.0f} MB, {result['warnings']} warnings")  # fmt: skip
        if "full_en" in runs:
            note("full_both", runs["full_zh"][-1] + runs["full_en"][-1])
        if variant in SINGLE:
            continue
        changes = (("incr_edit", edit_paragraph), ("incr_tag", add_tag(manifest["tags"])))
        for name, change in changes:
            with edited(note_path, change):
                result = build(src, out / "zh_CN", "zh_CN", jobs, *extra, fresh=False)
            note(name, result["time"])
            note(f"{name}_written", result["written"])
            log(f"N={n} {variant} zh_CN {name} #{r + 1}: {result['time']:.1f} s, "
                f"{result['written']} pages written")  # fmt: skip
    return summarize(runs, out, manifest)


def summarize(runs: dict[str, list[float]], out: Path, manifest: dict) -> dict:
    """Medians of the runs so far, plus the zh_CN output's HTML size."""
    summary = {name: {"median": statistics.median(values), "runs": values}
               for name, values in runs.items()}  # fmt: skip
    summary.update(html_stats(out / "zh_CN"))
    summary["html_pages_per_language"] = summary.pop("html_pages")
    summary["sources"] = manifest["sources"]
    return summary


def collapsed_conf(src: Path) -> Path:
    """A conf dir for the same site with collapsed navigation.

    sphinx-book-theme's sidebar reads ``collapse_navbar``; pydata's ``collapse_navigation`` (asked
    for by the issue) alone leaves the sidebar unchanged, so both are set.
    """
    confdir = src / "conf-collapsed"
    confdir.mkdir(exist_ok=True)
    text = (src / "docs" / "conf.py").read_text(encoding="utf-8")
    text += '\nhtml_theme_options |= {"collapse_navigation": True, "collapse_navbar": True}\n'
    # the theme's own (collapsed) sidebar, not our shared one: that is the comparison asked for
    text += "papercache_shared_navigation = False\n"
    (confdir / "conf.py").write_text(text, encoding="utf-8")
    return confdir


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def med(results: dict, n: int, variant: str, metric: str) -> float | None:
    value = results["sizes"].get(str(n), {}).get(variant, {}).get(metric)
    return value["median"] if isinstance(value, dict) else value


def derive(results: dict, sizes: list[int]) -> None:
    """Add ratios and scaling exponents to *results*."""
    ratios, scaling = {}, {}
    for n in sizes:
        r = {f"ours/baseline {m}": ratio(med(results, n, "ours", m), med(results, n, "baseline", m))
             for m in (*TIMES, "maxrss_zh_mb", "html_bytes")}  # fmt: skip
        for variant in ("ours", "baseline"):
            for m in ("incr_edit", "incr_tag"):
                full = med(results, n, variant, "full_zh")
                r[f"{variant} {m}/full_zh"] = ratio(med(results, n, variant, m), full)
        if "collapsed" in results["sizes"].get(str(n), {}):
            for m in ("full_zh", "html_bytes", "maxrss_zh_mb"):
                collapsed = med(results, n, "collapsed", m)
                r[f"ours/collapsed {m}"] = ratio(med(results, n, "ours", m), collapsed)
        if "parallel" in results["sizes"].get(str(n), {}):
            for m in ("full_zh", "full_en", "maxrss_en_mb"):
                parallel = med(results, n, "parallel", m)
                r[f"ours/parallel (-j auto) {m}"] = ratio(med(results, n, "ours", m), parallel)
        ratios[str(n)] = r
    for n1, n2 in itertools.pairwise(sizes):
        s = {}
        for variant in ("ours", "baseline"):
            for m in (*TIMES, "html_bytes"):
                t1, t2 = med(results, n1, variant, m), med(results, n2, variant, m)
                if t1 and t2:
                    s[f"{variant} {m}"] = round(math.log(t2 / t1) / math.log(n2 / n1), 3)
        scaling[f"{n1}->{n2}"] = s
    results["ratios"], results["scaling"] = ratios, scaling


def machine() -> dict:
    """nproc, CPU model, memory, load, Python and Sphinx versions."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines()
                   if line.startswith("MemTotal")), 0)  # fmt: skip
    return {
        "nproc": len(os.sched_getaffinity(0)), "cpu": model, "memory_gb": round(mem_kb / 2**20, 1),
        "loadavg_at_start": os.getloadavg(), "python": platform.python_version(),
        "sphinx": version("sphinx"), "myst_parser": version("myst-parser"),
        "sphinx_book_theme": version("sphinx-book-theme"), "platform": platform.platform(),
    }  # fmt: skip


def markdown(results: dict) -> str:
    """A short Markdown report: the machine, one row per size and variant, ratios, scaling."""
    m = results["machine"]
    out = [f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB, load at start "
           f"{m['loadavg_at_start'][0]:.1f}; Python {m['python']}, Sphinx {m['sphinx']}; "
           f"-j {results['args']['jobs']} (parallel: auto); medians of the runs per row.", "",
           "| N | config | runs | zh_CN s | en s | both s | peak MB | HTML MB/lang | KB/page "
           "| content KB | edit s | tag s |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip

    def cell(value, fmt: str = "{:.1f}") -> str:
        return fmt.format(value) if isinstance(value, int | float) else "–"

    for n, variants in results["sizes"].items():
        for variant in variants:
            get = lambda metric, variant=variant, n=n: med(results, int(n), variant, metric)  # noqa: E731
            peak = max(x for x in (get("maxrss_zh_mb"), get("maxrss_en_mb"), 0) if x is not None)
            out.append(
                f"| {n} | {variant} | {len(variants[variant]['full_zh']['runs'])} | "
                f"{cell(get('full_zh'))} | {cell(get('full_en'))} | "
                f"{cell(get('full_both'))} | {cell(peak, '{:.0f}')} | "
                f"{cell(get('html_bytes') / 2**20, '{:.1f}')} | {cell(get('kb_per_page'))} | "
                f"{cell(get('median_content_kb'))} | "
                f"{cell(get('incr_edit'))} | {cell(get('incr_tag'))} |"
            )
    out += ["", "| N | ratio | value |", "|---|---|---|"]
    for n, r in results.get("ratios", {}).items():
        out += [f"| {n} | {name} | {cell(value, '{:.2f}')} |" for name, value in r.items() if value]
    scaling = results.get("scaling", {})
    if scaling:
        out += ["", "| sizes | scaling exponent log(t2/t1)/log(N2/N1) | value |", "|---|---|---|"]
        for step, s in scaling.items():
            out += [f"| {step} | {name} | {value:.2f} |" for name, value in s.items()]
    return "\n".join(out) + "\n"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="sizes 100 and 400")
    parser.add_argument("--sizes", type=int, nargs="+", help="pages (default 100 400 1600)")
    parser.add_argument("--repeats", type=int, help="default: 3 for N <= 400, 1 above")
    parser.add_argument("--resume", action="store_true", help="keep rows of results.json")
    parser.add_argument(
        "--variants", nargs="+", choices=("ours", "baseline", *SINGLE), help="measure only these"
    )
    parser.add_argument("--jobs", default="1", help="sphinx -j value (default 1, as nox -s docs)")
    parser.add_argument(
        "--baseline-max", type=int, default=400,
        help="largest N to build the baseline at (default 400: it is quadratic, ~2 h at 1600)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.sizes = sorted(args.sizes or ([100, 400] if args.quick else [100, 400, 1600]))
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    middle = args.sizes[len(args.sizes) // 2]
    repeats_text = f"{args.repeats} run(s)" if args.repeats else "3 runs (N <= 400), 1 above"
    results = {"machine": machine(), "sizes": {},
               "args": {"sizes": args.sizes, "repeats": args.repeats, "jobs": args.jobs,
                        "repeats_text": repeats_text, "collapsed_at": middle,
                        "baseline_max": args.baseline_max}}  # fmt: skip
    if args.resume and (BENCH / "results.json").exists():
        # keep the rows an interrupted run measured; the machine of each invocation is kept too
        previous = json.loads((BENCH / "results.json").read_text(encoding="utf-8"))
        results["sizes"] = previous["sizes"]
        results["resumed"] = [*previous.get("resumed", []), previous["machine"]]
        for n, variants in results["sizes"].items():  # re-read sizes: the metrics may be newer
            for variant, summary in variants.items():
                summary.update(html_stats(BENCH / "out" / f"{variant}-{n}" / "zh_CN"))
                summary["html_pages_per_language"] = summary.pop("html_pages")
    for n in args.sizes:
        repeats = args.repeats or (3 if n <= 400 else 1)
        row = results["sizes"].setdefault(str(n), {})
        variants = ("ours", "baseline") if n <= args.baseline_max else ("ours",)
        if n == middle:
            variants += SINGLE
        for variant in variants:
            if args.resume and variant in row:
                log(f"N={n} {variant}: measured before, kept")
                continue
            if args.variants and variant not in args.variants:
                continue

            def saved(summary: dict, row: dict = row, variant: str = variant) -> None:
                row[variant] = summary
                derive(results, [int(k) for k in results["sizes"]])
                write(results)

            saved(measure(n, variant, repeats, args.jobs, saved))
    table = markdown(results)
    print(table)
    log(f"results: {BENCH / 'results.json'} and {BENCH / 'results.md'}")
    return results


def write(results: dict) -> None:
    """Write results.json and results.md (after every variant, so a cut-short run keeps data)."""
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (BENCH / "results.md").write_text(markdown(results), encoding="utf-8")


if __name__ == "__main__":
    main()
