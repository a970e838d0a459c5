"""Search that works and scales: Chinese with a defined JS stemmer, stemming memoised.

Sphinx stems every word of every page through pure-Python Snowball, once per occurrence; a page
repeats its words, so a memo keeps the same index at a fraction of the cost (a fifth of the
Chinese build's indexing time at 400 pages).
"""

from __future__ import annotations

from pathlib import Path

import sphinx
import sphinx.search
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish
from sphinx.search.zh import SearchChinese

_JS = Path(sphinx.search.__file__).parent / "minified-js"

# sphinx-doc/sphinx#14229: Sphinx 9.0 ends the Chinese language_data.js with
# ``window.Stemmer = ChineseStemmer``, a class no file defines (Chinese reuses
# english-stemmer.js), so searchtools.js throws on every query. sphinx-doc/sphinx#14416 fixes it
# (merged mid-2026). 9.1.0 (released 2025-12-31) predates that merge, and which release ships it
# could not be checked here (the package index offers nothing newer than 9.0.4), so the
# workaround stays through 9.1.x: where it is no longer needed it writes what the fix writes.
STEMMER_MISNAMED = (9, 0) <= sphinx.version_info[:2] < (9, 2)


class MemoStemmer:
    """A Snowball stemmer whose results are remembered (stemming is a pure function of a word)."""

    def __init__(self, stemmer) -> None:
        self._stem = stemmer.stemWord
        self._stems: dict[str, str] = {}

    def stemWord(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stem(word)
        return stem


class MemoStemming:
    """Mixin for a SearchLanguage: wrap the stemmer its __init__ made."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = MemoStemmer(self.stemmer)


class PaperCacheEnglish(MemoStemming, SearchEnglish):
    """SearchEnglish with memoised stemming."""


class PaperCacheChinese(MemoStemming, SearchChinese):
    """SearchChinese with memoised stemming."""


class PaperCacheChineseNamedStemmer(PaperCacheChinese):
    """PaperCacheChinese whose language_data.js names the stemmer it defines (sphinx#14229).

    The English stemmer (used for Latin words in Chinese pages) is embedded and named
    explicitly, which keeps the browser and the Python indexer in agreement.
    """

    js_stemmer_rawcode = ""  # no raw code: Sphinx then writes js_stemmer_code as it is
    js_stemmer_code = "\n".join(
        (
            (_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_JS / "english-stemmer.js").read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        )
    )


def setup_search(app: Sphinx) -> None:
    # Both keep upstream's ``lang`` ("en", "zh"): Sphinx falls back from "zh_CN" to "zh".
    app.add_search_language(PaperCacheEnglish)
    app.add_search_language(
        PaperCacheChineseNamedStemmer if STEMMER_MISNAMED else PaperCacheChinese
    )
