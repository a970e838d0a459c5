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
    "tags": "标签",
    "status": "状态",
    "et_al": "等",
    "pages": "相关页面",
    "papers": "相关论文",
    "all_tags": "全部标签",
    "tag_page_intro": "带有此标签的页面与论文。",
    "no_items": "暂无条目。",
    "language": "语言",
    "other_language": "切换语言",
    "listed": "收录于",
    "undated": "未注明日期",
    "no_layer": "其他",
}


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
    for msgid in dict.fromkeys(messages()):
        escaped = msgid.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f'msgid "{escaped}"', 'msgstr ""', ""]
    Path(app.outdir, f"{CATALOG}.pot").write_text("\n".join(lines), encoding="utf-8")


def setup_labels(app: Sphinx) -> None:
    app.connect("builder-inited", init_catalog)
    app.connect("build-finished", write_pot)
