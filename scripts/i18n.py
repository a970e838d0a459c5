"""The translation cycle: extract, update, list, fill, check and count the English catalogs.

    python scripts/i18n.py update [--only DOCNAME ...]   gettext build, then msgmerge-like update
    python scripts/i18n.py todo DOCNAME [--stdout]       untranslated/fuzzy messages as JSON
                                                         (default: _build/i18n/DOCNAME.json)
    python scripts/i18n.py fill DOCNAME [FILE.json]      write translations back, clear fuzzy
    python scripts/i18n.py check [--only DOCNAME ...]    parse errors, broken markup, glossary
    python scripts/i18n.py stat [--threshold PCT]        per-page coverage; fuzzy is not done

Run them through nox (`nox -s i18n -- todo PAGE`), which installs what they need. Nothing here
drops a translation: a changed message stays as fuzzy with its previous source (``#| msgid``), a
removed one as an obsolete (``#~``) entry, and ``fill`` only sets the messages it is given.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import NamedTuple

from babel.messages.pofile import PoFileError, denormalize, normalize, write_po
from sphinx_intl.catalog import load_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "exts"))
from papercache import glossary  # noqa: E402 - the site's table and this lint read one file
from papercache.pocheck import lint_po, markup_problems  # noqa: E402 - shared with the build
from papercache.translation import Coverage, coverage  # noqa: E402 - one counting rule


class Stat(NamedTuple):
    docname: str
    counts: Coverage


DOCS = ROOT / "docs"  # --docs and --locales point the tool at another project (tests do)
LOCALES = ROOT / "locales"
GLOSSARY = DOCS / "_data" / "glossary.toml"
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
LINE_WIDTH = 76  # sphinx-intl's default; keep it so that update and fill write the same layout
HEADER_COMMENT = (
    "# PaperCache: the translation of one page (or of the extension's labels).\n"
    "# Distributed under the same license as PaperCache's content (CC-BY-4.0)."
)
LANGUAGE_NAMES = {"en": "English translators"}
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def threshold_default() -> float:
    """The coverage threshold, configured once in pyproject.toml ([tool.papercache])."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return float(config.get("tool", {}).get("papercache", {}).get("i18n_threshold", 100))


def po_path(docname: str, lang: str = "en") -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{docname}.po"


def gettext_build(outdir: Path) -> None:
    """Extract fresh .pot templates of every page into *outdir*."""
    if outdir.exists():
        shutil.rmtree(outdir)  # stale templates of deleted pages must not resurrect catalogs
    cmd = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-E"]
    cmd += ["-d", str(outdir / ".doctrees"), str(DOCS), str(outdir)]
    subprocess.run(cmd, check=True)


def cmd_update(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="papercache-gettext-") as tmp:
        pot_dir = Path(args.pot_dir) if args.pot_dir else Path(tmp) / "gettext"
        gettext_build(pot_dir)
        shutil.rmtree(pot_dir / ".doctrees", ignore_errors=True)
        pots = sorted(pot_dir.rglob("*.pot"))
        if args.only:
            # only the named pages: other writers may be editing their own catalogs right now
            by_doc = {str(p.relative_to(pot_dir).with_suffix("")): p for p in pots}
            missing = [doc for doc in args.only if doc not in by_doc]
            for docname in missing:
                print(f"no messages extracted for {docname} (is the page in docs/?)")
            if missing:
                return 1
            pots = [by_doc[doc] for doc in args.only]
        for pot in pots:
            docname = str(pot.relative_to(pot_dir).with_suffix(""))
            status = update_catalog(po_path(docname, args.lang), pot, args.lang)
            if status:
                print(f"{status}: {_shown(po_path(docname, args.lang))}")
    return 0


