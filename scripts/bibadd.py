"""Append BibTeX entries to references.bib after checking them as the site build will.

Refused: anything the build would warn about (syntax, entry type, links, dates, runaway braces),
a missing title, author or year, no doi/eprint/url, no venue for the entry type, a key that does
not follow <family name><year><word> in lowercase ASCII, and a key already in references.bib,
compared ignoring case as BibTeX does. Run it as `nox -s bibadd -- entry.bib`.
"""

from __future__ import annotations

import argparse
import fcntl
import re
import sys
import tempfile
import types
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The extension's .bib modules need only pybtex and pylatexenc; an empty package object stands in
# for papercache/__init__.py, which would import (and need) every Sphinx-side module.
_package = types.ModuleType("papercache")
_package.__path__ = [str(ROOT / "exts" / "papercache")]
sys.modules.setdefault("papercache", _package)

from papercache import bib, bibscan  # noqa: E402
from papercache.bibtypes import bibtex_type  # noqa: E402

REQUIRED = ("title", "author", "year")
LINK_FIELDS = ("doi", "eprint", "url")
# What each type needs to say where it appeared (the card's venue).
VENUE = {
    "article": ("journal",),
    "inproceedings": ("booktitle",),
    "incollection": ("booktitle",),
    "inbook": ("booktitle", "publisher"),
    "book": ("publisher",),
    "proceedings": ("publisher", "organization"),
    "phdthesis": ("school",),
    "mastersthesis": ("school",),
    "techreport": ("institution",),
    "manual": ("organization", "publisher"),
    "misc": ("howpublished", "eprint", "publisher", "organization", "url"),
    "unpublished": ("note",),
    "booklet": ("howpublished",),
}
KEY = re.compile(r"^([a-z]+)(\d{4})([a-z0-9]+)$")


def check(text: str, name: str = "entry.bib") -> list[str]:
    """Return the problems of *text*, a string of one or more BibTeX entries."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "entry.bib"
        path.write_text(text, encoding="utf-8")
        db = bib.parse(path)
    problems = [f"{name}:{line}: {message}" for line, message in db.problems]
    for key, entry in db.entries.items():
        fields = set(entry.fields) | ({"author"} if entry.authors else set())
        problems += [f"{key}: missing {name}" for name in REQUIRED if name not in fields]
        if not fields & set(LINK_FIELDS):
            problems.append(f"{key}: needs one of {', '.join(LINK_FIELDS)}")
        kind = bibtex_type(entry.type)[0]
        venue = VENUE.get(kind, ())
        if venue and not fields & set(venue):
            problems.append(
                f"{key}: @{entry.type} needs its venue in {' or '.join(venue)} "
                "(or use the entry type that matches where it appeared)"
            )
        problems += key_problems(entry)
    if not db.entries and not problems:
        problems.append("no entry found")
    return problems


def key_problems(entry: bib.BibEntry) -> list[str]:
    """The key must read <first author's family name><year><word>, lowercase ASCII."""
    m = KEY.match(entry.key)
    if not m:
        return [
            f"{entry.key}: key must be <family name><year><word> in lowercase ASCII letters and "
            f'digits, e.g. "kwon2023pagedattention"'
        ]
    family, year, _word = m.groups()
    problems = []
    years = {entry.year, bib._arxiv_date(entry)[:4]} - {""}  # the venue's, or arXiv v1's
    if years and year not in years:
        problems.append(
            f"{entry.key}: the key's year {year} is neither the entry's year nor its arXiv "
            f"year ({' or '.join(sorted(years))})"
        )
    last = entry.author_last_names[0] if entry.author_last_names else ""
    personal = bool(entry.authors) and entry.authors[0] != last  # "Woosuk Kwon", not "vLLM Team"
    # "von Neumann" may be keyed "vonneumann" or "neumann"; a CJK name has no ASCII form to check
    accepted = {_ascii(last), _ascii(last.split()[-1])} - {""} if personal else set()
    if accepted and family not in accepted:
        problems.append(
            f"{entry.key}: the key should start with the first author's family name, "
            f'"{sorted(accepted, key=len)[-1]}"'
        )
    return problems


def _ascii(name: str) -> str:
    """ "Müller-Lüdenscheidt" -> "mullerludenscheidt"; "" for a name in another script."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def clashes(new_text: str, existing_text: str, bib_name: str) -> list[str]:
    """Keys of *new_text* already in the file, ignoring case; both lines named."""
    existing = {}
    for item in bibscan.scan(existing_text):
        if item.kind not in bibscan.NON_ENTRY_TYPES and item.key:
            existing.setdefault(item.key.lower(), item)
    out = []
    for item in bibscan.scan(new_text):
        old = existing.get(item.key.lower())
        if item.kind in bibscan.NON_ENTRY_TYPES or old is None:
            continue
        same = "" if old.key == item.key else f' as "{old.key}" (BibTeX keys ignore case)'
        out.append(f'key "{item.key}" is already in {bib_name}:{old.line}{same}')
    return out


def main(argv: list[str] | None = None) -> int:
    """Append the entries read from a file (or stdin) to references.bib."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="file with the entries (default: stdin)")
    parser.add_argument("--bib", default=str(ROOT / "references.bib"))
    parser.add_argument("--check", action="store_true", help="check only; append nothing")
    args = parser.parse_args(argv)
    text = Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read()
    path = Path(args.bib)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    problems = check(text, args.file or "<stdin>") + clashes(text, existing, path.name)
    if problems:
        print("not added:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    path.touch()
    with path.open("r+", encoding="utf-8") as fh:
        # several writers append at once; the lock keeps their entries whole
        fcntl.flock(fh, fcntl.LOCK_EX)
        clash = clashes(text, fh.read(), path.name)  # again: another writer may have added it
        if clash:
            print("not added:\n  " + "\n  ".join(clash), file=sys.stderr)
            return 1
        keys = [item.key for item in bibscan.scan(text) if item.kind not in bibscan.NON_ENTRY_TYPES]
        if args.check:
            print(f"ok: {', '.join(keys)}")
            return 0
        fh.seek(0, 2)
        if fh.tell():
            fh.write("\n")
        fh.write(text.strip() + "\n")
    print(f"added {', '.join(keys)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
