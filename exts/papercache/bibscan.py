"""The raw text of a .bib file: encoding, where each entry starts and ends, duplicates, runaways.

pybtex reports what it could parse; this scan, counting braces as BibTeX does, says which entry
ran on into the others, so that every problem is named at the line where it starts.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*([{(])[ \t]*([^,\s{}()]*)", re.MULTILINE)
NON_ENTRY_TYPES = {"string", "preamble", "comment"}
BRACE = re.compile(r"[{}]")
ENTRY_HEAD = re.compile(r"@[ \t]*\w+[ \t]*[{(][ \t]*[^,\s{}()]+[ \t]*,")


@dataclass
class RawEntry:
    """One item of the file as written: its type, key, first line and own text."""

    kind: str
    key: str
    line: int
    start: int
    end: int = 0
    text: str = ""
    unclosed: bool = False  # its braces never balance: what follows is read as its field


# Latin-1 exports exist: their bytes that are not UTF-8 are read as Latin-1 (with a warning);
# sphinxcontrib-bibtex is handed our parse (citations.share_bibdata), so only we decode.
FALLBACK_CODEC = "papercache-utf8-latin1"


def _as_latin1(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


class _Decoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):
        return codecs.utf_8_decode(data, FALLBACK_CODEC, final)


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != FALLBACK_CODEC:
        return None
    return codecs.CodecInfo(
        name=FALLBACK_CODEC,
        encode=codecs.utf_8_encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, FALLBACK_CODEC, True),
        incrementaldecoder=_Decoder,
    )


codecs.register_error(FALLBACK_CODEC, _as_latin1)
codecs.register(_find_codec)


def decode(data: bytes) -> tuple[str, tuple[int, int, int] | None]:
    """Return (text, None) for UTF-8, or the text read with the Latin-1 fallback and the
    (line, column, byte) of the first byte that is not UTF-8."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return data.decode(FALLBACK_CODEC), (line, column, data[exc.start])


def scan(text: str) -> list[RawEntry]:
    """Return every @item of *text*, in order, with its own text (linear in the file size).

    An ``@`` that starts a line inside a still-open entry belongs to that entry's field unless
    it starts an entry of its own (``@type{key,``): then the open entry is marked unclosed,
    since a stray brace made it run on (pybtex may or may not recover the entries after it).
    """
    starts = []
    line, counted = 1, 0
    for m in ENTRY_START.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        starts.append((m, line))
    items: list[RawEntry] = []
    depth = 0
    for i, (m, line) in enumerate(starts):
        end = starts[i + 1][0].start() if i + 1 < len(starts) else len(text)
        chunk = text[m.start() : end]
        balance = chunk.count("{") - chunk.count("}")
        kind = m.group(1).lower()
        starts_entry = kind in NON_ENTRY_TYPES or bool(ENTRY_HEAD.match(chunk))
        if items and depth > 0 and not starts_entry:
            items[-1].end = end  # an "@" inside a field: still the open entry
            depth = max(0, depth + balance)
            continue
        if items and depth > 0:
            items[-1].unclosed = True
        items.append(RawEntry(kind, m.group(3), line, m.start(), end))
        depth = max(0, balance)
    if items and depth > 0:
        items[-1].unclosed = True
    for item in items:
        item.text = _own_text(text[item.start : item.end], item.unclosed)
    return items


def _own_text(chunk: str, unclosed: bool) -> str:
    """The entry up to its closing delimiter: no trailing % comments or text between entries."""
    m = ENTRY_START.match(chunk)
    closer = ")" if m and m.group(2) == "(" else "}"
    depth = 0
    if closer == "}" and not unclosed:
        for brace in BRACE.finditer(chunk):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                return chunk[: brace.end()]
    else:
        close = chunk.rfind(")")
        if close > 0:
            return chunk[: close + 1]
    # never closes: keep what is there, minus the comment lines that follow it
    lines = chunk.rstrip().split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("%")):
        lines.pop()
    return "\n".join(lines).rstrip()


def duplicates(items: list[RawEntry]) -> list[tuple[RawEntry, RawEntry]]:
    """Return (first, again) for each key defined twice; BibTeX keys ignore case."""
    first: dict[str, RawEntry] = {}
    out = []
    for item in items:
        if item.kind in NON_ENTRY_TYPES or not item.key:
            continue
        seen = first.setdefault(item.key.lower(), item)
        if seen is not item:
            out.append((seen, item))
    return out
