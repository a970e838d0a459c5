"""A strict line-level lint of .po files: babel silently accepts some broken ones."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.i18n import CatalogRepository

from .options import warn

STRING = r'"(?:[^"\\]|\\.)*"'
LINE = re.compile(
    rf"^(?:#~ ?)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{STRING}\s*$"
)


def lint_po(path: Path) -> list[tuple[int, str]]:
    """Return (line, problem) for every line that is not a comment, blank or a quoted string."""
    problems = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [(1, f"not valid UTF-8 ({exc.reason})")]
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and not stripped[2:].strip():
            continue
        if not LINE.match(stripped):
            problems.append((number, f"malformed line: {stripped[:60]}"))
    return problems


def check_catalogs(app: Sphinx) -> None:
    """Warn, at file:line, about catalogs of this build's language that would be misread."""
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        path = Path(catalog.po_path)
        for line, problem in lint_po(path):
            warn(f"{problem}; fix the .po syntax (the message is ignored)", f"{path}:{line}", "po")


def setup_pocheck(app: Sphinx) -> None:
    app.connect("builder-inited", check_catalogs)
