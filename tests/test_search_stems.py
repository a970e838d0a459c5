"""Search stems: memoised as Snowball stems, and the Chinese index and its JS stemmer agree."""

from __future__ import annotations

import json
import re
import sys

import pytest
import snowballstemmer
from util import ROOT

sys.path.insert(0, str(ROOT / "exts"))
from papercache.search import MemoStemmer, PaperCacheChinese, PaperCacheEnglish

WORDS = ["caching", "Caches", "cache", "KV", "running", "runs", "分页", "scheduling", "GPUs", "a"]


def test_memo_stemmer_equals_snowball() -> None:
    snowball = snowballstemmer.stemmer("english")
    memo = MemoStemmer(snowballstemmer.stemmer("english"))
    for word in WORDS * 2:  # the second round answers from the memo
        assert memo.stemWord(word) == snowball.stemWord(word), word


def test_languages_stem_as_upstream() -> None:
    from sphinx.search.en import SearchEnglish
    from sphinx.search.zh import SearchChinese

    for ours, upstream in ((PaperCacheEnglish, SearchEnglish), (PaperCacheChinese, SearchChinese)):
        mine, theirs = ours({}), upstream({})
        assert isinstance(mine.stemmer, MemoStemmer)
        text = "PagedAttention 用分页管理 KV caches，调度 scheduling"
        assert mine.split(text) == theirs.split(text)
        for word in theirs.split(text) * 2:
            assert mine.stem(word) == theirs.stem(word), word


def _search_terms(out) -> dict:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_chinese_search_defines_the_stemmer_it_names_and_stems(app) -> None:
    app.build()
    data = (app.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    named = re.findall(r"window\.Stemmer\s*=\s*(\w+)", data)
    assert named == ["EnglishStemmer"], named  # sphinx-doc/sphinx#14229 named ChineseStemmer
    assert re.search(rf"\b(?:class|var|let|const|function)\s+{named[0]}\b", data), "undefined"
    # Latin words in Chinese pages are indexed by their English stem, as the stemmer above
    # turns a query into ("PagedAttention" -> "pagedattent"); Chinese words are kept whole
    terms = _search_terms(app.outdir)
    assert "pagedattent" in terms and "pagedattention" not in terms
    assert "分页" in terms
