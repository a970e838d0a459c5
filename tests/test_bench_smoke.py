"""Smoke run of bench/generate.py: a 20-page synthetic site builds, with cards and translations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # bench/ is a top-level package of the checkout

from util import Build, sphinx  # noqa: E402

from bench.generate import generate, stand_in  # noqa: E402

N = 20


@pytest.fixture(scope="module")
def bench_build(tmp_path_factory) -> tuple[dict, Path, Build]:
    """Generate the N-page site and build it once, in English (so the .po files are exercised)."""
    base = tmp_path_factory.mktemp("bench")
    manifest = generate(base / "site", N)
    out = base / "html" / "en"
    args = ("-j", "auto", "-D", "language=en", "-d", str(base / "doctrees"))
    return manifest, out, sphinx(base / "site" / "docs", out, *args)


def test_build_succeeds_without_warnings(bench_build) -> None:
    _, _, build = bench_build
    build.assert_clean()


def test_every_page_is_written(bench_build) -> None:
    manifest, out, _ = bench_build
    assert len(manifest["notes"]) + len(manifest["chapters"]) == N
    pages = {
        str(p.relative_to(out).with_suffix(""))
        for p in out.rglob("*.html")
        if p.relative_to(out).parts[0] != "_static"
    }
    docs = out.parents[1] / "site" / "docs"
    sources = {str(p.relative_to(docs).with_suffix("")) for p in docs.rglob("*.md")}
    tags = {f"tags/{slug}" for slug in manifest["tags"]}
    assert len(sources) == manifest["sources"]
    assert pages == sources | tags | {"genindex", "search"}


def test_every_note_has_its_card_and_english_title(bench_build) -> None:
    manifest, out, _ = bench_build
    for docname, key in manifest["notes"].items():
        html = (out / f"{docname}.html").read_text(encoding="utf-8")
        assert f'id="paper-{key}"' in html, docname
        title = manifest["titles"][docname]
        assert f"<h1>{stand_in(title)}" in html, docname
        assert title not in html, f"{docname}: Chinese title left in the English build"
