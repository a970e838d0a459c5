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
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexError

from . import bibscan, latex, links
from .bibscan import NON_ENTRY_TYPES
from .bibtypes import bibtex_type
from .links import VERBATIM_FIELDS, is_safe_url

ERROR_LINE = re.compile(r"line (\d+)")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# New-style arXiv ids (since 2007-04) begin with the year and month of the first version.
ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$", re.IGNORECASE)
# biblatex dates: 2023, 2023-09, 2023-09-12, and ranges (the start counts).
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-\d{2})?)?(?:/.*)?$")
YEAR_RANGE = re.compile(r"^\d{4}\s*[-–—/]+\s*\d{2,4}$")
YEAR_IN_TEXT = re.compile(r"(?<!\d)(1[5-9]\d\d|2[01]\d\d)(?!\d)")
MONTH_IN_TEXT = re.compile(r"(?<![a-z])(" + "|".join(MONTHS) + r")[a-z]*\.?(?![a-z])", re.I)


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
    more_authors: bool = False  # the list ends with "and others"
    latex: dict[str, str] = field(default_factory=dict)  # fields as written, for inline math

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    def title_segments(self) -> list[tuple[str, str]]:
        """The title as ("text", unicode) and ("math", latex) parts."""
        if "title" not in self.latex:
            return [("text", self.title)] if self.title else []
        return latex.segments(self.latex["title"])

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

    def first_public(self) -> str:
        """First public appearance, "YYYY-MM" or "YYYY": the earlier of arXiv v1 and the venue."""
        found = [d for d in (_arxiv_date(self), _venue_date(self)) if d]
        if not found:
            return ""
        # "2021" (venue year only) sorts before "2021-03": a year-only date wins only a whole
        # year earlier, since the arXiv month is the more precise fact within one year.
        best = min(found, key=lambda d: (d[:4], d[5:7] or "99"))
        return best

    def links(self) -> list[tuple[str, str]]:
        """Return (kind, url) pairs for the paper itself, best first; only http(s) URLs."""
        out = [("doi", links.doi_url(self.fields.get("doi", ""))[0])]
        out.append(("arxiv", f"https://arxiv.org/abs/{self._arxiv()}" if self._arxiv() else ""))
        url = self.fields.get("url", "")
        out.append(("url", url if is_safe_url(url) else ""))
        return [(kind, url) for kind, url in out if url and is_safe_url(url)]

    def pdf_url(self) -> str:
        """Return the PDF link if one is known (arXiv), else an empty string."""
        return f"https://arxiv.org/pdf/{self._arxiv()}" if self._arxiv() else ""

    def _arxiv(self) -> str:
        if self.fields.get("archiveprefix", "arxiv").lower() != "arxiv":
            return ""
        return links.arxiv_id(self.fields.get("eprint", ""))[0]

    def short_authors(self, limit: int = 3) -> str:
        """All authors, or the first *limit* and "et al." (the caller translates "et al.")."""
        if len(self.authors) <= limit and not self.more_authors:
            return ", ".join(self.authors)
        return ", ".join(self.authors[:limit]) + ", et al."

    def author_year(self) -> str:
        """Return e.g. "Kwon et al., 2023"."""
        names = self.author_last_names
        if not names:
            who = ""
        elif len(names) == 1 and not self.more_authors:
            who = names[0]
        elif len(names) == 2 and not self.more_authors:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} et al."
        return ", ".join(part for part in (who, self.year) if part)


@dataclass
class BibDatabase:
    """One .bib file: the entries it defines and the problems found while reading it."""

    path: str
    stamp: tuple[int, int]
    entries: dict[str, BibEntry] = field(default_factory=dict)
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    not_utf8: bool = False  # read with bibscan.FALLBACK_CODEC
    keys: list[str] = field(default_factory=list)  # pybtex's keys of its entries, in file order

    def nearest(self, key: str) -> str | None:
        """Return the existing key closest to *key*, if any is close."""
        return nearest(key, self.entries)


