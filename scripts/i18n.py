"""The translation cycle: extract, update, list, fill, check and count the English catalogs.

    python scripts/i18n.py update [--only DOCNAME ...]   gettext build + sphinx-intl update
    python scripts/i18n.py todo DOCNAME                  untranslated/fuzzy messages as JSON
    python scripts/i18n.py fill DOCNAME FILE.json        write translations, clear fuzzy
    python scripts/i18n.py check [--only DOCNAME ...]    parse errors and broken markup
    python scripts/i18n.py stat [--threshold PCT]        per-page coverage; fuzzy is not done

Nothing here drops a translation: sphinx-intl keeps changed messages as fuzzy and removed ones as
obsolete (#~) entries, and ``fill`` only sets the messages it is given.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import PoFileError
from sphinx_intl.catalog import dump_po, load_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "exts"))
from papercache.pocheck import lint_po  # noqa: E402 - the build and this tool share one lint

DOCS = ROOT / "docs"  # --docs and --locales point the tool at another project (tests do)
LOCALES = ROOT / "locales"
LINE_WIDTH = 76  # sphinx-intl's default; keep it so that update and fill write the same layout

# What must survive translation byte for byte: roles with their targets, inline code, math.
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
CODE = re.compile(r"(?<![`}])`[^`\n]+`")
MATH = re.compile(r"(?<!\\)\$[^$\n]+\$")


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
        if args.only:
            # only the named pages: other writers may be editing their own catalogs right now
            selected = Path(tmp) / "selected"
            for docname in args.only:
                pot = pot_dir / f"{docname}.pot"
                if not pot.exists():
                    print(f"no messages extracted for {docname} (is the page in docs/?)")
                    return 1
                (selected / pot.parent.relative_to(pot_dir)).mkdir(parents=True, exist_ok=True)
                shutil.copy(pot, selected / f"{docname}.pot")
            pot_dir = selected
        cmd = [sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot_dir)]
        cmd += ["-d", str(LOCALES), "-w", str(LINE_WIDTH), "-l", args.lang]
        subprocess.run(cmd, check=True, cwd=ROOT)
    return 0


def cmd_todo(args: argparse.Namespace) -> int:
    catalog = load_po(str(po_path(args.docname, args.lang)))
    todo = {m.id: (m.string if m.fuzzy else "") for m in catalog if m.id and _not_done(m)}
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    path = po_path(args.docname, args.lang)
    catalog = load_po(str(path))
    done = json.loads(Path(args.file).read_text(encoding="utf-8"))
    unknown = [msgid for msgid in done if msgid not in catalog]
    filled = 0
    for msgid, text in done.items():
        if msgid in catalog and text:
            message = catalog[msgid]
            message.string = text
            message.flags.discard("fuzzy")
            filled += 1
    dump_po(str(path), catalog, width=LINE_WIDTH)
    print(f"{_shown(path)}: {filled} messages filled")
    for msgid in unknown:
        print(f"  not in the catalog (run update?): {msgid[:60]!r}")
    return 1 if unknown else 0


@dataclass
class Stat:
    docname: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _not_done(message) -> bool:
    return not message.string or message.fuzzy


def catalogs(lang: str, only: list[str] | None = None) -> list[tuple[str, Path]]:
    base = LOCALES / lang / "LC_MESSAGES"
    found = sorted(base.rglob("*.po"))
    pairs = [(str(p.relative_to(base).with_suffix("")), p) for p in found]
    if only:
        pairs = [(d, p) for d, p in pairs if d in only]
    return pairs


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
        stat = _stat(docname, catalog)
        if args.only and (stat.untranslated or stat.fuzzy):
            print(f"{docname}: {stat.untranslated} untranslated, {stat.fuzzy} fuzzy")
            bad += 1
    print("no problems" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


def _stat(docname: str, catalog) -> Stat:
    stat = Stat(docname)
    for message in catalog:
        if not message.id:
            continue
        stat.total += 1
        if message.fuzzy and message.string:
            stat.fuzzy += 1
        elif message.string:
            stat.translated += 1
    return stat


def cmd_stat(args: argparse.Namespace) -> int:
    threshold = args.threshold if args.threshold is not None else threshold_default()
    stats = [_stat(doc, load_po(str(path))) for doc, path in catalogs(args.lang)]
    width = max((len(s.docname) for s in stats), default=10)
    print(f"{'page':<{width}}  {'done':>5} {'fuzzy':>5} {'todo':>5} {'total':>5}  coverage")
    for s in stats:
        print(
            f"{s.docname:<{width}}  {s.translated:>5} {s.fuzzy:>5} {s.untranslated:>5} "
            f"{s.total:>5}  {s.percent:6.1f}%"
        )
    total = sum(s.total for s in stats)
    done = sum(s.translated for s in stats)
    coverage = 100.0 * done / total if total else 100.0
    print(
        f"{'total':<{width}}  {done:>5} {sum(s.fuzzy for s in stats):>5} "
        f"{sum(s.untranslated for s in stats):>5} {total:>5}  {coverage:6.1f}%"
    )
    missing = sorted(_pages_without_catalog(args.lang))
    for docname in missing:
        print(f"{docname}: no catalog (run: python scripts/i18n.py update)")
    if coverage < threshold or missing:
        print(
            f"coverage {coverage:.1f}% is below the threshold {threshold:.1f}%"
            if coverage < threshold
            else "pages without a catalog"
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
    p = sub.add_parser("todo", help="print untranslated and fuzzy messages as JSON")
    p.add_argument("docname")
    p.set_defaults(func=cmd_todo)
    p = sub.add_parser("fill", help="set translations from a JSON file")
    p.add_argument("docname")
    p.add_argument("file")
    p.set_defaults(func=cmd_fill)
    p = sub.add_parser("check", help="report .po files that do not parse or break markup")
    p.add_argument("--only", nargs="*")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("stat", help="per-page coverage; non-zero exit below the threshold")
    p.add_argument("--threshold", type=float)
    p.set_defaults(func=cmd_stat)
    args = parser.parse_args(argv)
    global DOCS, LOCALES
    DOCS = (args.docs or DOCS).resolve()
    LOCALES = (args.locales or LOCALES).resolve()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
