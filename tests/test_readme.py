"""Every command the README shows exists, and the translation commands run as written."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from util import ROOT

README = ROOT / "README.md"
SESSION = re.compile(r'@nox\.session(?:\(name="([\w-]+)"\))?\s*\ndef (\w+)')


def readme_commands() -> list[list[str]]:
    """The shell commands of the README's bash blocks, comments removed."""
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.append(shlex.split(line))
    return commands


def nox_sessions() -> set[str]:
    text = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    return {name or func for name, func in SESSION.findall(text)}


def nox_call(words: list[str]) -> tuple[str, list[str]] | None:
    """("session", [posargs]) for `python3 -m nox -s session -- args`; None for other commands."""
    if "nox" not in words or "-s" not in words:
        return None
    session = words[words.index("-s") + 1]
    posargs = words[words.index("--") + 1 :] if "--" in words else []
    return session, posargs


def test_every_nox_session_the_readme_names_exists() -> None:
    calls = [call for words in readme_commands() if (call := nox_call(words))]
    assert len(calls) >= 8
    assert {session for session, _ in calls} - nox_sessions() == set()


@pytest.mark.site  # extracts and updates the messages of every page of the real site
def test_translation_commands_run_as_written(tmp_path: Path) -> None:
    """The README's i18n commands, in order, in a copy of the repository (the tree is current)."""
    for name in ("docs", "locales", "scripts", "exts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    for name in ("pyproject.toml", "references.bib"):
        shutil.copy(ROOT / name, tmp_path / name)
    before = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po")}
    ran = 0
    for words in readme_commands():
        call = nox_call(words)
        if call is None or call[0] not in ("i18n", "i18n-stat"):
            continue
        session, args = call
        # what the sessions run (noxfile.py): i18n passes its posargs, update by default
        if session == "i18n-stat":
            args = ["stat", *args]
        elif not args or args[0].startswith("-"):
            args = ["update", *args]
        cmd = [sys.executable, "scripts/i18n.py", *args]
        result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{' '.join(words)}:\n{result.stdout}{result.stderr}"
        ran += 1
    assert ran >= 6
    # the catalogs are current: updating them changes nothing, and nothing lands outside _build/
    after = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po")}
    assert [str(p) for p in after if before.get(p) != after[p]] == []
    assert (tmp_path / "_build" / "i18n" / "training" / "parallelism.json").exists()
    stray = {p.name for p in tmp_path.iterdir()} - {"docs", "locales", "scripts", "exts", "_build"}
    assert stray == {"pyproject.toml", "references.bib"}
