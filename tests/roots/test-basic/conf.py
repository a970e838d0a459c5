import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "exts"))
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
