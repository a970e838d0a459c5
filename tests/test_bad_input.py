"""Bad input: each case is a tiny project with one defect and the exact warning it must produce.

No case may end in a traceback (an exception escapes util.sphinx), and the build always finishes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from util import ROOT, sphinx

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "exts")!r})
extensions = ["myst_parser", "sphinxcontrib.bibtex", "papercache"]
language = "zh_CN"
locale_dirs = ["locales/"]
gettext_compact = False
bibtex_bibfiles = ["refs.bib"]
suppress_warnings = ["bibtex.key_not_found"]
papercache_layers = {{"notes": "notes/"}}
html_theme = "basic"
html_search_options = {{"dict": {str(ROOT / "docs/_data/jieba_userdict.txt")!r}}}  # as docs/
"""

BIB = """@inproceedings{kwon2023pagedattention,
  title = {Efficient Memory Management for Large Language Model Serving with {PagedAttention}},
  author = {Kwon, Woosuk and Li, Zhuohan},
  booktitle = {SOSP},
  year = {2023},
  eprint = {2309.06180},
}
"""

TAGS = """# 标签

```{tagdef} kv-cache
KV 缓存

KV 缓存的管理。
```
"""

PAGE = """# 笔记

```{paper} kwon2023pagedattention
:tags: kv-cache

摘要。
```
"""

INDEX = "# 首页\n\n```{toctree}\nnote\ntags/index\n```\n"


def project(tmp: Path, files: dict[str, str]) -> Path:
    src = tmp / "src"
    base = {
        "conf.py": CONF,
        "refs.bib": BIB,
        "tags/index.md": TAGS,
        "note.md": PAGE,
        "index.md": INDEX,
    }
    for name, text in {**base, **files}.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def card(key: str = "kwon2023pagedattention", options: str = ":tags: kv-cache") -> str:
    return f"# 笔记\n\n```{{paper}} {key}\n{options}\n\n摘要。\n```\n"


