"""Chinese words for the search index: jieba with the site's dictionary, spaces between words.

Pagefind's own Chinese segmentation (jieba's default dictionary when indexing, the browser's
Intl.Segmenter when searching) disagree with each other and with our domain terms: Debian's
Chromium cuts 张量并行 into 张|量|并行. So the index is fed a copy of each page with our jieba
words separated by spaces and indexed without segmentation; the search page splits a query into
the same words (longest match against the index's vocabulary, papercache-search.js).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from pathlib import Path

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MARKUP = re.compile(r"(<[^>]*>)")
RAW = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)

_tokenizer = None


def tokenizer(userdict: str | None):
    """jieba's tokenizer with *userdict* loaded (once per process)."""
    global _tokenizer
    if _tokenizer is None:
        import jieba

        jieba.setLogLevel(60)  # its "Building prefix dict" lines are not build output
        _tokenizer = jieba.Tokenizer()
        if userdict:
            _tokenizer.load_userdict(userdict)
    return _tokenizer


def words(text: str, userdict: str | None) -> list[str]:
    """The jieba words of one run of Han characters."""
    return [w for w in tokenizer(userdict).cut(text, HMM=True) if w.strip()]


def segment_html(html: str, start: int, userdict: str | None, vocabulary: set[str]) -> str:
    """Put spaces between the Chinese words of the text after *start*; tags are left alone."""

    def spaced(match: re.Match) -> str:
        found = words(match.group(), userdict)
        vocabulary.update(w for w in found if len(w) > 1)
        return f" {' '.join(found)} "

    head, rest = html[:start], html[start:]
    out = []
    # scripts and styles keep their text; only text between tags is segmented
    pos = 0
    for raw in RAW.finditer(rest):
        out.append(_segment_text(rest[pos : raw.start()], spaced))
        out.append(raw.group())
        pos = raw.end()
    out.append(_segment_text(rest[pos:], spaced))
    return head + "".join(out)


def _segment_text(html: str, spaced) -> str:
    parts = MARKUP.split(html)
    for i in range(0, len(parts), 2):  # even parts are text, odd ones tags
        parts[i] = HAN.sub(spaced, parts[i])
    return "".join(parts)


def write_vocabulary(path: Path, vocabulary: Iterable[str]) -> None:
    """Write the index's multi-character Chinese words, space-separated and gzipped.

    Gzipped here (as Pagefind's own files are), not left to the server: a third of the bytes
    wherever the site is served, and byte-identical between builds (mtime 0).
    """
    data = " ".join(sorted(vocabulary)).encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
