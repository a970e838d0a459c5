"""Chinese search that works: jieba segmentation with our dictionary and a defined JS stemmer."""

from __future__ import annotations

from pathlib import Path

import sphinx.search
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

_JS = Path(sphinx.search.__file__).parent / "minified-js"


class PaperCacheChinese(SearchChinese):
    """SearchChinese whose language_data.js defines the stemmer it names.

    Sphinx 9.0 ships english-stemmer.js for Chinese but emits ``window.Stemmer =
    ChineseStemmer``, a class that does not exist, so searchtools.js throws on every query.
    Embedding the English stemmer (used for Latin words in Chinese pages) and naming it
    explicitly keeps the browser and the Python indexer in agreement.
    """

    js_stemmer_rawcode = ""
    js_stemmer_code = "\n".join(
        (
            (_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_JS / "english-stemmer.js").read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        )
    )


def setup_search(app: Sphinx) -> None:
    # Registered under "zh" so that zh_CN (and zh_TW) resolve to it via the language prefix.
    sphinx.search.languages["zh"] = PaperCacheChinese
