import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[3]  # tests/util.py's copy_root names it for copies
sys.path.insert(0, str(CHECKOUT / "exts"))
extensions = ["myst_parser", "sphinxcontrib.bibtex", "papercache"]
language = "zh_CN"
locale_dirs = ["locales/"]
gettext_compact = False
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
suppress_warnings = ["bibtex.key_not_found"]
exclude_patterns = ["_build"]
papercache_layers = {"notes": "notes/", "chapters": "chapters/"}
papercache_languages = {"zh_CN": "中文", "en": "English"}
papercache_language_roots = {"zh_CN": "../zh_CN/", "en": "../en/"}
html_theme = "basic"
# as docs/conf.py: the site's own jieba words (Sphinx's default re-reads jieba's whole dictionary,
# a second per build)
html_search_options = {"dict": str(CHECKOUT / "docs" / "_data" / "jieba_userdict.txt")}
