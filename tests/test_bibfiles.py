"""Every file of bibtex_bibfiles is read, checked and shown; pybtex is used without patching it."""

from __future__ import annotations

import importlib.metadata
import io
import sys
from pathlib import Path

import pybtex.plugin
import pytest
from pybtex.database.input.bibtex import Parser
from sphinx.application import Sphinx
from util import ROOT, isolated, sphinx

sys.path.insert(0, str(ROOT / "exts"))
from papercache import latex

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "exts")!r})
extensions = ["myst_parser", "sphinxcontrib.bibtex", "papercache"]
language = "zh_CN"
bibtex_bibfiles = ["refs.bib", "refs2.bib"]
bibtex_reference_style = "author_year"
bibtex_default_style = "papercache"
suppress_warnings = ["bibtex.key_not_found"]
papercache_layers = {{"notes": "notes/"}}
html_theme = "basic"
html_search_options = {{"dict": {str(ROOT / "docs/_data/jieba_userdict.txt")!r}}}  # as docs/
"""
REFS = """@inproceedings{kwon2023pagedattention,
  title = {Efficient Memory Management for Large Language Model Serving},
  author = {Kwon, Woosuk and Li, Zhuohan},
  booktitle = {SOSP},
  year = {2023},
  doi = {10.1145/3600006.3613165},
}
"""
REFS2 = """@inproceedings{yu2022orca,
  title = {Orca: A Distributed Serving System},
  author = {Yu, Gyeong-In and Jeong, Joo Seong},
  booktitle = {OSDI},
  year = {2022},
  url = {https://www.usenix.org/conference/osdi22/presentation/yu},
}
"""
NOTE = """# 笔记

```{paper} yu2022orca

摘要。
```

引用 {cite}`kwon2023pagedattention` 与 {cite}`yu2022orca`。

```{bibliography}
:filter: docname in docnames
```
"""
INDEX = "# 首页\n\n```{toctree}\nnotes/orca\ntags/index\n```\n"
TAGS = "# 标签\n\n```{tagdef} kv-cache\nKV 缓存\n\nKV 缓存的管理。\n```\n"


def make_root(tmp_path: Path, refs2: str = REFS2) -> Path:
    src = tmp_path / "src"
    (src / "notes").mkdir(parents=True)
    (src / "tags").mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "tags" / "index.md").write_text(TAGS, encoding="utf-8")
    (src / "notes" / "orca.md").write_text(NOTE, encoding="utf-8")
    (src / "refs.bib").write_text(REFS, encoding="utf-8")
    (src / "refs2.bib").write_text(refs2, encoding="utf-8")
    return src


def build_in_process(src: Path, out: Path) -> tuple[Sphinx, str]:
    """Build and keep the application, for its domains (registries restored afterwards)."""
    warnings = io.StringIO()
    with isolated(src):
        app = Sphinx(
            src, src, out, out.with_suffix(".doctrees"), "html", status=None, warning=warnings
        )
        app.build()
    return app, warnings.getvalue()


def test_a_card_whose_key_is_only_in_the_second_file_renders(tmp_path: Path) -> None:
    src = make_root(tmp_path)
    build = sphinx(src, tmp_path / "out", "-W", "--keep-going")
    build.assert_clean()
    page = (tmp_path / "out" / "notes" / "orca.html").read_text(encoding="utf-8")
    assert 'id="paper-yu2022orca"' in page and "Orca: A Distributed Serving System" in page
    assert "efficient memory management" in page.lower()  # the first file's entry, cited


def test_a_syntax_error_in_the_second_file_fails_the_build_at_its_line(tmp_path: Path) -> None:
    broken = REFS2 + "\n@article{broken2024,\n  title = {Broken},\n  year = 2024 2025,\n}\n"
    src = make_root(tmp_path, broken)
    build = sphinx(src, tmp_path / "out", "-W", "--keep-going")  # asserts: no traceback
    assert build.returncode != 0
    assert any(w.startswith("refs2.bib:11: WARNING: BibTeX syntax error") for w in build.warnings)
    assert all("refs2.bib" in w for w in build.warnings), build.warnings


def test_a_key_defined_in_both_files_names_both_places(tmp_path: Path) -> None:
    src = make_root(tmp_path, REFS2 + "\n" + REFS)
    build = sphinx(src, tmp_path / "out")
    assert build.warnings == [
        'refs2.bib:9: WARNING: duplicate BibTeX key "kwon2023pagedattention" (first defined at '
        "refs.bib:1); this entry is ignored: remove one of them or rename one key "
        "[papercache.bib]"
    ]


def test_each_bib_is_parsed_once_and_pybtex_is_not_patched(tmp_path: Path, monkeypatch) -> None:
    files: list[str] = []
    real = Parser.parse_file
    monkeypatch.setattr(
        Parser, "parse_file", lambda self, name, *a: files.append(name) or real(self, name, *a)
    )
    app, warnings = build_in_process(make_root(tmp_path), tmp_path / "out")
    assert warnings == ""
    assert files == []  # sphinxcontrib-bibtex got our parse: it parsed nothing itself
    domain = app.env.get_domain("cite")
    assert list(domain.bibdata.data.entries) == ["kwon2023pagedattention", "yu2022orca"]
    assert pybtex.plugin.entry_points is importlib.metadata.entry_points
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "papercache").__name__ == (
        "PaperCacheStyle"
    )


def test_citation_index_follows_the_citation_references(tmp_path: Path) -> None:
    app, _ = build_in_process(make_root(tmp_path), tmp_path / "out")
    domain = app.env.get_domain("cite")
    by_key, by_doc = domain.citation_index()
    assert by_key["yu2022orca"] == {"notes/orca"}
    assert by_doc == {"notes/orca": {"kwon2023pagedattention", "yu2022orca"}}
    refs = domain.data["citation_refs"]
    refs.append(refs[0]._replace(docname="index"))  # as a page read appends its references
    assert domain.citation_index()[1]["index"] == {t.key for t in refs[0].targets}
    domain.clear_doc("notes/orca")
    assert "notes/orca" not in domain.citation_index()[1]


@pytest.mark.parametrize(
    "value",
    ["\\href", "|--|$$\\'\\href''", "\\url{\\\\)^\\frac{\\char_\\textit\\c\\href", "{" * 3000],
)
def test_latex_that_pylatexenc_cannot_read_is_text(value: str) -> None:
    assert isinstance(latex.to_text(value), str)


def test_only_pylatexenc_errors_are_read_as_text(monkeypatch) -> None:
    def fails(value):
        raise ZeroDivisionError  # a defect, not input pylatexenc cannot read: it must surface

    monkeypatch.setattr(latex._TEXT, "latex_to_text", fails)
    latex._decoded.cache_clear()
    with pytest.raises(ZeroDivisionError):
        latex.to_text("\\unusual{value}")
    latex._decoded.cache_clear()


def test_unreadable_latex_in_a_bib_builds(tmp_path: Path) -> None:
    messy = REFS2.replace(
        "Orca: A Distributed Serving System", "Orca \\href and " + "{" * 90 + "x" + "}" * 90
    )
    build = sphinx(make_root(tmp_path, messy), tmp_path / "out", "-W")  # asserts: no traceback
    build.assert_clean()
