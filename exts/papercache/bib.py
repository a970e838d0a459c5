"""references.bib: parsed once (kept until it changes), with line numbers, raw entries and text."""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import Text
from pybtex.scanner import PybtexError

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]*)", re.MULTILINE)
NON_ENTRY_TYPES = {"string", "preamble", "comment"}
ERROR_LINE = re.compile(r"line (\d+)")
MATH = re.compile(r"(?<!\\)\$(.*?)(?<!\\)\$")
SAFE_SCHEMES = ("http://", "https://")
# render_as("text") looks the backend up through package entry points on every call, which
# made a 5,000-entry file take minutes; one instance serves every field.
_TEXT = TextBackend()


@dataclass(frozen=True)
class BibEntry:
    """One entry, decoded to plain text; nothing here is markup."""

    key: str
    type: str
    line: int
    raw: str
    fields: dict[str, str]
    authors: tuple[str, ...]
    author_last_names: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def year(self) -> str:
        return self.fields.get("year", "")

    @property
    def venue(self) -> str:
        for name in ("booktitle", "journal", "publisher", "howpublished", "institution"):
            if self.fields.get(name):
                return self.fields[name]
        if self.fields.get("eprint"):
            return "arXiv"
        return ""

    def links(self) -> list[tuple[str, str]]:
        """Return (kind, url) pairs for the paper itself, best first; only http(s) URLs."""
        out = []
        doi = self.fields.get("doi", "")
        if doi:
            out.append(("doi", doi if doi.startswith(SAFE_SCHEMES) else f"https://doi.org/{doi}"))
        eprint = self.fields.get("eprint", "")
        if eprint and self.fields.get("archiveprefix", "arxiv").lower() == "arxiv":
            out.append(("arxiv", f"https://arxiv.org/abs/{eprint}"))
        if self.fields.get("url"):
            out.append(("url", self.fields["url"]))
        return [(kind, url) for kind, url in out if is_safe_url(url)]

    def pdf_url(self) -> str:
        """Return the PDF link if one is known (arXiv), else an empty string."""
        eprint = self.fields.get("eprint", "")
        if eprint and self.fields.get("archiveprefix", "arxiv").lower() == "arxiv":
            return f"https://arxiv.org/pdf/{eprint}"
        return ""

    def short_authors(self, limit: int = 3) -> str:
        """All authors, or the first *limit* and "et al." (the caller translates "et al.")."""
        if len(self.authors) <= limit:
            return ", ".join(self.authors)
        return ", ".join(self.authors[:limit]) + ", et al."

    def author_year(self) -> str:
        """Return e.g. "Kwon et al., 2023"."""
        names = self.author_last_names
        if not names:
            who = ""
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} et al."
        return ", ".join(part for part in (who, self.year) if part)


@dataclass
class BibDatabase:
    """All entries of one .bib file and the problems found while reading it."""

    path: str
    stamp: tuple[int, int]
    entries: dict[str, BibEntry] = field(default_factory=dict)
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    def nearest(self, key: str) -> str | None:
        """Return the existing key closest to *key*, if any is close."""
        return nearest(key, self.entries)


def nearest(word: str, choices) -> str | None:
    """Return the choice most similar to *word*, or None when nothing is close."""
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def is_safe_url(url: str) -> bool:
    """Only http(s) links reach HTML: no javascript:, data: or relative tricks."""
    return url.strip().lower().startswith(SAFE_SCHEMES) and not any(c in url for c in "\"'<> \n")


def decode(value: str) -> str:
    """Turn a LaTeX field value into plain text (accents decoded, braces and $ removed)."""
    value = MATH.sub(r"\1", value)
    try:
        text = Text.from_latex(value).render(_TEXT)
    except Exception:
        text = value.replace("{", "").replace("}", "")
    return " ".join(text.split())


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def _scan(text: str) -> list[tuple[str, str, int, int]]:
    """Return (type, key, line, offset) of every item that starts a line with @."""
    items = []
    line, counted = 1, 0
    for m in ENTRY_START.finditer(text):
        # count newlines only since the previous match: linear in the file size
        line += text.count("\n", counted, m.start())
        counted = m.start()
        items.append((m.group(1).lower(), m.group(2), line, m.start()))
    return items


