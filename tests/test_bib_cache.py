"""The parsed .bib kept beside the doctrees is used only while the file is unchanged."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from util import ROOTS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exts"))
from papercache import bib


@pytest.fixture
def fresh_process(monkeypatch):
    """Count real parses (each load is a new build: nothing is kept in the process)."""
    parses: list[Path] = []
    real_parse = bib.parse_files
    monkeypatch.setattr(bib, "parse_files", lambda paths: parses.extend(paths) or real_parse(paths))
    return parses


def test_stored_parse_is_reused_then_dropped_when_the_file_changes(
    tmp_path: Path, fresh_process
) -> None:
    path = tmp_path / "refs.bib"
    shutil.copy(ROOTS / "test-basic" / "refs.bib", path)
    first = bib.load([path], tmp_path / "doctrees")
    assert fresh_process == [path] and "yu2022orca" in first.entries
    again = bib.load([path], tmp_path / "doctrees")
    assert fresh_process == [path] and again.entries == first.entries
    text = path.read_text(encoding="utf-8").replace("Orca: A Distributed", "Orca: The Distributed")
    path.write_text(text + "\n", encoding="utf-8")
    changed = bib.load([path], tmp_path / "doctrees")
    assert fresh_process == [path, path]
    assert changed.entries["yu2022orca"].fields["title"].startswith("Orca: The Distributed")


def test_unreadable_stored_parse_is_ignored(tmp_path: Path, fresh_process) -> None:
    path = tmp_path / "refs.bib"
    shutil.copy(ROOTS / "test-basic" / "refs.bib", path)
    bib.load([path], tmp_path / "doctrees")
    for stored in (tmp_path / "doctrees").glob("papercache-bib-*.pickle"):
        stored.write_bytes(b"not a pickle")
    db = bib.load([path], tmp_path / "doctrees")
    assert len(fresh_process) == 2 and "kwon2023pagedattention" in db.entries
