"""Build helpers: each build is a fresh `python -m sphinx` process, as an author runs it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ROOT / "tests" / "roots"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|Exception occurred")


@dataclass
class Build:
    returncode: int
    warnings: list[str]
    output: str

    def assert_clean(self) -> None:
        assert self.returncode == 0, self.output
        assert self.warnings == [], "\n".join(self.warnings)


def copy_root(name: str, dest: Path) -> Path:
    """Copy tests/roots/test-<name> to *dest* and point its conf.py at this checkout's exts/."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    conf = dest / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text = text.replace('Path(__file__).resolve().parents[3] / "exts"', repr(str(ROOT / "exts")))
    conf.write_text(text, encoding="utf-8")
    return dest


def sphinx(src: Path, out: Path, *args: str, builder: str = "html") -> Build:
    """Run sphinx-build; return its warnings (one per line, paths relative to *src*)."""
    out.mkdir(parents=True, exist_ok=True)
    warnfile = out.parent / f"{out.name}.warnings.txt"
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-n", "-w", str(warnfile)]
    cmd += ["-d", str(out.parent / f"{out.name}.doctrees"), *args, str(src), str(out)]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=src)
    output = proc.stdout + proc.stderr
    assert not TRACEBACK.search(output), output
    raw = warnfile.read_text(encoding="utf-8") if warnfile.exists() else ""
    warnings = [
        line.replace(str(src) + os.sep, "").strip()
        for line in raw.splitlines()
        if "WARNING" in line or "ERROR" in line
    ]
    return Build(proc.returncode, warnings, output)


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
        cmd += ["-q", "-D", f"language={language}"]  # serial, as nox -s docs builds
        cmd += ["-d", str(dest / "doctrees" / language), "docs", str(out)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 0, f"{language} build failed:\n{proc.stdout}{proc.stderr}"
    subprocess.run(
        [sys.executable, "scripts/langindex.py", str(dest / "html")], check=True, cwd=ROOT
    )
    return dest / "html"
