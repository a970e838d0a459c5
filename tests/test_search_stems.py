"""Memoised stemming returns what Snowball returns, word for word."""

from __future__ import annotations

import sys

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
