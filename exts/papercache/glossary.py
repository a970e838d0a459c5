"""The glossary of agreed term pairs: a table on the site and a lint for translations."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import labels
from .options import warn

EXCEPTION = re.compile(r"^\s*glossary-exception:\s*(\S+)")


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    also: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()  # longer words that contain the term but mean something else

    def rendered_in(self, text: str) -> bool:
        """True when *text* uses the agreed English (or an accepted form), at a word start."""
        for form in (self.en, *self.also):
            if re.search(rf"(?<![A-Za-z]){re.escape(form)}", text, re.IGNORECASE):
                return True
        return False


def load(path: Path) -> list[Term]:
    """Read the glossary file (TOML, one [[term]] table per pair)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Term(t["zh"], t["en"], tuple(t.get("also", ())), tuple(t.get("not_in", ())))
        for t in data.get("term", [])
    ]


@cache
def _segmenter(words: tuple[str, ...], userdict: str | None):
    import logging

    import jieba  # only the lint needs it; the build's search index loads its own

    jieba.setLogLevel(logging.WARNING)  # its progress lines are not problems
    tokenizer = jieba.Tokenizer()
    if userdict:
        tokenizer.load_userdict(userdict)
    for word in words:
        tokenizer.add_word(word.replace(" ", ""))
    return tokenizer


def terms_in(text: str, terms: list[Term], userdict: str | None = None) -> list[Term]:
    """The terms *text* contains as whole words (so 量化 is not found inside 向量化)."""
    tokenizer = _segmenter(tuple(w for t in terms for w in (t.zh, *t.not_in)), userdict)
    bounds, offset = {0}, 0
    for token in tokenizer.cut(text):
        offset += len(token)
        bounds.add(offset)
    found = []
    for term in terms:
        inside = [m.span() for word in term.not_in for m in re.finditer(re.escape(word), text)]
        for m in re.finditer(re.escape(term.zh), text):
            if any(start <= m.start() and m.end() <= end for start, end in inside):
                continue
            if m.start() in bounds and m.end() in bounds:
                found.append(term)
                break
    return found


def lint_message(msgid: str, msgstr: str, comments, terms, userdict=None) -> list[Term]:
    """Terms of *msgid* whose agreed English is missing from *msgstr* (exceptions honoured)."""
    excepted = {m.group(1) for c in comments if (m := EXCEPTION.match(c))}
    return [
        term
        for term in terms_in(msgid, terms, userdict)
        if term.zh not in excepted and not term.rendered_in(msgstr)
    ]


class GlossaryTable(SphinxDirective):
    """``{glossary-table}``: the agreed term pairs, as a two-column table."""

    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, self.config.papercache_glossary)
        self.env.note_dependency(str(path))
        try:
            terms = load(path)
        except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
            warn(f"cannot read the glossary {path.name}: {exc}", self.get_location(), "glossary")
            return []
        table = nodes.table(classes=["pc-glossary"])
        group = nodes.tgroup(cols=2)
        table += group
        group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=1)]
        head = nodes.thead()
        head += _row(labels.text("glossary_zh"), labels.text("glossary_en"))
        group += head
        body = nodes.tbody()
        for term in sorted(terms, key=lambda t: t.en.lower()):
            body += _row(term.zh, term.en, classes=["pc-term-zh", ""])
        group += body
        return [table]


def _row(*cells: str, classes: list[str] | None = None) -> nodes.row:
    row = nodes.row()
    for i, text in enumerate(cells):
        entry = nodes.entry()
        # the Chinese column stays Chinese on the English page: marked, so checks can tell
        entry += nodes.paragraph(text=text, classes=[classes[i]] if classes and classes[i] else [])
        row += entry
    return row


def setup_glossary(app: Sphinx) -> None:
    app.add_config_value("papercache_glossary", "_data/glossary.toml", "env", str)
    app.add_directive("glossary-table", GlossaryTable)
