"""Links from references.bib: verbatim fields, and only http(s) and DOI links reach HTML."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

SAFE_SCHEMES = ("http", "https")
# BibTeX and biblatex never interpret these as LaTeX: %, ~ and -- are part of the value.
VERBATIM_FIELDS = ("url", "doi", "eprint", "file", "pdf")
URL_MACRO = re.compile(r"^\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?$", re.DOTALL)
UNSAFE_CHARS = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")
SEPARATOR = re.compile(r"\s*[;,]\s*|\s+(?=[a-z]+:)|\s+(?=www\.)", re.IGNORECASE)
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
ARXIV_NEW = re.compile(r"^(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?$", re.IGNORECASE)
ARXIV_OLD = re.compile(r"^(?:arxiv:)?[a-z-]+(?:\.[a-z]{2})?/\d{7}(?:v\d+)?$", re.IGNORECASE)


def verbatim(value: str) -> str:
    """Return a verbatim field as written: outer braces and a \\url{...} wrapper removed."""
    value = value.strip()
    while value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
        value = value[1:-1].strip()
    m = URL_MACRO.match(value)
    return m.group(1).strip() if m else value


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def is_safe_url(url: str) -> bool:
    """Only absolute http(s) URLs with a host and nothing to escape may become a link."""
    return not url_problem(url)


def url_problem(url: str) -> str:
    """Return why *url* cannot be a link (a phrase with a suggestion), or "" if it can."""
    url = url.strip()
    if not url:
        return "is empty"
    parts = [part for part in SEPARATOR.split(url) if part]
    if len(parts) > 1 and any(SCHEME.match(p) or p.lower().startswith("www.") for p in parts[1:]):
        return f"holds {len(parts)} links; keep one link per field (the paper's own page)"
    m = SCHEME.match(url)
    if not m:
        if re.match(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/|$)", url):
            return f'has no scheme; write "https://{url}"'
        return "is not a URL (an absolute http(s) address is needed)"
    scheme = m.group(1).lower()
    if scheme not in SAFE_SCHEMES:
        return f'uses the scheme "{scheme}:", but only http(s) links are kept'
    if UNSAFE_CHARS.search(url):
        return "contains a space, quote or backslash; percent-encode it (a space is %20)"
    if not urlsplit(url).netloc:
        return f'has no host after "{scheme}://"'
    return ""


def doi_url(doi: str) -> tuple[str, str]:
    """Return (link, problem) for a doi field: "https://doi.org/..." or "" with the reason."""
    doi = DOI_PREFIX.sub("", doi.strip())
    if not doi:
        return "", ""
    if not DOI.match(doi):
        return "", "is not a DOI (a DOI looks like 10.1145/3600006.3613165)"
    return "https://doi.org/" + quote(doi, safe="/:;()._-+[]"), ""


def arxiv_id(eprint: str) -> tuple[str, str]:
    """Return (id, problem) for an arXiv eprint field."""
    eprint = eprint.strip()
    if not eprint:
        return "", ""
    if ARXIV_NEW.match(eprint) or ARXIV_OLD.match(eprint):
        return re.sub(r"^arxiv:", "", eprint, flags=re.IGNORECASE), ""
    return "", "is not an arXiv id (e.g. 2309.06180 or hep-th/9901001)"