W = "WARNING: "
CASES = {
    "unknown key in paper directive": (
        {"note.md": card("kwon2023pagedatention")},
        [
            f'note.md:3: {W}unknown BibTeX key "kwon2023pagedatention" '
            '(did you mean "kwon2023pagedattention"?) [papercache.key]'
        ],
    ),
    "unknown key in paper role": (
        {
            "other.md": "# 其他\n\n见 {paper}`kwon2023paged`。\n",
            "index.md": INDEX.replace("note\n", "note\nother\n"),
        },
        [
            f'other.md:3: {W}unknown BibTeX key "kwon2023paged" in {{paper}} '
            '(did you mean "kwon2023pagedattention"?) [papercache.key]'
        ],
    ),
    "unknown key in cite": (
        {
            "other.md": "# 其他\n\n见 {cite}`kwon2032pagedattention`。\n",
            "index.md": INDEX.replace("note\n", "note\nother\n"),
        },
        [
            f'other.md:3: {W}unknown BibTeX key "kwon2032pagedattention" in {{cite}} '
            '(did you mean "kwon2023pagedattention"?) [papercache.key]'
        ],
    ),
    "second card for the same key": (
        {"other.md": card(), "index.md": INDEX.replace("note\n", "note\nother\n")},
        [
            f'other.md:3: {W}second card for "kwon2023pagedattention" '
            "(the first is at note.md:3) [papercache.duplicate]"
        ],
    ),
    "unknown tag in front matter": (
        {"note.md": "---\ntags: [kv-cahce]\n---\n\n" + PAGE},
        [
            f'note.md:2: {W}unknown tag "kv-cahce" (did you mean "kv-cache"?); '
            "tags are defined in tags/index [papercache.tag]"
        ],
    ),
    "unknown tag in a card": (
        {"note.md": card(options=":tags: kv-cache, kvcache")},
        [
            f'note.md:3: {W}unknown tag "kvcache" (did you mean "kv-cache"?); '
            "tags are defined in tags/index [papercache.tag]"
        ],
    ),
    "unknown tag role": (
        {"note.md": PAGE + "\n见 {tag}`cache`。\n"},
        [
            f'note.md:9: {W}unknown tag "cache" (did you mean "kv-cache"?); '
            "tags are defined in tags/index [papercache.tag]"
        ],
    ),
    "unknown card status": (
        {"note.md": card(options=":status: done")},
        [
            f'note.md:3: {W}unknown :status: value "done" '
            "(expected one of: read, skimmed, to-read) [papercache.option]"
        ],
    ),
    "retired card date": (
        {"note.md": card(options=":date: 2023-09")},
        [
            f"note.md:3: {W}:date: is no longer read: a card shows the paper's first public "
            "appearance, taken from references.bib (arXiv id, `date` or `year`/`month`); remove "
            "the option and add `month` to the entry if it is missing [papercache.option]"
        ],
    ),
    "unknown page status": (
        {"note.md": "---\nstatus: final\n---\n\n" + PAGE},
        [
            f'note.md:2: {W}unknown :status: value "final" '
            "(expected one of: draft, review, stable) [papercache.option]"
        ],
    ),
    "unknown group-by and style": (
        {"note.md": PAGE + "\n```{paperlist}\n:group-by: author\n:style: grid\n```\n"},
        [
            f'note.md:9: {W}unknown :group-by: value "author" '
            "(expected one of: year, month, layer, none) [papercache.option]",
            f'note.md:9: {W}unknown :style: value "grid" '
            "(expected one of: cards, compact) [papercache.option]",
        ],
    ),
    "malformed year": (
        {"note.md": PAGE + "\n```{paperlist}\n:year: 2025-2023\n```\n"},
        [f'note.md:9: {W}:year: "2025-2023" runs backwards; write 2023-2025 [papercache.option]'],
    ),
    "non-numeric year": (
        {"note.md": PAGE + "\n```{paperlist}\n:year: recent\n```\n"},
        [
            f'note.md:9: {W}:year: "recent" is not a year or a range such as 2023-2025 '
            "[papercache.option]"
        ],
    ),
    "code link that is not http": (
        {"note.md": card(options=":code: javascript:alert(1)")},
        [
            f'note.md:3: {W}:code: "javascript:alert(1)" is not an http(s) URL; the link '
            "is dropped [papercache.url]"
        ],
    ),
    "bib entry without title and year": (
        {"refs.bib": BIB + "\n@misc{anon, author = {Doe, Jane}, url = {https://x.org}}\n"},
        [f'refs.bib:9: {W}BibTeX entry "anon" has no title or year [papercache.bib]'],
    ),
    "syntax error in the bib": (
        {"refs.bib": BIB + "\n@misc{broken, title = {Oops} year = {2020}}\n"},
        [
            f"refs.bib:9: {W}BibTeX syntax error: syntax error in line 9: '}}' expected "
            "[papercache.bib]",
            f'refs.bib:9: {W}BibTeX entry "broken" has no year [papercache.bib]',
        ],
    ),
    "tag page colliding with a page": (
        {
            "tags/kv-cache.md": "# 冲突\n",
            "index.md": INDEX + "\n```{toctree}\ntags/kv-cache\n```\n",
        },
        [
            f'tags/index.md:3: {W}the page of tag "kv-cache" would overwrite the document '
            '"tags/kv-cache"; rename the tag or move the document [papercache.collision]'
        ],
    ),
    "tag slug that is not ASCII": (
        {"tags/index.md": TAGS + "\n```{tagdef} KV_Cache\nKV\n\nx\n```\n"},
        [
            'tags/index.md:9: ERROR: tag slug "KV_Cache" must be lowercase ASCII words (letters '
            'and digits) joined by hyphens, e.g. "kv-cache"; the tag is not defined [docutils]'
        ],
    ),
    "a page with no title": (
        {"note.md": PAGE.replace("# 笔记\n\n", "")},
        [
            f"note.md:1: {W}page has no title (start it with a # heading); lists and "
            '"Cited in" would show its file name instead [papercache.title]',
            f"index.md:3: {W}toctree contains reference to document 'note' that doesn't have a "
            "title: no link will be generated [toc.no_title]",
        ],
    ),
    "a card on a page outside the toctree": (
        {
            "other.md": card("kwon2023pagedattention").replace("# 笔记", "# 其他"),
            "note.md": "# 笔记\n\n见 {paper}`kwon2023pagedattention`。\n",
        },
        [f"other.md: {W}document isn't included in any toctree [toc.not_included]"],
    ),
    "a po file with a syntax error": (
        {"locales/en/LC_MESSAGES/note.po": 'msgid "笔记"\nmsgstr "Note\n'},
        [
            'locales/en/LC_MESSAGES/note.po:2: WARNING: malformed line: msgstr "Note; fix the '
            ".po syntax (the message is ignored) [papercache.po]"
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_warns_with_location(tmp_path: Path, name: str) -> None:
    files, expected = CASES[name]
    src = project(tmp_path, files)
    args = ["-D", "language=en"] if any(f.startswith("locales/") for f in files) else []
    build = sphinx(src, tmp_path / "html", "--keep-going", *args)
    # papercache warnings, plus the location prefix of non-doc files relative to src
    got = [w.replace(str(src) + "/", "") for w in build.warnings]
    assert got == expected


def test_good_input_has_no_warning(tmp_path: Path) -> None:
    src = project(tmp_path, {})
    sphinx(src, tmp_path / "html").assert_clean()


def test_translation_that_breaks_markup_is_named(tmp_path: Path) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "见 {cite}`kwon2023pagedattention`。"\nmsgstr "See {cite}`kwon2023pagedattention."\n'
    )
    src = project(
        tmp_path,
        {
            "other.md": "# 其他\n\n见 {cite}`kwon2023pagedattention`。\n",
            "index.md": INDEX.replace("note\n", "note\nother\n"),
            "locales/en/LC_MESSAGES/other.po": po,
        },
    )
    build = sphinx(src, tmp_path / "html", "--keep-going", "-D", "language=en")
    assert build.returncode == 0
    # the mistake is in the .po: the first warnings name its file and line, then the source
    po_warnings = [
        "locales/en/LC_MESSAGES/other.po:5: WARNING: translation breaks markup (role markup "
        "differs: {cite}`kwon2023pagedattention`); copy roles, code and math from the msgid "
        "unchanged",
        "locales/en/LC_MESSAGES/other.po:5: WARNING: translation breaks markup (unbalanced "
        "backquote); copy roles, code and math from the msgid unchanged",
    ]
    assert build.warnings[:2] == po_warnings, build.warnings
    assert "source: " in build.output and "other.md" in build.output
    assert any(w.startswith("other.md:3: WARNING: inconsistent") for w in build.warnings), (
        build.warnings
    )


def test_large_bib_with_duplicates_macros_and_concatenation(tmp_path: Path) -> None:
    entries = ['@string{conf = "Proc. of "}']
    for i in range(5000):
        entries.append(
            f"@inproceedings{{key{i},\n  title = {{Paper {i}}},\n  author = {{A, B and C, D}},\n"
            f"  booktitle = conf # {{SOSP}},\n  year = {{2020}},\n  url = {{https://x.org/{i}}},\n}}"
        )
    entries.append("@misc{key7, title = {Again}, year = {2021}, url = {https://x.org}}")
    entries.append("@misc{key4999, title = {Again}, year = {2021}, url = {https://x.org}}")
    bib = "\n".join(entries) + "\n"
    local = "\n```{bibliography}\n:filter: docname in docnames\n```\n"
    note = PAGE + "\n见 {cite}`key42`。\n" + local
    src = project(tmp_path, {"refs.bib": BIB + bib, "note.md": note})
    build = sphinx(src, tmp_path / "html")
    assert build.returncode == 0
    dupes = [w for w in build.warnings if "duplicate BibTeX key" in w]
    assert [w.split("WARNING: ")[1] for w in dupes] == [
        'duplicate BibTeX key "key7" (first defined at line 58) [papercache.bib]',
        'duplicate BibTeX key "key4999" (first defined at line 35002) [papercache.bib]',
    ]
    page = (tmp_path / "html" / "note.html").read_text(encoding="utf-8")
    listed = page[page.index('class="citation"') :]
    # the @string macro and # concatenation expand; only the cited entry of 5,000 is listed
    assert "Proc. of SOSP" in listed and "conf" not in listed
    assert "Paper 42" in listed and "Paper 43" not in page


def test_math_renders_as_mathml_and_unknown_commands_warn(tmp_path: Path) -> None:
    page = PAGE + "\n$r_1,\\dots,r_G$ 与 $\\Big(x\\Big)$ 以及 $\\foo{x}$。\n"
    conf = CONF + 'html_math_renderer = "mathml"\nmyst_enable_extensions = ["dollarmath"]\n'
    src = project(tmp_path, {"note.md": page, "conf.py": conf})
    build = sphinx(src, tmp_path / "html")
    assert [w.split("WARNING: ")[1] for w in build.warnings] == [
        'cannot render math "\\foo{x}" as MathML (Unknown LaTeX command "\\foo"); '
        "simplify the LaTeX [papercache.math]"
    ]
    html = (tmp_path / "html" / "note.html").read_text(encoding="utf-8")
    assert html.count("<math") == 2 and "…" in html  # \dots became an ellipsis
    assert not re.search(r"<script[^>]*mathjax", html, re.IGNORECASE)  # nothing from a CDN
