"""Append BibTeX entries to references.bib, refusing duplicate keys and unparsable input."""

from __future__ import annotations

import argparse
import fcntl
import re
import sys
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexError

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("title", "author", "year")
LINK_FIELDS = ("doi", "eprint", "url")
KEY_RE = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def check(text: str) -> list[str]:
    """Return the problems of *text*, a string of one or more BibTeX entries."""
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as exc:
        return [f"does not parse: {exc}"]
    problems = []
    for key, entry in data.entries.items():
        fields = {k.lower() for k in entry.fields} | {r.lower() for r in entry.persons}
        problems += [f"{key}: missing {f}" for f in REQUIRED if f not in fields]
        if not fields & set(LINK_FIELDS):
            problems.append(f"{key}: needs one of {', '.join(LINK_FIELDS)}")
    if not data.entries:
        problems.append("no entry found")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Append the entries read from a file (or stdin) to references.bib."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", help="file with the entries (default: stdin)")
    parser.add_argument("--bib", default=str(ROOT / "references.bib"))
    args = parser.parse_args(argv)
    text = Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read()
    problems = check(text)
    if problems:
        print("not added:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    bib = Path(args.bib)
    bib.touch()
    with bib.open("r+", encoding="utf-8") as fh:
        # several writers append at once; the lock keeps their entries whole
        fcntl.flock(fh, fcntl.LOCK_EX)
        existing = set(KEY_RE.findall(fh.read()))
        new = KEY_RE.findall(text)
        clash = sorted(set(new) & existing)
        if clash:
            print(f"not added: key already in {bib.name}: {', '.join(clash)}", file=sys.stderr)
            return 1
        fh.seek(0, 2)
        if fh.tell():
            fh.write("\n")
        fh.write(text.strip() + "\n")
    print(f"added {', '.join(new)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
