"""The translation cycle on a small project: extraction, English build, nothing ever lost."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from sphinx_intl.catalog import load_po
from util import ROOT, copy_root, sphinx

I18N = ROOT / "scripts" / "i18n.py"

ENGLISH = {
    "notes/paged": {
        "PagedAttention：分页管理 KV 缓存": "PagedAttention: Paging the KV Cache",
        "用分页的思路管理 KV 缓存。": "Manages the KV cache the way an OS pages memory.",
        "正文引用 {cite}`kwon2023pagedattention`，并提到 {paper}`yu2022orca`。": (
            "The text cites {cite}`kwon2023pagedattention` and mentions {paper}`yu2022orca`."
        ),
    },
    "tags/index": {
        "标签": "Tags",
        "推理": "Inference",
        "KV 缓存": "KV cache",
        "KV 缓存的分配与复用。": "Allocating and reusing the KV cache.",
        "批处理": "Batching",
        "连续批处理与调度。": "Continuous batching and scheduling.",
    },
    "chapters/serving": {"推理服务": "Serving"},
    "papercache": {
        "被引用于": "Cited in",
        "待审阅": "Pending review",
        "已精读": "Read",
        "阅读进度：{status}": "Reading: {status}",
        "复制 BibTeX": "Copy BibTeX",
        "相关论文": "Papers",
        "相关页面": "Pages",
        "等": "et al.",
        "首次公开": "First appeared",
        "论文": "Paper",
        "代码": "Code",
    },
}


def _load_tool():
    spec = importlib.util.spec_from_file_location("papercache_i18n_tool", I18N)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _load_tool()


def i18n(src: Path, *args: str) -> subprocess.CompletedProcess:
    """Run scripts/i18n.py's main() in this process, as `python scripts/i18n.py ...` in *src*."""
    argv = ["--docs", str(src), "--locales", str(src / "locales"), *args]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.chdir(src), redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = TOOL.main(argv)
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


def fill(src: Path, docname: str, translations: dict[str, str]) -> None:
    done = src.parent / f"{docname.replace('/', '_')}.json"
    done.write_text(json.dumps(translations, ensure_ascii=False), encoding="utf-8")
    result = i18n(src, "fill", docname, str(done))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    src = copy_root("basic", tmp_path_factory.mktemp("i18n") / "src")
    result = i18n(src, "update")
    assert result.returncode == 0, result.stdout + result.stderr
    for docname, translations in ENGLISH.items():
        fill(src, docname, translations)
    return src


def test_gettext_extracts_summaries_tags_and_labels(translated: Path) -> None:
    catalogs = translated / "locales" / "en" / "LC_MESSAGES"
    paged = load_po(str(catalogs / "notes" / "paged.po"))
    assert "用分页的思路管理 KV 缓存。" in paged  # the card summary
    tags = load_po(str(catalogs / "tags" / "index.po"))
    assert "KV 缓存" in tags and "KV 缓存的分配与复用。" in tags
    labels = load_po(str(catalogs / "papercache.po"))
    assert "被引用于" in labels and "待审阅" in labels