def read_catalog(path: Path):
    """Load a catalog with the previous source of its fuzzy entries (``#| msgid``).

    Babel writes ``#|`` lines but reads them back as translator comments; they are turned into
    ``previous_id`` again here, so that they survive every update and are not written twice.
    """
    catalog = load_po(str(path))
    for message in [*catalog, *catalog.obsolete.values()]:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if lines[0].startswith("msgid "):
            quoted = [lines[0][len("msgid ") :]]
            quoted += [line for line in lines[1:] if not line.startswith("msgid_plural")]
            # each line one quoted string, as msgmerge writes them; anything else (an older
            # tool's re-wrapped comment) is dropped rather than read as a wrong source text
            if all(QUOTED.fullmatch(line) for line in quoted):
                message.previous_id = [denormalize("\n".join(quoted))]
    return catalog


def update_catalog(path: Path, pot: Path, lang: str) -> str:
    """Merge the template *pot* into the catalog at *path*; return what happened ("" if nothing).

    Like msgmerge: a changed message keeps its old translation as fuzzy with the previous source
    (``#| msgid``), a removed one stays as an obsolete ``#~`` entry; nothing is dropped.
    """
    template = load_po(str(pot))
    if not path.exists():
        template.locale = lang
        template.revision_date = template.creation_date
        write_catalog(path, template)
        return "Create"
    catalog = read_catalog(path)
    before = {m.id: (m.string, m.fuzzy) for m in catalog if m.id}
    previous = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_creation_date=False)
    for message in catalog:
        # babel sets the previous source only when it makes a message fuzzy; keep it until the
        # translator clears the flag, however many update cycles come in between
        if message.id and message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(message.id, [])
    after = {m.id: (m.string, m.fuzzy) for m in catalog if m.id}
    if after != before:
        catalog.creation_date = template.creation_date
    if not write_catalog(path, catalog):
        return ""
    added, removed = len(after.keys() - before.keys()), len(before.keys() - after.keys())
    return f"Update (+{added}, -{removed})"


def write_catalog(path: Path, catalog) -> bool:
    """Write *catalog* in the project's layout; return False when the file is already identical."""
    tidy(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=LINE_WIDTH)
    data = with_previous_ids(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def with_previous_ids(text: str, catalog) -> str:
    """Add ``#| msgid`` lines (the source before it changed) above each fuzzy entry.

    Babel's ``include_previous`` re-wraps a long previous msgid as prose, breaking its quoted
    lines apart, so the lines are written here in msgmerge's layout instead.
    """
    for message in catalog:
        if not (message.id and message.fuzzy and message.previous_id):
            continue
        anchor = f"\nmsgid {normalize(message.id, width=LINE_WIDTH)}\n"
        previous = f"msgid {normalize(message.previous_id[0], width=LINE_WIDTH)}"
        lines = "".join(f"#| {line}\n" for line in previous.splitlines())
        text = text.replace(anchor, f"\n{lines}{anchor[1:]}", 1)
    return text


def tidy(catalog) -> None:
    """A catalog header without gettext boilerplate, and no flags that do not apply here."""
    catalog.header_comment = HEADER_COMMENT
    catalog.fuzzy = False
    catalog.project = "PaperCache"
    catalog.version = VERSION
    catalog.language_team = f"PaperCache {LANGUAGE_NAMES.get(str(catalog.locale), 'translators')}"
    catalog.last_translator = "PaperCache contributors"
    catalog.msgid_bugs_address = ""
    if not isinstance(catalog.revision_date, datetime.datetime):
        catalog.revision_date = catalog.creation_date
    for message in catalog:
        if message.id:
            # Babel guesses python-(brace-)format from "{cite}" or "50%": our messages are text,
            # and a false flag makes msgfmt --check-format compare placeholders that are not there
            message.flags -= {"python-format", "python-brace-format"}
            if not message.fuzzy:
                message.previous_id = []


def todo_path(docname: str) -> Path:
    """Where ``todo`` writes a page's work list and ``fill`` reads it back (never committed)."""
    return ROOT / "_build" / "i18n" / f"{docname}.json"


def cmd_todo(args: argparse.Namespace) -> int:
    catalog = load_po(str(po_path(args.docname, args.lang)))
    todo = {m.id: (m.string if m.fuzzy else "") for m in catalog if m.id and _not_done(m)}
    text = json.dumps(todo, ensure_ascii=False, indent=1) + "\n"
    if args.stdout:
        sys.stdout.write(text)
        return 0
    out = Path(args.out) if args.out else todo_path(args.docname)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"{len(todo)} message(s) to translate: edit the values in {_shown(out)}, then run fill")
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    path = po_path(args.docname, args.lang)
    catalog = read_catalog(path)
    source = Path(args.file) if args.file else todo_path(args.docname)
    done = json.loads(source.read_text(encoding="utf-8"))
    unknown = [msgid for msgid in done if msgid not in catalog]
    filled = 0
    for msgid, text in done.items():
        if msgid in catalog and text:
            message = catalog[msgid]
            message.string = text
            message.flags.discard("fuzzy")
            filled += 1
    if filled:
        catalog.revision_date = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
    write_catalog(path, catalog)
    print(f"{_shown(path)}: {filled} messages filled")
    for msgid in unknown:
        print(f"  not in the catalog (run update?): {msgid[:60]!r}")
    return 1 if unknown else 0


