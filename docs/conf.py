"""Sphinx configuration of PaperCache (Chinese source, English translation)."""

import os
import sys
import tomllib
import urllib.parse
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "exts"))

project = "PaperCache"
author = "PaperCache contributors"
copyright = "PaperCache contributors"

# -- Languages -------------------------------------------------------------------------------------
# Chinese is the source; English is a translation selected with `-D language=en`.
language = "zh_CN"
locale_dirs = ["../locales/"]
gettext_compact = False  # one catalog per page, so translators and reviewers work page by page
gettext_uuid = False
gettext_location = False  # line numbers in catalogs would churn every .po on every source edit
gettext_last_translator = "PaperCache contributors"
gettext_allow_fuzzy_translations = False
# Code blocks are translated too (their comments); papercache extracts only messages with Chinese.
gettext_additional_targets = ["literal-block"]
# One threshold for `nox -s i18n-stat` and the English build's warnings ([tool.papercache]).
papercache_translation_threshold = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
    "tool"
]["papercache"]["i18n_threshold"]

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "papercache",
    # last-updated dates from git, sitemap.xml and OpenGraph tags (papercache/seo.py completes them)
    "sphinx_last_updated_by_git",
    "sphinx_sitemap",
    "sphinxext.opengraph",
]

# -- Sources ---------------------------------------------------------------------------------------
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_data", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
nitpicky = True

# -- Citations -------------------------------------------------------------------------------------
bibtex_bibfiles = ["../references.bib"]
# pybtex's "plain", with each entry formatted once per build (papercache/citations.py)
bibtex_default_style = "papercache"
bibtex_reference_style = "author_year"
# papercache checks every {cite} key itself and names the nearest existing key.
suppress_warnings = ["bibtex.key_not_found"]

# -- PaperCache ------------------------------------------------------------------------------------
papercache_layers = {
    "hardware": "hardware/",
    "system": "system/",
    "training": "training/",
    "inference": "inference/",
    "applications": "applications/",
}
papercache_tag_vocabulary = "tags/index"
# The sidebar tree is written once per build (_static/papercache-nav.js), not into every page;
# pages keep a fallback with the top-level entries and their ancestors, whose titles they show.
papercache_shared_navigation = True
papercache_nav_in_every_page = True
papercache_languages = {"zh_CN": "中文", "en": "English"}
# Where the other language lives, relative to this language's root: side by side locally
# (_build/html/zh_CN, _build/html/en), as linked translation projects on Read the Docs.
if os.environ.get("READTHEDOCS"):
    _version = os.environ.get("READTHEDOCS_VERSION", "latest")
    papercache_language_roots = {"zh_CN": f"../../zh-cn/{_version}/", "en": f"../../en/{_version}/"}
else:
    papercache_language_roots = {"zh_CN": "../zh_CN/", "en": "../en/"}
# Public address of each language (canonical links, hreflang, sitemaps, feeds, "cite this page"):
# the Read the Docs projects, also in a local build, so that what it writes points to the site.
_public = "https://papercache.readthedocs.io/"
if os.environ.get("READTHEDOCS_CANONICAL_URL"):  # ".../<lang>/<version>/" of this build
    _public = urllib.parse.urljoin(os.environ["READTHEDOCS_CANONICAL_URL"], "../../")
_release = os.environ.get("READTHEDOCS_VERSION", "latest")
papercache_site_urls = {"zh_CN": f"{_public}zh-cn/{_release}/", "en": f"{_public}en/{_release}/"}

# -- Search ----------------------------------------------------------------------------------------
# Pagefind (papercache/pagefind.py): indexed after the build, loaded by the search page only;
# "sphinx" brings back Sphinx's own index (the jieba options below are for that one).
papercache_search = "pagefind"
html_search_options = {"dict": str(DOCS / "_data" / "jieba_userdict.txt")}

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "PaperCache"
# "Last updated" from git history (sphinx-last-updated-by-git), in UTC so that builds agree.
html_last_updated_fmt = "%Y-%m-%d"
git_last_updated_timezone = "UTC"
sitemap_url_scheme = "{link}"  # html_baseurl already holds language and version
sitemap_locales = [None]  # hreflang alternates are in each page's <head> (papercache/seo.py)
sitemap_excludes = ["search.html", "genindex.html"]
ogp_social_cards = {"enable": False}  # no images made; no matplotlib
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": "https://github.com/papercache/papercache",
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "article_header_end": ["papercache-lang-switch.html", "article-header-buttons.html"],
}
html_static_path: list[str] = []
html_math_renderer = "mathml"  # papercache renders MathML at build time; no MathJax from a CDN
# Without it the theme writes an empty mode and its script logs an error on every first visit.
html_context = {"default_mode": "auto"}
