"""Catalog checks at the .po line: syntax babel would skip, and translations that break markup."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.util.i18n import CatalogRepository

from .options import warn

# What must survive translation byte for byte: roles with their targets, inline code, math.
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
CODE = re.compile(r"(?<![`}])`[^`\n]+`")
MATH = re.compile(r"(?<!\\)\$[^$\n]+\$")
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


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """Return what the translation lost or changed of the source's markup."""
    problems = []
    for name, find in (("role", _role_targets), ("math", MATH.findall)):
        want, got = sorted(find(msgid)), sorted(find(msgstr))
        if want != got:
            missing = sorted(set(want) - set(got)) or sorted(set(got) - set(want))
            problems.append(f"{name} markup differs: {', '.join(missing)[:120]}")
    strip = lambda s: CODE.findall(ROLE.sub("", s))  # noqa: E731 - code spans outside roles
    if sorted(strip(msgid)) != sorted(strip(msgstr)):
        problems.append("inline code differs")
    if msgstr.count("`") % 2:
        problems.append("unbalanced backquote")
    return problems


def _role_targets(text: str) -> list[str]:
    """Roles with their targets; an explicit title (`title <target>`) is translatable."""
    out = []
    for name, content in ROLE.findall(text):
        m = re.search(r"<([^<>]+)>\s*$", content)
        out.append(f"{{{name}}}`{m.group(1) if m else content}`")
    return out


def read_catalog(path: Path):
    """The parsed catalog at *path*, parsed once per version of the file.

    A translated build reads every catalog twice (this check at builder-inited, the coverage
    check before reading); the key holds mtime and size, so an edited file is parsed again.
    """
    stat = path.stat()
    return _parse(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)  # a few hundred catalogs; bounded all the same
def _parse(path: str, _mtime_ns: int, _size: int):
    with open(path, "rb") as fh:
        return read_po(fh)


def check_catalogs(app: Sphinx) -> None:
    """Warn, at the .po file and line, about this language's catalogs that would be misread."""
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        path = Path(os.path.normpath(catalog.po_path))
        syntax = lint_po(path)
        for line, problem in syntax:
            warn(f"{problem}; fix the .po syntax (the message is ignored)", f"{path}:{line}", "po")
        if syntax:
            continue
        source = _source_of(app, catalog.domain)
        for message in read_catalog(path):
            if not message.id or not message.string or message.fuzzy:
                continue
            for problem in markup_problems(str(message.id), str(message.string)):
                # the translator's mistake is in the .po: point there first, then at the source
                warn(
                    f"translation breaks markup ({problem}); copy roles, code and math from "
                    f"the msgid unchanged\n  source: {source}",
                    f"{path}:{message.lineno}",
                    "po",
                )


def _source_of(app: Sphinx, docname: str) -> str:
    for suffix in app.config.source_suffix:
        candidate = Path(app.srcdir, docname + suffix)
        if candidate.exists():
            return str(candidate)
    return docname


def setup_pocheck(app: Sphinx) -> None:
    app.connect("builder-inited", check_catalogs)
