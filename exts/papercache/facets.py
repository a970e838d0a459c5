"""What search filters on: a page's type, layer, tags, year and reading status, from card data."""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from . import bib, labels
from .domain import get_domain
from .views import layer_of, layer_title, paper_label

_ = get_translation(labels.CATALOG)

FACETS = ("type", "layer", "tag", "year", "status")
TYPES = ("note", "chapter", "tag")
# Chinese msgids, translated through papercache.po like the rest of the extension's labels.
TEXT = {
    "facet_type": "类型",
    "facet_layer": "层",
    "facet_tag": "标签",
    "facet_year": "年份",
    "facet_status": "阅读状态",
    "type_note": "论文笔记",
    "type_chapter": "章节",
    "type_tag": "标签页",
    "filters": "筛选",
    "clear": "清除筛选",
    "results": "{n} 个结果",
    "no_results": "没有找到匹配的页面。",
    "loading": "正在加载搜索索引……",
    "unavailable": "搜索索引不可用：请用 `nox -s docs` 构建，并通过本地服务器打开。",
    "more": "更多结果",
    "hint": "输入关键词，或只用筛选条件列出页面。",
}


def messages() -> list[str]:
    """Return the Chinese msgids of the search labels (for papercache.pot)."""
    return list(TEXT.values())


def text(name: str) -> str:
    """Return the label *name* in the build language."""
    return _(TEXT[name])


@dataclass
class PageFacets:
    """What one page contributes to the search index besides its text."""

    title: str
    type: str
    layer: str = ""
    tags: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    paper: str = ""  # "PagedAttention (Kwon et al., 2023)" for a note
    date: str = ""  # first public appearance of the note's paper, for date ordering


def page_facets(env: BuildEnvironment, pagename: str, title: str) -> PageFacets:
    """Return the facets of *pagename*: the same card, tag and layer data the cards show."""
    domain = get_domain(env)
    index = domain.index
    if pagename.startswith("tags/"):
        slug = pagename.removeprefix("tags/")
        return PageFacets(title=title, type="tag", tags=[slug] if slug in index.tags else [])
    layer = layer_of(env, pagename)
    meta = domain.data["page_meta"].get(pagename, {})
    tags = list(meta.get("tags", ()))
    cards = index.listed_on.get(pagename, []) if layer else []
    facets = PageFacets(title=title, type="note" if cards else "chapter", layer=layer)
    db = bib.for_env(env)
    for card in sorted(cards, key=lambda c: c.key):
        tags += card.tags
        entry = db.entries.get(card.key)
        date = entry.first_public() if entry else ""
        if date[:4].isdigit():
            facets.years.append(date[:4])
            facets.date = max(facets.date, date)
        if card.status:
            facets.statuses.append(card.status)
        facets.paper = facets.paper or paper_label(env, card.key)
    facets.tags = sorted(set(tags) & set(index.tags))
    facets.years = sorted(set(facets.years))
    facets.statuses = sorted(set(facets.statuses))
    return facets


def options(env: BuildEnvironment) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return every facet with its values and labels, in display order, for the search page."""
    domain = get_domain(env)
    layers = env.config.papercache_layers
    years: set[str] = set()
    statuses: set[str] = set()
    db = bib.for_env(env)
    for key, card in domain.index.cards.items():
        entry = db.entries.get(key)
        date = entry.first_public() if entry else ""
        if date[:4].isdigit():
            years.add(date[:4])
        if card.status:
            statuses.add(card.status)
    status_order = [s for s in labels.STATUS_PAPER if s in statuses]
    return [
        ("type", text("facet_type"), [(t, text(f"type_{t}")) for t in TYPES]),
        (
            "layer",
            text("facet_layer"),
            [(layer, layer_title(env, layer)) for layer in layers],
        ),
        (
            "tag",
            text("facet_tag"),
            sorted(
                ((slug, tag.label) for slug, tag in domain.index.tags.items()),
                key=lambda item: item[1].casefold(),
            ),
        ),
        ("year", text("facet_year"), [(y, y) for y in sorted(years, reverse=True)]),
        (
            "status",
            text("facet_status"),
            [(s, labels.paper_status(s)) for s in status_order],
        ),
    ]
