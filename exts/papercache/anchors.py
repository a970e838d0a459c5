"""Section ids that both languages share: the slug of the heading's English translation.

docutils derives a section's id from its title and falls back to ``id2``, ``id6`` for Chinese
titles, so links to sections were unreadable and moved whenever a heading was added. Here every
section without an explicit label gets the slug of its title's English translation (read from
``locales/en``), computed from the Chinese source in both builds, so ``/zh_CN/x.html#a`` and
``/en/x.html#a`` are the same section. The old ids stay on the section, so old links still land.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .pocheck import read_catalog

TRANSLATION = "en"  # the language whose headings name the sections
MAX_LENGTH = 60


def slug(text: str) -> str:
    """ASCII words, hyphenated: "Background and problem", background-and-problem."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > MAX_LENGTH:
            break
        out = f"{out}-{word}" if out else word
    return out[:MAX_LENGTH]


def _catalog(path: Path) -> dict[str, str]:
    """Translated, non-fuzzy messages of one .po file."""
    return {
        str(m.id): str(m.string)
        for m in read_catalog(path)
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
        if not m.fuzzy
    }


def catalog_path(config: Config, srcdir: Path, docname: str) -> Path | None:
    """The English .po of *docname*, if the project has one."""
    domain = docname_to_domain(docname, config.gettext_compact)
    for locale_dir in config.locale_dirs:
        path = Path(srcdir, locale_dir, TRANSLATION, "LC_MESSAGES", f"{domain}.po")
        if path.exists():
            return path
    return None


class NameSections(SphinxTransform):
    """Before the page is translated: note each section's stable id, from its source title."""

    default_priority = 15  # before sphinx.transforms.i18n.Locale (20) replaces the titles

    def apply(self, **kwargs) -> None:
        path = catalog_path(self.config, self.env.srcdir, self.env.docname)
        if path is not None:
            self.env.note_dependency(str(path))
        english = _catalog(path) if path else {}
        for title, msgid in extract_messages(self.document):
            section = title.parent
            if not isinstance(title, nodes.title) or not isinstance(section, nodes.section):
                continue
            text = english.get(msgid) or title.astext()
            section["pc_anchor"] = slug(text) or "s-" + hashlib.sha1(msgid.encode()).hexdigest()[:8]


class ApplyAnchors(SphinxTransform):
    """After translation: make the stable id each section's first (the one TOCs link to)."""

    default_priority = 30  # after Locale (20) may have added ids for translated titles

    def apply(self, **kwargs) -> None:
        taken = set(self.document.ids)
        for section in self.document.findall(nodes.section):
            anchor = section.attributes.pop("pc_anchor", None)
            if not anchor or _explicitly_named(self.document, section):
                continue
            if anchor in section["ids"]:
                section["ids"].remove(anchor)
            else:
                base, n = anchor, 1
                while anchor in taken:
                    n += 1
                    anchor = f"{base}-{n}"
                taken.add(anchor)
                self.document.ids[anchor] = section
            section["ids"].insert(0, anchor)


def _explicitly_named(document: nodes.document, section: nodes.section) -> bool:
    """A section with a label (``(label)=``) keeps the label as its id."""
    return any(document.nametypes.get(name) for name in section["names"])


def setup_anchors(app: Sphinx) -> None:
    app.add_transform(NameSections)
    app.add_transform(ApplyAnchors)
