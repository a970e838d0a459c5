"""Developer sessions: `nox -l` lists them; `nox -s docs` builds both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
LANGUAGES = ("zh_CN", "en")
PYPROJECT = nox.project.load_toml("pyproject.toml")

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["docs", "tests", "lint"]


def install(session: nox.Session, group: str) -> None:
    """Install one dependency group of pyproject.toml (the single place versions are declared)."""
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


def sphinx_build(session: nox.Session, language: str, *extra: str) -> None:
    out = BUILD / "html" / language
    # -j auto: 0.7-0.8x the serial time at 400 and 1,600 pages, no slower here (README, Performance)
    session.run(
        "python", "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-j", "auto",
        "-D", f"language={language}",
        "-d", str(BUILD / "doctrees" / language),
        *extra, "docs", str(out),
    )  # fmt: skip


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in both languages (-W -n); `nox -s docs -- en` builds one."""
    install(session, "docs")
    languages = session.posargs or LANGUAGES
    for language in languages:
        if language not in LANGUAGES:
            session.error(f"unknown language {language!r}; choose from {', '.join(LANGUAGES)}")
        sphinx_build(session, language)
    session.run("python", "scripts/langindex.py", str(BUILD / "html"))
    # the search index was built by the same sphinx-build (papercache/pagefind.py); the search
    # page loads it as a module, which browsers refuse from file://, so serve the output
    session.log(f"serve it: python3 -m http.server -d {BUILD / 'html'}  (then open localhost:8000)")


@nox.session(name="docs-live")
def docs_live(session: nox.Session) -> None:
    """Live preview with sphinx-autobuild; `nox -s docs-live -- en` previews English."""
    install(session, "live")
    language = session.posargs[0] if session.posargs else "zh_CN"
    session.run(
        "sphinx-autobuild", "-D", f"language={language}",
        "-d", str(BUILD / "doctrees-live" / language),
        "--watch", "references.bib", "--watch", "locales", "--watch", "exts",
        "docs", str(BUILD / "live" / language),
    )  # fmt: skip


@nox.session
def tests(session: nox.Session) -> None:
    """Run the tests, real site and browsers included; `-- -m "not site and not browser"`: quick."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and every .po file must parse with intact markup."""
    install(session, "lint")
    install(session, "docs")  # the .po check shares the extension's PO lint
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "scripts/i18n.py", "check")


@nox.session
def i18n(session: nox.Session) -> None:
    """Translation cycle: `-- update [--only PAGE]` (default), `todo PAGE`, `fill PAGE`, `check`."""
    install(session, "docs")
    args = list(session.posargs)
    if not args or args[0].startswith("-"):
        args.insert(0, "update")  # `nox -s i18n` and `nox -s i18n -- --only PAGE` update
    session.run("python", "scripts/i18n.py", *args)


@nox.session(name="i18n-stat")
def i18n_stat(session: nox.Session) -> None:
    """Per-page translated/fuzzy/untranslated counts; fails below [tool.papercache] threshold."""
    install(session, "docs")
    session.run("python", "scripts/i18n.py", "stat", *session.posargs)


@nox.session
def bibadd(session: nox.Session) -> None:
    """Check entries and append them to references.bib: `nox -s bibadd -- entry.bib [--check]`."""
    install(session, "docs")  # the checks are the extension's own .bib parser
    session.run("python", "scripts/bibadd.py", *session.posargs)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check external links (needs network; not part of CI)."""
    install(session, "docs")
    shutil.rmtree(BUILD / "linkcheck", ignore_errors=True)
    session.run(
        "python", "-m", "sphinx", "-b", "linkcheck", "-d", str(BUILD / "doctrees" / "zh_CN"),
        "docs", str(BUILD / "linkcheck"),
    )  # fmt: skip


@nox.session
def bench(session: nox.Session) -> None:
    """Scale benchmark of the build (`-- --quick`, `--sizes 100 400`, `--repeats 1`, `--jobs 2`)."""
    install(session, "docs")
    session.run("python", "-m", "bench.run", *session.posargs)