@dataclass
class Library:
    """Every .bib file of a build, read in order as one database, as BibTeX and pybtex read them.

    ``data`` is pybtex's parse, handed to sphinxcontrib-bibtex (citations.share_bibdata); it is
    not stored with the rest, so a library read from the stored copy has none.
    """

    files: list[BibDatabase]
    entries: dict[str, BibEntry] = field(default_factory=dict)  # the first definition of each key
    data: BibliographyData | None = None

    @property
    def stamps(self) -> tuple:
        return tuple((db.path, db.stamp) for db in self.files)

    def nearest(self, key: str) -> str | None:
        """Return the existing key closest to *key*, if any is close."""
        return nearest(key, self.entries)

    def file_of(self, key: str) -> BibDatabase | None:
        """The file that defines *key*."""
        return next((db for db in self.files if key in db.entries), None)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "data": None}


def month_number(value: str) -> str:
    """Return "01".."12" for a BibTeX month ("dec", "December", "12"), else ""."""
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return f"{int(value):02d}"
    return f"{MONTHS.index(value[:3]) + 1:02d}" if value[:3] in MONTHS else ""


def parse_year(value: str) -> tuple[str, str]:
    """Return (year, month) read from a year field ("2023", "January 1978"); "" if unknown."""
    value = latex.to_text(value)
    if len(value) == 4 and value.isdigit():
        return value, ""
    if YEAR_RANGE.match(value):
        return value[:4], ""  # "2021--2022": the year it began
    years = set(YEAR_IN_TEXT.findall(value))
    if len(years) != 1:
        return "", ""
    month = MONTH_IN_TEXT.search(value)
    return years.pop(), month_number(month.group(1)) if month else ""


