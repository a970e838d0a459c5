"""The extension's own strings: Chinese msgids, translated through locales/<lang>/papercache.po."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation, init
from sphinx.util.i18n import CatalogRepository

CATALOG = "papercache"
_ = get_translation(CATALOG)

# Every string shown by the extension is listed here once, so that the gettext build can write
# papercache.pot from this table and translators see them beside the page catalogs.
STATUS_PAGE = {"draft": "草稿", "review": "待审阅", "stable": "稳定"}
STATUS_PAPER = {"read": "已精读", "skimmed": "已略读", "to-read": "待读"}
TEXT = {
    "cited_in": "被引用于",
    "not_cited": "暂无其他页面引用。",
    "bibtex": "BibTeX",
    "copy": "复制 BibTeX",
    "copied": "已复制",
    "paper": "论文",
    "pdf": "PDF",
    "code": "代码",
    "et_al": "等",
    "pages": "相关页面",
    "papers": "相关论文",
    "all_tags": "全部标签",
    "no_items": "暂无条目。",
    "language": "语言",
    "first_public": "首次公开",
    "undated": "未注明日期",
    "no_layer": "其他",
    "translation_behind": "本页的译文尚未跟上中文原文，以下部分仍显示中文：",
    "read_source": "阅读中文原文",
    "site_nav": "站点导航",
    "subpages": "“{title}”下的页面",
    "reading_status": "阅读进度：{status}",
    "cited_count": "共 {n} 个页面，按层列出",
    "map_caption": (
        "论文关系图：每个节点是一篇论文笔记，按首次公开的年份排列、按层着色；箭头从引用者指向被引用者"
    ),
    "builds_on": "它引用的论文",
    "built_on_by": "引用它的论文",
    "download_bib": "下载 .bib",
    "feed": "Atom 订阅",
    "feed_title": "新增笔记与章节",
    "cite_page": "引用本页",
    "glossary_zh": "中文",
    "glossary_en": "英文",
    "status_page": "页面",
    "status_done": "已翻译",
    "status_fuzzy": "待更新",
    "status_todo": "未翻译",
    "status_coverage": "完成度",
    "status_revised": "最后修订",
    "status_no_catalog": "无译文目录",
}


# Where a label appears, for translators (written as #. comments into papercache.pot): short
# strings such as 论文 need it. A label without an entry here still gets its key as context.
CONTEXT = {
    "cited_in": "heading of the list of pages that cite a paper, on its card",
    "paper": "button on a paper card linking to the paper itself",
    "code": "button on a paper card linking to the code repository",
    "et_al": "after the first authors of a paper, as in 'Kwon, Li, et al.'",
    "pages": "heading on a tag page: pages with this tag",
    "papers": "heading on a tag page: papers with this tag",
    "first_public": "before a date on a paper card: when the paper first appeared in public",
    "undated": "group heading in a paper list for papers without a date",
    "no_layer": "group heading in a paper list for papers outside the five layers",
    "translation_behind": "banner on a translated page, before the titles of untranslated sections",
    "read_source": "link in that banner to the page in the source language",
    "glossary_zh": "glossary table column: the Chinese term",
    "glossary_en": "glossary table column: the agreed English term",
    "status_fuzzy": "translation status table column: messages whose source changed (fuzzy)",
    "status_revised": "translation status table column: date the catalog was last revised",
    "language": "accessible name of the language switcher",
}


def message_context() -> dict[str, list[str]]:
    """Return the translator comments of every msgid."""
    out: dict[str, list[str]] = {}
    for key, msgid in STATUS_PAGE.items():
        out.setdefault(msgid, []).append(f"page status badge ({key})")
    for key, msgid in STATUS_PAPER.items():
        out.setdefault(msgid, []).append(f"reading status on a paper card ({key})")
    for key, msgid in TEXT.items():
        out.setdefault(msgid, []).append(f"{key}: {CONTEXT[key]}" if key in CONTEXT else key)
    return out


def messages() -> list[str]:
    """Return every msgid of the extension, in a stable order."""
    return [*STATUS_PAGE.values(), *STATUS_PAPER.values(), *TEXT.values()]


def text(name: str) -> str:
    """Return the label *name* in the build language."""
    return _(TEXT[name])


def page_status(value: str) -> str:
    return _(STATUS_PAGE[value])


def paper_status(value: str) -> str:
    return _(STATUS_PAPER[value])


def init_catalog(app: Sphinx) -> None:
    """Compile papercache.po (if stale) beside the project's catalogs and load it."""
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        if catalog.domain == CATALOG and catalog.is_outdated():
            catalog.write_mo(app.config.language, app.config.gettext_allow_fuzzy_translations)
    init(list(repo.locale_dirs), app.config.language, CATALOG)


def write_pot(app: Sphinx, exception: Exception | None) -> None:
    """After a gettext build, add papercache.pot so sphinx-intl creates and updates its .po."""
    if exception is not None or app.builder.name != "gettext":
        return
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    from . import facets  # the search page's labels live beside its code

    context = message_context()
    for key, msgid in facets.TEXT.items():
        context.setdefault(msgid, []).append(f"search page: {key}")
    for msgid in dict.fromkeys([*messages(), *facets.messages()]):
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"#. {comment}" for comment in context[msgid]]
        lines += [f'msgid "{escaped}"', 'msgstr ""', ""]
    Path(app.outdir, f"{CATALOG}.pot").write_text("\n".join(lines), encoding="utf-8")


def setup_labels(app: Sphinx) -> None:
    app.connect("builder-inited", init_catalog)
    app.connect("build-finished", write_pot)
