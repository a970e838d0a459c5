"""Build helpers: small roots are built in this process, as sphinx-build would build them."""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.cmd.build import get_parser
from sphinx.config import Config
from sphinx.util.docutils import docutils_namespace, patch_docutils

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ROOT / "tests" / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Build:
    returncode: int
    warnings: list[str]
    output: str

    def assert_clean(self) -> None:
        assert self.returncode == 0, self.output
        assert self.warnings == [], "\n".join(self.warnings)


def copy_root(name: str, dest: Path) -> Path:
    """Copy tests/roots/test-<name> to *dest* and point its conf.py at this checkout."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    conf = dest / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text = text.replace("Path(__file__).resolve().parents[3]", f"Path({str(ROOT)!r})")
    conf.write_text(text, encoding="utf-8")
    return dest


def mutable_defaults() -> dict[str, list | dict]:
    """The default values of Sphinx's own config options that are lists or dicts."""
    options = Config.config_values.items()
    return {name: o.default for name, o in options if isinstance(o.default, list | dict)}


@contextlib.contextmanager
def isolated(src: Path) -> Iterator[None]:
    """Run one build as a fresh sphinx-build process would: no state leaks into the next one.

    The same isolation as sphinx-build (`sphinx.cmd.build.build_main`: docutils registries) and
    sphinx.testing (`SphinxTestApp.cleanup`: sys.path, the translators of the build's language).
    """
    saved_path, saved_epoch = sys.path.copy(), os.environ.get("SOURCE_DATE_EPOCH")
    # a config value left at its default *is* Sphinx's default object: an extension that
    # appends to it changes it for every later build in the process (test_incremental.py
    # checks that ours do not); put them back, as a new process would have them
    defaults = [(default, copy.copy(default)) for default in mutable_defaults().values()]
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # "today" in feeds and copyright lines
    try:
        with contextlib.chdir(src), patch_docutils(src), docutils_namespace():
            yield
    finally:
        sys.path[:] = saved_path
        locale.translators.clear()
        for default, saved in defaults:
            default.clear()
            if isinstance(default, dict):
                default.update(saved)
            else:
                default.extend(saved)
        if saved_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch


def _relevant(output: str, src: Path) -> list[str]:
    """The warning and error lines of *output*, with paths relative to *src*."""
    lines = ANSI.sub("", output).splitlines()
    return [
        line.replace(str(src) + os.sep, "").strip()
        for line in lines
        if "WARNING" in line or "ERROR" in line
    ]


def warnings(app: Sphinx) -> list[str]:
    """The warnings of a sphinx.testing app, one per line with paths relative to its srcdir."""
    return _relevant(app.warning.getvalue(), app.srcdir)


def sphinx(src: Path, out: Path, *args: str, builder: str = "html") -> Build:
    """Build *src* into *out* with sphinx-build's options *args* (-D, -j, -E, -a, -W, -t ...).

    Returns the warnings, one per line with paths relative to *src*; like sphinx-build they are
    also written beside *out*. An exception in the build is not caught: the test fails with it.
    """
    warnfile = out.parent / f"{out.name}.warnings.txt"
    doctrees = out.parent / f"{out.name}.doctrees"
    argv = ["-b", builder, "-q", "-n", "-d", str(doctrees), "-w", str(warnfile), *args]
    opts = get_parser().parse_args([*argv, str(src), str(out)])  # later options win, as there
    overrides = dict(define.partition("=")[::2] for define in opts.define)
    for key, _, value in (define.partition("=") for define in opts.htmldefine):
        overrides[f"html_context.{key}"] = value
    overrides |= {"nitpicky": True} if opts.nitpicky else {}
    confdir = None if opts.noconfig else Path(opts.confdir or src)
    warning = StringIO()
    with isolated(src):
        app = Sphinx(
            src, confdir, out, opts.doctreedir, opts.builder, confoverrides=overrides,
            status=None, warning=warning, freshenv=opts.freshenv, tags=opts.tags,
            warningiserror=opts.warningiserror, exception_on_warning=opts.exception_on_warning,
            parallel=opts.jobs,
        )  # fmt: skip
        app.build(opts.force_all, opts.filenames)
    output = ANSI.sub("", warning.getvalue())
    Path(opts.warnfile).write_text(output, encoding="utf-8")
    return Build(app.statuscode, _relevant(output, src), output)


def html_pages(out: Path) -> dict[str, str]:
    """Return every HTML page of a build, by relative path."""
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))
    }


def build_real_site(dest: Path) -> Path:
    """Build docs/ in both languages into *dest*/html/<lang>; fail on any warning."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    for language in ("zh_CN", "en"):
        out = dest / "html" / language
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going"]
        # serial, unlike nox -s docs (-j auto): test_site.py compares a -j auto build with it
        cmd += ["-q", "-D", f"language={language}"]
        cmd += ["-d", str(dest / "doctrees" / language), "docs", str(out)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 0, f"{language} build failed:\n{proc.stdout}{proc.stderr}"
    subprocess.run(
        [sys.executable, "scripts/langindex.py", str(dest / "html")], check=True, cwd=ROOT
    )
    return dest / "html"