def parse(path: Path) -> BibDatabase:
    """Parse *path*; problems are collected, never raised."""
    db = BibDatabase(path=str(path), stamp=_stamp(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        db.problems.append((None, f"cannot read {path.name}: {exc.strerror}"))
        return db
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        db.problems.append((line, f"{path.name} is not valid UTF-8"))
        return db

    items = _scan(text)
    first_line: dict[str, int] = {}
    raw_by_key: dict[str, tuple[str, int, str]] = {}
    for i, (kind, key, line, start) in enumerate(items):
        if kind in NON_ENTRY_TYPES:
            continue
        if not key:
            db.problems.append((line, f"@{kind} entry without a key"))
            continue
        if key in first_line:
            db.problems.append(
                (line, f'duplicate BibTeX key "{key}" (first defined at line {first_line[key]})')
            )
            continue
        first_line[key] = line
        end = items[i + 1][3] if i + 1 < len(items) else len(text)
        raw_by_key[key] = (kind, line, text[start:end].strip())

    # pybtex understands @string macros and # concatenation; capture() makes it report, not raise.
    with pybtex.errors.capture() as errors:
        try:
            data = Parser(encoding="utf-8").parse_string(text)
        except PybtexError as exc:  # defensive: capture() should already have taken it
            errors.append(exc)
            data = None
    for exc in errors:
        message = str(exc)
        if message.startswith("repeated bibliography entry"):
            continue  # reported above with both line numbers
        m = ERROR_LINE.search(message)
        line = int(m.group(1)) if m else getattr(exc, "lineno", None)
        db.problems.append((line, f"BibTeX syntax error: {message}"))
    if data is None:
        return db

    for key, entry in data.entries.items():
        if key not in raw_by_key:
            continue
        kind, line, raw = raw_by_key[key]
        fields = {name.lower(): decode(str(value)) for name, value in entry.fields.items()}
        people = entry.persons.get("author", []) or entry.persons.get("editor", [])
        authors = tuple(decode(str(p)) if not p.first_names else _display(p) for p in people)
        last = tuple(decode(" ".join(p.prelast_names + p.last_names)) for p in people)
        db.entries[key] = BibEntry(key, kind, line, raw, fields, authors, last)
        missing = [name for name in ("title", "year") if not fields.get(name)]
        if missing:
            db.problems.append((line, f'BibTeX entry "{key}" has no {" or ".join(missing)}'))
        url = fields.get("url", "")
        if url and not is_safe_url(url):
            db.problems.append(
                (line, f'BibTeX entry "{key}": url "{url}" is not http(s); the link is dropped')
            )
    return db


def _display(person) -> str:
    """Return "First Last" for a pybtex Person."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = decode(" ".join(parts))
    lineage = decode(" ".join(person.lineage_names))
    return f"{name} {lineage}".strip()


_cache: dict[str, BibDatabase] = {}
# A parsed file is also kept beside the doctrees, so that an incremental build (a new process)
# does not decode every field of a large .bib again; the key names this module's own source, so
# a change to the parser invalidates it.
_PARSER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def load(path: Path, cache_dir: Path | None = None) -> BibDatabase:
    """Return the parsed file, re-parsing only when its mtime or size changed."""
    key, stamp = str(path), _stamp(path)
    cached = _cache.get(key)
    if cached is not None and cached.stamp == stamp:
        return cached
    stored = cache_dir / f"papercache-bib-{_digest(key)}.pickle" if cache_dir else None
    cached = _read_stored(stored, stamp)
    if cached is None:
        cached = parse(path)
        if stored is not None:
            _write_stored(stored, cached)
    _cache[key] = cached
    return cached


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_stored(stored: Path | None, stamp: tuple[int, int]) -> BibDatabase | None:
    if stored is None:
        return None
    try:
        with open(stored, "rb") as fh:
            parser, db = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # missing or unreadable: parse again
    return db if parser == _PARSER and db.stamp == stamp else None


def _write_stored(stored: Path, db: BibDatabase) -> None:
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        tmp = stored.with_name(f"{stored.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump((_PARSER, db), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(stored)  # atomic: a parallel reader sees the old file or the new one
    except OSError:
        pass  # the cache is an optimisation; the build goes on without it


def for_env(env) -> BibDatabase:
    """Return the parsed bib of this build (cached by mtime, so cheap to call per node)."""
    return load((Path(env.srcdir) / _bib_name(env.config)).resolve(), Path(env.doctreedir))


def _bib_name(config) -> str:
    """papercache_bibfile if set, else the first of bibtex_bibfiles (relative to the source dir)."""
    return config.papercache_bibfile or (config.bibtex_bibfiles or ["references.bib"])[0]