def test_only_messages_with_chinese_are_extracted(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\ngettext_additional_targets = ["literal-block"]\n')
    with open(src / "notes" / "paged.md", "a", encoding="utf-8") as page:
        page.write("\n2023\n\n```python\nx = 1  # 中文注释\n```\n\n```python\ny = 2\n```\n")
    result = i18n(src, "update")
    assert result.returncode == 0, result.stdout + result.stderr
    paged = load_po(str(src / "locales" / "en" / "LC_MESSAGES" / "notes" / "paged.po"))
    ids = {message.id for message in paged if message.id}
    assert "x = 1  # 中文注释\n" in ids  # a code comment in Chinese is translatable
    assert "y = 2\n" not in ids and "2023" not in ids  # nothing to translate: not extracted
    assert "用分页的思路管理 KV 缓存。" in ids


def test_english_build_translates_cards_tags_and_labels(translated: Path) -> None:
    out = translated.parent / "en"
    build = sphinx(translated, out, "-D", "language=en")
    assert build.returncode == 0
    page = (out / "notes" / "paged.html").read_text(encoding="utf-8")
    assert "Manages the KV cache the way an OS pages memory." in page
    assert "<strong>Cited in</strong>" in page and "Copy BibTeX" in page
    # the page's review status and the paper's reading status are told apart
    assert ">Pending review<" in page and ">Reading: Read<" in page
    assert '<span class="pc-tag">KV cache</span>' in page
    assert "Woosuk Kwon, Zhuohan Li, Siyuan Zhuang, et al." in page
    assert "用分页" not in page and "被引用于" not in page
    tag_page = (out / "tags" / "kv-cache.html").read_text(encoding="utf-8")
    assert "<h1>KV cache" in tag_page and "Allocating and reusing the KV cache." in tag_page
    assert "Papers (1)" in tag_page and "PagedAttention: Paging the KV Cache" in tag_page
    serving = (out / "chapters" / "serving.html").read_text(encoding="utf-8")
    # {paper} text uses the translated page title when the bib title has no short form
    assert "PagedAttention (Kwon et al., 2023)" in serving


def test_update_keeps_changed_translations_as_fuzzy_and_removed_as_obsolete(
    translated: Path,
) -> None:
    page = translated / "notes" / "paged.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("用分页的思路管理 KV 缓存。", "用分页的思路来管理 KV 缓存。")
    text = text.replace(
        "正文引用 {cite}`kwon2023pagedattention`，并提到 {paper}`yu2022orca`。\n", ""
    )
    page.write_text(text, encoding="utf-8")
    result = i18n(translated, "update")
    assert result.returncode == 0, result.stdout + result.stderr
    po = translated / "locales" / "en" / "LC_MESSAGES" / "notes" / "paged.po"
    catalog = load_po(str(po))
    changed = catalog["用分页的思路来管理 KV 缓存。"]
    assert changed.fuzzy
    assert changed.string == "Manages the KV cache the way an OS pages memory."
    raw = po.read_text(encoding="utf-8")
    assert '#~ msgstr "The text cites {cite}`kwon2023pagedattention` and mentions' in raw.replace(
        '"\n#~ "', ""
    )
    # the previous source is kept for the translator (#| msgid), through later update cycles
    previous = (
        '#, fuzzy\n#| msgid "用分页的思路管理 KV 缓存。"\nmsgid "用分页的思路来管理 KV 缓存。"'
    )
    assert previous in raw
    assert i18n(translated, "update").returncode == 0
    again = po.read_text(encoding="utf-8")
    assert previous in again and again.count("用分页的思路管理 KV 缓存。") == 1
    # clean headers, no false format flags (Babel reads "{cite}" as a brace placeholder)
    assert "SOME DESCRIPTIVE TITLE" not in raw and "FULL NAME" not in raw
    assert "PROJECT VERSION" not in raw and "YEAR-MO-DA" not in raw
    assert '#, fuzzy\nmsgid ""' not in raw and "python-brace-format" not in raw
    stat = i18n(translated, "stat")
    assert stat.returncode == 1  # fuzzy is not translated: below the 100% threshold
    assert "notes/paged" in stat.stdout
    # the failing page is named before the table, and 99.9...% is never shown as 100.0%
    assert stat.stdout.index("notes/paged: 0 untranslated, 1 fuzzy") < stat.stdout.index("coverage")
    assert "100.0%" not in stat.stdout.splitlines()[-1]
    fill(
        translated,
        "notes/paged",
        {"用分页的思路来管理 KV 缓存。": "Manages the KV cache as pages."},
    )
    assert "#| msgid" not in po.read_text(encoding="utf-8")  # translated: no longer fuzzy


def test_check_reports_broken_markup_and_bad_po(translated: Path) -> None:
    fill(
        translated,
        "chapters/serving",
        {
            "见 {paper}`kwon2023pagedattention` 与 {tag}`kv-cache`，以及 {cite}`evil2024`。": (
                "See {paper}`kwon2023pagedattention` and {tag}`kv-cache`, and {cite}`evil`."
            ),
        },
    )
    result = i18n(translated, "check")
    assert result.returncode == 1
    assert "role markup differs: {cite}`evil2024`" in result.stdout
    broken = translated / "locales" / "en" / "LC_MESSAGES" / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = i18n(translated, "check")
    assert "broken.po: does not parse" in result.stdout


def todo(src: Path, docname: str) -> dict[str, str]:
    result = i18n(src, "todo", docname, "--stdout")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_translated_pages_behind_the_source_are_flagged(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\ngettext_additional_targets = ["literal-block"]\n')
        conf.write("papercache_translation_threshold = 100\n")
    with open(src / "notes" / "paged.md", "a", encoding="utf-8") as page:
        page.write("\n## 实现\n\n块表记录映射。\n\n```python\nx = 1  # 块号\n```\n")
    assert i18n(src, "update").returncode == 0
    serving = {msgid: f"EN {msgid}" for msgid in todo(src, "chapters/serving")}
    serving = {k: v.replace("推理服务", "Serving").replace("见", "See") for k, v in serving.items()}
    serving = {
        k: "".join(c for c in v if not "\u4e00" <= c <= "\u9fff") for k, v in serving.items()
    }
    fill(src, "chapters/serving", serving)
    paged = todo(src, "notes/paged")
    del paged["块表记录映射。"]  # one paragraph of the section "实现" stays untranslated
    paged = {k: "".join(c for c in k if not "\u4e00" <= c <= "\u9fff") + " EN" for k in paged}
    paged["实现"] = "Implementation"
    paged["x = 1  # 块号\n"] = "x = 1  # block number\n"
    fill(src, "notes/paged", paged)
    # a page added after the last update has no catalog; a status page lists every page
    (src / "new.md").write_text("# 新页面\n\n正文。\n", encoding="utf-8")
    (src / "status.md").write_text("# 进度\n\n```{translation-status}\n```\n", encoding="utf-8")
    out = tmp_path / "en"
    build = sphinx(src, out, "-D", "language=en")
    # the build names every page that is behind, at its catalog
    behind = [w for w in build.warnings if "untranslated" in w or "no en catalog" in w]
    assert any("notes/paged.po:1: WARNING: 1 untranslated and 0 fuzzy" in w for w in behind)
    assert any(w.startswith("new.md:1: WARNING: no en catalog for this page") for w in behind)
    assert not any("chapters/serving" in w for w in behind)
    status = (out / "status.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'href="([\w/]+)\.html"[^>]*>.*?</a></p></td>(.*?)</tr>', status, re.S))
    cells = {doc: re.findall(r"<p>(.*?)</p>", row) for doc, row in rows.items()}
    assert cells["chapters/serving"][1:4] == ["0", "0", "100.0%"]
    assert cells["notes/paged"][2] == "1" and cells["new"][3] == "无译文目录"
    # readers see which section is behind, with a link to the Chinese page
    page = (out / "notes" / "paged.html").read_text(encoding="utf-8")
    banner = page[page.index("pc-translation-behind") :]
    banner = banner[: banner.index("</div>")]
    # the section as the reader sees it (its title is translated, one paragraph is not)
    assert ">Implementation<" in banner and 'href="../../zh_CN/notes/paged.html"' in banner
    assert "pc-translation-behind" not in (out / "chapters" / "serving.html").read_text("utf-8")
    # a translated code block stays a code block (Markdown has no reST "::" notation)
    assert '<span class="c1"># block number</span>' in page and "块号" not in page


def _msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt not found (apt-get install gettext); .ci/run installs it")
        pytest.skip("msgfmt not found: apt-get install gettext")
    return found


def test_every_catalog_passes_msgfmt_check() -> None:
    """GNU msgfmt's own checks (header fields, format flags) find nothing in our catalogs."""
    msgfmt = _msgfmt()
    catalogs = sorted((ROOT / "locales").rglob("*.po"))
    assert len(catalogs) > 50
    for po in catalogs:
        cmd = [msgfmt, "--check-format", "-c", "-o", os.devnull, str(po)]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and result.stderr == "", f"{po}: {result.stderr}"


def test_previous_source_of_a_long_message_is_valid_po(tmp_path: Path) -> None:
    """A long changed paragraph keeps its previous msgid in msgmerge's layout, msgfmt-clean."""
    msgfmt = _msgfmt()
    src = copy_root("basic", tmp_path / "src")
    long = "很长的一段话，里面有 KV 缓存与 token 等词。" * 8
    page = src / "notes" / "paged.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{long}\n", encoding="utf-8")
    assert i18n(src, "update").returncode == 0
    fill(src, "notes/paged", {long: "A long paragraph."})
    page.write_text(page.read_text(encoding="utf-8").replace(long, long + "改"), encoding="utf-8")
    for _cycle in range(2):  # the previous msgid survives a second update unchanged
        assert i18n(src, "update").returncode == 0
        po = src / "locales" / "en" / "LC_MESSAGES" / "notes" / "paged.po"
        text = po.read_text(encoding="utf-8")
        previous = text[text.index("#| msgid") : text.index("\nmsgid", text.index("#| msgid"))]
        restored = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', previous))
        assert restored == long
        result = subprocess.run(
            [msgfmt, "--check-format", "-c", "-o", os.devnull, str(po)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0 and result.stderr == "", result.stderr


def test_glossary_lint_fails_on_a_wrong_term_and_passes_with_the_agreed_one(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    (src / "_data").mkdir()
    (src / "_data" / "glossary.toml").write_text(
        '[[term]]\nzh = "分页"\nen = "paging"\nalso = ["paged"]\n\n'
        '[[term]]\nzh = "量化"\nen = "quantization"\nnot_in = ["向量化"]\n',
        encoding="utf-8",
    )
    page = src / "notes" / "paged.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n向量化与分页。\n", encoding="utf-8")
    assert i18n(src, "update").returncode == 0
    fill(src, "notes/paged", {"向量化与分页。": "Vectorization and page tables."})
    result = i18n(src, "check", "--only", "notes/paged")
    # 分页 lacks "paging"; 量化 inside 向量化 is another word (listed in not_in)
    assert result.returncode == 1
    assert re.search(r"paged\.po:\d+: glossary: 分页 is \"paging\"", result.stdout), result.stdout
    assert "量化" not in result.stdout
    fill(src, "notes/paged", {"向量化与分页。": "Vectorization and paging."})
    assert "glossary" not in i18n(src, "check", "--only", "notes/paged").stdout
    # a justified exception is a translator comment on the entry
    fill(src, "notes/paged", {"向量化与分页。": "Vectorization and page tables."})
    po = src / "locales" / "en" / "LC_MESSAGES" / "notes" / "paged.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgid "向量化与分页。"',
        '# glossary-exception: 分页 -- about tables\nmsgid "向量化与分页。"',
    )
    po.write_text(text, encoding="utf-8")
    assert "glossary" not in i18n(src, "check", "--only", "notes/paged").stdout
