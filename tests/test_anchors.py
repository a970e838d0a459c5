"""Section ids from the English headings: shared by both languages, and rebuilt when they change."""

from __future__ import annotations

import re
from pathlib import Path

from util import copy_root, sphinx

PAGE = "chapters/serving"
HEADINGS = "\n\n## 背景与问题\n\n正文。\n\n## 未译的小节\n\n正文。\n\n## 背景与问题\n\n重名。\n"
PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "推理服务"
msgstr "Serving"

msgid "背景与问题"
msgstr "{background}"
"""


def _source(tmp_path: Path, background: str = "Background and problem") -> Path:
    src = copy_root("basic", tmp_path / "src")
    page = src / f"{PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8") + HEADINGS, encoding="utf-8")
    _write_po(src, background)
    return src


def _write_po(src: Path, background: str) -> None:
    po = src / "locales" / "en" / "LC_MESSAGES" / f"{PAGE}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(PO.format(background=background), encoding="utf-8")


def _section_ids(out: Path) -> list[str]:
    html = (out / f"{PAGE}.html").read_text(encoding="utf-8")
    return re.findall(r'<section id="([^"]+)"', html)


def test_ids_come_from_the_english_headings_and_follow_them(tmp_path: Path) -> None:
    src = _source(tmp_path)
    ids = {}
    for lang in ("zh_CN", "en"):
        build = sphinx(src, tmp_path / lang, "-D", f"language={lang}")
        assert build.returncode == 0, build.output
        ids[lang] = _section_ids(tmp_path / lang)
    assert ids["zh_CN"] == ids["en"], ids
    # translated, untranslated (a stable hash: no English to name it), a repeated heading
    assert ids["zh_CN"][0] == "serving"
    assert ids["zh_CN"][1] == "background-and-problem"
    assert re.fullmatch(r"s-[0-9a-f]{8}", ids["zh_CN"][2])
    assert ids["zh_CN"][3] == "background-and-problem-2"

    # an incremental Chinese build follows a changed English heading (the .po is a dependency)
    _write_po(src, "Why it matters")
    assert sphinx(src, tmp_path / "zh_CN").returncode == 0
    expected = ["serving", "why-it-matters", ids["zh_CN"][2], "why-it-matters-2"]
    assert _section_ids(tmp_path / "zh_CN") == expected
