"""LaTeX in BibTeX values as Unicode text (pylatexenc), with inline math kept apart."""

from __future__ import annotations

import functools
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalkerError

# An unescaped $...$ pair: the one math mode BibTeX titles use.
MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
BRACE = re.compile(r"[{}]")
# What pylatexenc would change; a value without any of it is already plain text.
SPECIAL = re.compile(r"[\\{}$~%&#^_]|--|``|''")
BARE = re.compile(r"(?<!\\)([%&#])")
MACRO_END = re.compile(r"\\(?:[A-Za-z]+\s*|[^A-Za-z\s])$")
# CJK ideographs, kana and hangul: names written family name first, without a space.
# What pylatexenc 2.10 raises in its tolerant mode: its own parse errors; IndexError and
# AttributeError from the \href text spec (latex2text/_defaultspecs.py) on a \href without its
# arguments; RecursionError from deeply nested braces (tests/test_bibfiles.py feeds all three).
PYLATEXENC_ERRORS = (LatexWalkerError, IndexError, AttributeError, RecursionError)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _converter(math_mode: str) -> LatexNodes2Text:
    db = get_default_latex_context_db()
    # pylatexenc drops the logos, and writes \url{x} as "<x>"; titles want the words themselves.
    db.add_context_category(
        "papercache",
        prepend=True,
        macros=[
            MacroTextSpec("TeX", "TeX"),
            MacroTextSpec("LaTeX", "LaTeX"),
            MacroTextSpec("LaTeXe", "LaTeX2ε"),
            MacroTextSpec("BibTeX", "BibTeX"),
            MacroTextSpec("url", "%s"),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode=math_mode)


_TEXT = _converter("text")  # math as its Unicode approximation: "$16\times 16$" -> "16×16"


def to_text(value: str) -> str:
    """Return *value* as plain Unicode text: accents, logos, escapes and math decoded."""
    if not SPECIAL.search(value):
        return " ".join(value.split())  # most values are plain: pylatexenc costs ~1 ms each
    return _decoded(value)


@functools.lru_cache(maxsize=65536)  # names and venues repeat across a bibliography
def _decoded(value: str) -> str:
    # a bare % or & in a title ("50% faster") is text to a reader, not a LaTeX comment or tab
    value = BARE.sub(r"\\\1", value)
    try:
        text = _TEXT.latex_to_text(value)
    except PYLATEXENC_ERRORS:  # a value must never stop the build: read it without braces
        text = value.replace("{", "").replace("}", "")
    return " ".join(unicodedata.normalize("NFC", text).split())


def segments(value: str) -> list[tuple[str, str]]:
    """Split *value* into ("text", unicode) and ("math", latex) parts, in order."""
    out: list[tuple[str, str]] = []
    last = 0
    for m in MATH.finditer(value):
        out.append(("text", value[last : m.start()]))
        out.append(("math", m.group(1).strip()))
        last = m.end()
    out.append(("text", value[last:]))
    # decode each text part alone; keep the spaces at its edges, which separate it from math
    parts = []
    for kind, part in out:
        if kind == "math":
            parts.append((kind, part))
            continue
        text = to_text(part)
        if not text:
            text = " " if part[:1].isspace() else ""  # the space between two formulas
        else:
            text = (" " if part[:1].isspace() else "") + text
            text += " " if part[-1:].isspace() else ""
        if text:
            parts.append((kind, text))
    return parts


def for_pybtex(value: str) -> str:
    """*value* with the LaTeX pybtex cannot read made Unicode; case-protecting {groups} kept.

    pybtex's styles change the case of titles except inside braces, and show commands they do
    not know (``\\TeX``, ``{\\~{Z}}``, ``$\\alpha$``) as written.
    """
    value = MATH.sub(lambda m: "{" + to_text(m.group(0)) + "}", value)
    out, run = [], []
    depth, start = 0, 0
    for m in BRACE.finditer(value):
        if m.group() == "{":
            if depth == 0:
                run.append(value[start : m.start()])
                start = m.start()
            depth += 1
            continue
        depth -= 1
        if depth < 0:
            return value  # unbalanced: bib.py has warned; leave it to pybtex
        if depth == 0:
            group = value[start : m.end()]
            start = m.end()
            before = "".join(run)
            command = MACRO_END.search(before)
            if command:  # \"{u} or \textit{Adorable}: the command and its argument, protected
                out.append(_flat(before[: command.start()]))
                out.append("{" + _flat(before[command.start() :] + group).strip() + "}")
            else:
                out.append(_flat(before))
                out.append("{" + _flat(group[1:-1]) + "}")
            run = []
    if depth:
        return value
    run.append(value[start:])
    out.append(_flat("".join(run)))
    return "".join(out)


def _flat(text: str) -> str:
    """Unicode for *text*, keeping the spaces at its edges; no brace survives to pybtex."""
    decoded = to_text(text).replace("{", "").replace("}", "")
    if not decoded:
        return " " if text[:1].isspace() else ""
    lead = " " if text[:1].isspace() else ""
    return lead + decoded + (" " if text[-1:].isspace() else "")


def is_cjk(name: str) -> bool:
    """Whether *name* is written in CJK script (family name first, no space)."""
    return bool(CJK.search(name))
