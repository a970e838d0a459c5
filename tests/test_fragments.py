"""Translated messages parsed with a reused markdown-it parser give the same site as upstream's."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from myst_parser.parsers.sphinx_ import MystParser
from util import ROOT, html_pages

for path in (ROOT, ROOT / "exts"):  # bench/ and papercache/ are top-level packages here
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from papercache import fragments  # noqa: E402

from bench.generate import generate  # noqa: E402

# Builds English in a fresh process; with "upstream", MyST's own parse replaces the cached one.
DRIVER = """
import sys
sys.path.insert(0, {exts!r})
from myst_parser.parsers.sphinx_ import MystParser
from papercache import fragments
from sphinx.cmd.build import main
if sys.argv[1] == "upstream":
    fragments.CachedMystParser.parse = MystParser.parse
status = main(["-b", "html", "-q", "-W", "-D", "language=en", *sys.argv[2:]])
print("cached parser used:", fragments.CachedMystParser._cached is not None)
sys.exit(status)
"""


def build_en(src: Path, out: Path, parsing: str) -> tuple[dict[str, str], str]:
    driver = DRIVER.format(exts=str(ROOT / "exts"))
    cmd = [sys.executable, "-c", driver, parsing, "-d", str(out) + ".doctrees"]
    cmd += [str(src / "docs"), str(out)]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=src, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return html_pages(out), proc.stdout


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fully translated synthetic site (tables, code, roles, cards, tags), our parser."""
    tmp = tmp_path_factory.mktemp("fragments")
    generate(tmp / "site", 8)
    ours, said = build_en(tmp / "site", tmp / "ours", "ours")
    assert "cached parser used: True" in said
    return tmp, ours


def test_english_site_equals_upstream_parsing(english) -> None:
    tmp_path, ours = english
    upstream, said = build_en(tmp_path / "site", tmp_path / "upstream", "upstream")
    assert "cached parser used: False" in said
    assert ours.keys() == upstream.keys()
    for name, html in ours.items():
        assert html == upstream[name], name
    note = next(html for name, html in ours.items() if "/papers/" in name)
    assert "Copy BibTeX" in note and "<table" in note  # translated cards and tables were built


def test_translated_doctrees_do_not_carry_the_environment(english) -> None:
    tmp_path, _ = english
    doctrees = sorted((tmp_path / "ours.doctrees").rglob("*.doctree"))
    assert len(doctrees) > 8
    for path in doctrees:
        data = path.read_bytes()
        # a message's throw-away document, reached from a moved node, pickled its settings' env
        assert b"BuildEnvironment" not in data, path.name
        doctree = pickle.loads(data)
        strays = [node for node in doctree.findall() if node.document is not doctree]
        assert not strays, (path.name, strays[:3])


def test_a_parse_during_a_parse_does_not_share_the_parser(monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(MystParser, "parse", lambda self, text, document: calls.append(text))
    monkeypatch.setattr(fragments.CachedMystParser, "_busy", True)
    fragments.CachedMystParser().parse("text", None)
    assert calls == ["text"]
