"""The translation cycle on a small project: extraction, English build, nothing ever lost."""

from __future__ import annotations

import json
import subprocess
import sys
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
        "复制 BibTeX": "Copy BibTeX",
        "相关论文": "Papers",
        "相关页面": "Pages",
        "等": "et al.",
        "收录于": "Listed",
        "论文": "Paper",
        "代码": "Code",
    },
}


def i18n(src: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(I18N), "--docs", str(src), "--locales", str(src / "locales")]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=src, check=False)


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


def test_english_build_translates_cards_tags_and_labels(translated: Path) -> None:
    out = translated.parent / "en"
    build = sphinx(translated, out, "-D", "language=en")
    assert build.returncode == 0
    page = (out / "notes" / "paged.html").read_text(encoding="utf-8")
    assert "Manages the KV cache the way an OS pages memory." in page
    assert "<strong>Cited in</strong>" in page and "Copy BibTeX" in page
    assert ">Pending review<" in page and ">Read<" in page
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
    stat = i18n(translated, "stat")
    assert stat.returncode == 1  # fuzzy is not translated: below the 100% threshold
    assert "notes/paged" in stat.stdout


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