def _not_done(message) -> bool:
    return not message.string or message.fuzzy


def catalogs(lang: str, only: list[str] | None = None) -> list[tuple[str, Path]]:
    base = LOCALES / lang / "LC_MESSAGES"
    found = sorted(base.rglob("*.po"))
    pairs = [(str(p.relative_to(base).with_suffix("")), p) for p in found]
    if only:
        pairs = [(d, p) for d, p in pairs if d in only]
    return pairs


def cmd_check(args: argparse.Namespace) -> int:
    bad = 0
    for docname, path in catalogs(args.lang, args.only):
        syntax = lint_po(path)
        for line, problem in syntax:
            print(f"{_shown(path)}:{line}: {problem}")
        if syntax:
            print(f"{_shown(path)}: does not parse")
            bad += len(syntax)
            continue
        try:
            # babel skips invalid lines by default; a translator must hear about them
            catalog = load_po(str(path), abort_invalid=True)
        except (PoFileError, ValueError, SyntaxError) as exc:
            print(f"{_shown(path)}: does not parse: {exc}")
            bad += 1
            continue
        for message in catalog:
            if not message.id or not message.string:
                continue
            for problem in markup_problems(message.id, message.string):
                where = f"{_shown(path)}:{message.lineno}"
                print(f"{where}: {problem}\n    msgid: {message.id[:100]!r}")
                bad += 1
        bad += lint_glossary(path, catalog)
        stat = coverage(catalog)
        if args.only and (stat.untranslated or stat.fuzzy):
            print(f"{docname}: {stat.untranslated} untranslated, {stat.fuzzy} fuzzy")
            bad += 1
    print("no problems" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


@functools.cache
def _glossary_terms(path: Path) -> list:
    return glossary.load(path)


def lint_glossary(path: Path, catalog) -> int:
    """Report translated messages that do not use the glossary's agreed English."""
    if not GLOSSARY.exists():
        return 0
    terms = _glossary_terms(GLOSSARY)
    userdict = DOCS / "_data" / "jieba_userdict.txt"
    userdict = str(userdict) if userdict.exists() else None
    problems = 0
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        comments = list(message.user_comments)
        for term in glossary.lint_message(message.id, message.string, comments, terms, userdict):
            print(
                f'{_shown(path)}:{message.lineno}: glossary: {term.zh} is "{term.en}" '
                f"(or: {', '.join(term.also) or 'no variant'}); fix the msgstr, or justify with "
                f"a translator comment '# glossary-exception: {term.zh} -- why'"
            )
            problems += 1
    return problems


def _stat(docname: str, catalog) -> Stat:
    return Stat(docname, coverage(catalog))


def floor1(percent: float) -> float:
    """Round down to one decimal: 99.96% must not read as 100.0%."""
    return math.floor(percent * 10) / 10


def cmd_stat(args: argparse.Namespace) -> int:
    threshold = args.threshold if args.threshold is not None else threshold_default()
    stats = [_stat(doc, load_po(str(path))) for doc, path in catalogs(args.lang)]
    missing = sorted(_pages_without_catalog(args.lang))
    failing = [s for s in stats if s.counts.percent < threshold]
    # what to fix comes first, so that a long table does not hide it
    for s in failing:
        print(
            f"{s.docname}: {s.counts.untranslated} untranslated, {s.counts.fuzzy} fuzzy "
            f"({s.counts.total} messages)"
        )
    for docname in missing:
        print(f"{docname}: no catalog (run: nox -s i18n -- update --only {docname})")
    if failing or missing:
        print()
    width = max((len(s.docname) for s in stats), default=10)
    print(f"{'page':<{width}}  {'done':>5} {'fuzzy':>5} {'todo':>5} {'total':>5}  coverage")
    for s in stats:
        print(
            f"{s.docname:<{width}}  {s.counts.translated:>5} {s.counts.fuzzy:>5} "
            f"{s.counts.untranslated:>5} "
            f"{s.counts.total:>5}  {floor1(s.counts.percent):6.1f}%"
        )
    total = sum(s.counts.total for s in stats)
    done = sum(s.counts.translated for s in stats)
    overall = 100.0 * done / total if total else 100.0
    print(
        f"{'total':<{width}}  {done:>5} {sum(s.counts.fuzzy for s in stats):>5} "
        f"{sum(s.counts.untranslated for s in stats):>5} {total:>5}  {floor1(overall):6.1f}%"
    )
    if overall < threshold or missing or failing:
        print(
            f"coverage {floor1(overall):.1f}% ({done} of {total} messages) is below the "
            f"threshold {threshold:g}% on {len(failing)} page(s); "
            f"{len(missing)} page(s) without a catalog"
        )
        return 1
    return 0


def _pages_without_catalog(lang: str) -> set[str]:
    pages = {str(p.relative_to(DOCS).with_suffix("")) for p in DOCS.rglob("*.md")}
    pages = {p for p in pages if not p.startswith("_")}
    have = {doc for doc, _ in catalogs(lang)}
    return pages - have


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--docs", type=Path, help="Sphinx source dir (default: docs/)")
    parser.add_argument("--locales", type=Path, help="catalog dir (default: locales/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("update", help="extract messages and update the catalogs")
    p.add_argument("--only", nargs="*", help="docnames whose catalogs to update")
    p.add_argument("--pot-dir", help="keep the .pot templates here (default: a temp dir)")
    p.set_defaults(func=cmd_update)
    p = sub.add_parser("todo", help="write untranslated and fuzzy messages as JSON")
    p.add_argument("docname")
    p.add_argument("--out", help="the JSON file (default: _build/i18n/DOCNAME.json)")
    p.add_argument("--stdout", action="store_true", help="print the JSON instead")
    p.set_defaults(func=cmd_todo)
    p = sub.add_parser("fill", help="set translations from a JSON file")
    p.add_argument("docname")
    p.add_argument("file", nargs="?", help="the JSON file (default: _build/i18n/DOCNAME.json)")
    p.set_defaults(func=cmd_fill)
    p = sub.add_parser("check", help="report .po files that do not parse or break markup")
    p.add_argument("--only", nargs="*")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("stat", help="per-page coverage; non-zero exit below the threshold")
    p.add_argument("--threshold", type=float)
    p.set_defaults(func=cmd_stat)
    args = parser.parse_args(argv)
    global DOCS, LOCALES, GLOSSARY
    DOCS = (args.docs or DOCS).resolve()
    GLOSSARY = DOCS / "_data" / "glossary.toml"
    LOCALES = (args.locales or LOCALES).resolve()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