def _arxiv_date(entry: BibEntry) -> str:
    if entry.fields.get("archiveprefix", "arxiv").lower() != "arxiv":
        return ""
    m = ARXIV_ID.match(entry.fields.get("eprint", "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return ""
    return f"20{m.group(1)}-{m.group(2)}"


def _venue_date(entry: BibEntry) -> str:
    m = DATE.match(entry.fields.get("date", "").strip())  # biblatex
    if m:
        return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)
    year = entry.year.strip()
    if not (len(year) == 4 and year.isdigit()):
        return ""
    month = month_number(entry.fields.get("month", ""))
    return f"{year}-{month}" if month else year


def nearest(word: str, choices) -> str | None:
    """Return the choice most similar to *word*, or None when nothing is close."""
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def decode(value: str) -> str:
    """Turn a LaTeX field value into plain Unicode text."""
    return latex.to_text(value)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def parse(path: Path) -> BibDatabase:
    """Parse the one file *path*; problems are collected, never raised."""
    return parse_files([path]).files[0]


def parse_files(paths: list[Path]) -> Library:
    """Parse *paths* in order as one database; problems are collected per file, never raised.

    One pybtex parser reads them all, as sphinxcontrib-bibtex does: ``@string`` macros and
    ``crossref`` reach across files, and a key defined again in a later file is ignored there.
    """
    parser = Parser(encoding="utf-8")
    files: list[BibDatabase] = []
    scanned: list[tuple[BibDatabase, list[bibscan.RawEntry], list, str]] = []
    first: dict[str, tuple[BibDatabase, bibscan.RawEntry]] = {}
    names = _short_names(paths)
    for path in paths:
        db = BibDatabase(path=str(path), stamp=_stamp(path))
        files.append(db)
        try:
            data = path.read_bytes()
        except OSError as exc:
            db.problems.append((None, f"cannot read {path.name}: {exc.strerror}"))
            continue
        text, bad = bibscan.decode(data)
        if bad:
            line, column, byte = bad
            db.not_utf8 = True
            db.problems.append(
                (
                    line,
                    f"{path.name} is not valid UTF-8 (byte 0x{byte:02X} at line {line}, column "
                    f"{column}); bytes that are not UTF-8 are read as Latin-1 "
                    f'("{bytes([byte]).decode("latin-1")}"): re-save the file as UTF-8 '
                    "(e.g. iconv -f latin1 -t utf-8)",
                )
            )
        items = bibscan.scan(text)
        for item in items:
            if item.kind in NON_ENTRY_TYPES:
                continue
            if not item.key:
                db.problems.append((item.line, f"@{item.kind} entry without a key"))
                continue
            seen = first.setdefault(item.key.lower(), (db, item))
            if seen[1] is not item:
                where = "" if seen[0] is db else names[seen[0].path]
                db.problems.append((item.line, _duplicate(seen[1], item, where)))
        before = len(parser.data.entries)
        # pybtex understands @string macros and # concatenation; capture() makes it report,
        # not raise (pybtex.errors is strict by default).
        parser.filename = str(path)
        with pybtex.errors.capture() as errors:
            try:
                parser.parse_string(text)
            except PybtexError as exc:  # defensive: capture() should already have taken it
                errors.append(exc)
        db.keys = list(parser.data.entries)[before:]
        scanned.append((db, items, errors, text))

    entries = parser.data.entries
    for db, items, errors, text in scanned:
        mine = {key.lower() for key in db.keys}
        by_key = {key: item for key, (owner, item) in first.items() if owner is db}
        _syntax_problems(db, items, errors, text, by_key, mine)
        for key in db.keys:
            item = by_key.get(key.lower())
            if item is None or item.key != key:
                continue
            db.entries[key] = _entry(item, entries[key], entries, db.problems)
        db.problems.sort(key=lambda problem: problem[0] or 0)  # in file order (stable per line)
    library = Library(files, data=parser.data)
    for db in files:
        for key, entry in db.entries.items():
            library.entries.setdefault(key, entry)
    return library


def _syntax_problems(db: BibDatabase, items, errors, text: str, by_key, mine: set) -> None:
    """pybtex's errors for one file, at their line; the runaway entries found by the scan."""
    spans = []
    for i, item in enumerate(items):
        if item.unclosed:
            lost, resumed = _lost(items, i + 1, mine)
            db.problems.append((item.line, _runaway(item, lost)))
            # pybtex's own error is somewhere between the runaway and the next entry it read
            spans.append((item.line, items[resumed].line if resumed < len(items) else 1 << 30))
    for exc in errors:
        message = str(exc)
        if message.startswith("repeated bibliography entry"):
            continue  # reported with both places by parse_files
        m = ERROR_LINE.search(message)
        line = int(m.group(1)) if m else getattr(exc, "lineno", None)
        line = line or _line_of(text, message, by_key)
        if line and any(low <= line <= high for low, high in spans):
            continue  # a consequence of the runaway entry reported above
        db.problems.append((line, f"BibTeX syntax error: {message}"))


def _short_names(paths: list[Path]) -> dict[str, str]:
    """Each file as messages name another: relative to the folder that holds them all."""
    if not paths:
        return {}
    common = os.path.commonpath([str(p.parent) for p in paths])
    return {str(p): os.path.relpath(p, common) for p in paths}


def _entry(item: bibscan.RawEntry, entry, entries, problems: list) -> BibEntry:
    """Decode one pybtex entry; what is wrong with it is added to *problems* at its line."""
    key, line = item.key, item.line

    def problem(message: str) -> None:
        problems.append((line, f'BibTeX entry "{key}": {message}'))

    kind, known = bibtex_type(item.kind)
    if not known:
        problem(
            f"@{item.kind} is not a BibTeX entry type; it is formatted as @misc "
            "(use @misc, or a standard type such as @inproceedings)"
        )
    written = {name.lower(): str(value) for name, value in entry.fields.items()}
    persons = {role.lower(): people for role, people in entry.persons.items()}
    parent_key = written.get("crossref", "").strip()
    if parent_key:
        parent = entries.get(parent_key)
        if parent is None:
            problem(f'crossref "{parent_key}" names no entry of the .bib files; nothing inherited')
        else:
            _inherit(written, persons, parent, kind)
    fields = {
        name: links.verbatim(value) if name in VERBATIM_FIELDS else decode(value)
        for name, value in written.items()
    }
    dated = _dates(fields, problem)
    people = persons.get("author", []) or persons.get("editor", [])
    more = any(_is_others(p) for p in people)
    people = [p for p in people if not _is_others(p)]
    authors = tuple(_display(p) for p in people)
    last = tuple(_display(p) if _is_cjk(p) else decode(_joined(p, "last")) for p in people)
    missing = [name for name in ("title", "year") if not fields.get(name)]
    if not dated:
        missing = [name for name in missing if name != "year"]
    if missing:
        problems.append((line, f'BibTeX entry "{key}" has no {" or ".join(missing)}'))
    _check_links(fields, problem)
    return BibEntry(
        key, kind, line, item.text, fields, authors, last, more, {"title": written.get("title", "")}
    )


def _inherit(written: dict, persons: dict, parent, kind: str) -> None:
    """BibTeX crossref: fields the entry lacks come from the parent (its title as booktitle)."""
    for name, value in parent.fields.items():
        name = name.lower()
        if name == "title" and kind in ("inproceedings", "incollection", "inbook"):
            written.setdefault("booktitle", str(value))
        elif name not in ("crossref", "ids", "title"):
            written.setdefault(name, str(value))
    if not persons.get("author") and not persons.get("editor"):
        for role, people in parent.persons.items():
            persons.setdefault(role.lower(), people)


def _dates(fields: dict[str, str], problem) -> bool:
    """Normalise year (and month) from `year`/`month` or biblatex `date`; False if unusable."""
    usable = True
    if fields.get("date"):
        m = DATE.match(fields["date"])
        if m:
            fields.setdefault("year", m.group(1))
        else:
            problem(
                f'date "{fields["date"]}" is not a date (write 2023-09-12, 2023-09 or 2023); '
                "it is ignored"
            )
            del fields["date"]
    if fields.get("year"):
        year, month = parse_year(fields["year"])
        if year:
            fields["year"] = year
            if month and not fields.get("month"):
                fields["month"] = month
        else:
            problem(
                f'year "{fields["year"]}" is not a year, so the paper is listed as undated '
                '(write the year of publication; put "in press" in note)'
            )
            del fields["year"]
            usable = False
    if fields.get("month") and not month_number(fields["month"]):
        problem(f'month "{fields["month"]}" is not a month (write jan to dec); it is ignored')
        del fields["month"]
    return usable


def _check_links(fields: dict[str, str], problem) -> None:
    url = fields.get("url", "")
    why = links.url_problem(url) if url else ""
    if why:
        problem(f'url "{url}" {why}; the link is dropped')
    _, why = links.doi_url(fields.get("doi", ""))
    if why:
        problem(f'doi "{fields["doi"]}" {why}; the link is dropped')
    if fields.get("archiveprefix", "arxiv").lower() == "arxiv":
        _, why = links.arxiv_id(fields.get("eprint", ""))
        if why:
            problem(f'eprint "{fields["eprint"]}" {why}; the link is dropped')


def _duplicate(first: bibscan.RawEntry, again: bibscan.RawEntry, other_file: str = "") -> str:
    """*again* repeats the key of *first*, of the same file or of *other_file*."""
    where = f"{other_file}:{first.line}" if other_file else f"line {first.line}"
    if first.key == again.key and other_file:
        return (
            f'duplicate BibTeX key "{again.key}" (first defined at {where}); this entry is '
            "ignored: remove one of them or rename one key"
        )
    if first.key == again.key:
        return f'duplicate BibTeX key "{again.key}" (first defined at {where})'
    return (
        f'duplicate BibTeX key "{again.key}" (first defined at {where} as '
        f'"{first.key}"; BibTeX keys ignore case, so this entry is lost: rename one of them)'
    )


def _lost(items: list[bibscan.RawEntry], start: int, entries: set) -> tuple[list, int]:
    """The entries from *start* on that pybtex did not recover, and where it read again."""
    lost = []
    for index in range(start, len(items)):
        item = items[index]
        if item.kind in NON_ENTRY_TYPES or not item.key:
            continue
        if item.key.lower() in entries:
            return lost, index
        lost.append(item)
    return lost, len(items)


def _runaway(item: bibscan.RawEntry, lost: list[bibscan.RawEntry]) -> str:
    what = f'BibTeX entry "{item.key}" has an unbalanced "{{" (\\{{ counts as a brace too)'
    if lost:
        names = f'"{lost[0].key}" at line {lost[0].line}'
        if len(lost) > 1:
            names += f' to "{lost[-1].key}" at line {lost[-1].line}'
        n = f"{len(lost)} entries" if len(lost) > 1 else "1 entry"
        return f"{what}: it never closes and swallows the {n} after it ({names}); balance it"
    return f"{what}: it runs on into the next entry and loses its last fields; balance it"


def _line_of(text: str, message: str, by_key: dict[str, bibscan.RawEntry]) -> int | None:
    """Line of what a pybtex message without a line names: an entry key or a quoted value."""
    m = re.search(r"entry with key (\S+)", message)
    if m and m.group(1).lower() in by_key:
        return by_key[m.group(1).lower()].line
    m = re.search(r"'(.{1,40})", message)
    offset = text.find(m.group(1)) if m else -1
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


def _is_cjk(person) -> bool:
    return latex.is_cjk(str(person))


def _joined(person, *parts: str) -> str:
    names = {
        "first": person.first_names + person.middle_names,
        "last": person.prelast_names + person.last_names,
        "lineage": person.lineage_names,
    }
    return " ".join(name for part in parts for name in names[part])


def _display(person) -> str:
    """Return "First Last", or "FamilyGiven" (no space) for a name in CJK script."""
    if _is_cjk(person):
        return decode(_joined(person, "last", "first")).replace(" ", "")
    return decode(_joined(person, "first", "last", "lineage"))


# The parsed files are also kept beside the doctrees, so that an incremental build (a new process)
# does not decode every field of a large .bib again; the key names this module's own source, so
# a change to the parser invalidates it.
_PARSER = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("bib.py", "bibscan.py", "bibtypes.py", "latex.py", "links.py")
    )
).hexdigest()[:16]


def load(paths: list[Path], cache_dir: Path | None = None) -> Library:
    """Return the parsed files: the stored parse while no file changed, else a new one."""
    stamps = tuple((str(path), _stamp(path)) for path in paths)
    stored = None
    if cache_dir is not None:
        stored = cache_dir / f"papercache-bib-{_digest(repr([str(p) for p in paths]))}.pickle"
    library = _read_stored(stored, stamps)
    if library is None:
        library = parse_files(paths)
        if stored is not None:
            _write_stored(stored, library)
    return library


class BibFiles:
    """The .bib files of one build environment, parsed once and kept while none of them changes.

    Owned by the cite domain instance (citations.py), so it lives as long as the Sphinx
    application and holds one parse: the current one.
    """

    def __init__(self, paths: list[Path], cache_dir: Path | None) -> None:
        self.paths = paths
        self.cache_dir = cache_dir
        self._library: Library | None = None

    def refresh(self) -> None:
        """Parse again if a file changed (builder-inited: a build reads one version of each)."""
        stamps = tuple((str(path), _stamp(path)) for path in self.paths)
        if self._library is None or self._library.stamps != stamps:
            self._library = load(self.paths, self.cache_dir)

    def library(self) -> Library:
        """The parse of this build; every card, row and label asks, so it touches no file."""
        if self._library is None:
            self.refresh()
        return self._library

    def with_data(self) -> Library:
        """The current parse, with pybtex's data (parsed again if it was read from the store)."""
        library = self.library()
        if library.data is None:
            library = self._library = parse_files(self.paths)
        return library


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_stored(stored: Path | None, stamps: tuple) -> Library | None:
    if stored is None:
        return None
    try:
        with open(stored, "rb") as fh:
            parser, library = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # missing or unreadable: parse again
    if parser != _PARSER or not isinstance(library, Library) or library.stamps != stamps:
        return None
    return library


def _write_stored(stored: Path, library: Library) -> None:
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        tmp = stored.with_name(f"{stored.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump((_PARSER, library), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(stored)  # atomic: a parallel reader sees the old file or the new one
    except OSError:
        pass  # the cache is an optimisation; the build goes on without it


def paths_of(config, confdir) -> list[Path]:
    """The files of ``bibtex_bibfiles``, resolved as sphinxcontrib-bibtex resolves them."""
    return [(Path(confdir) / name).resolve() for name in config.bibtex_bibfiles or []]


def for_env(env) -> Library:
    """Return the parsed .bib files of this build (kept by the cite domain; cheap per node)."""
    return env.get_domain("cite").bibfiles.library()


def location(db: BibDatabase, line: int | None) -> str:
    """ "file:line" of a .bib file, relative to the working directory when inside it."""
    try:
        shown = str(Path(db.path).relative_to(Path.cwd()))
    except ValueError:
        shown = db.path
    # always with ":line": Sphinx takes a location without ":" for a docname (refs.bib.md)
    return f"{shown}:{line or 1}"
