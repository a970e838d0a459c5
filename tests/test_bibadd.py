"""scripts/bibadd.py refuses what the README says it refuses, and appends the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from util import ROOT

EXISTING = """@inproceedings{kwon2023pagedattention,
  title = {Efficient Memory Management for Large Language Model Serving with {PagedAttention}},
  author = {Kwon, Woosuk and Li, Zhuohan},
  booktitle = {SOSP},
  year = {2023},
  eprint = {2309.06180},
  archiveprefix = {arXiv},
}
"""
GOOD = """@article{yu2022orca,
  title = {Orca: A Distributed Serving System},
  author = {Yu, Gyeong-In and Jeong, Joo Seong},
  journal = {OSDI},
  year = {2022},
  url = {https://www.usenix.org/conference/osdi22/presentation/yu},
}
"""


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    bib = tmp_path / "references.bib"
    if not bib.exists():
        bib.write_text(EXISTING, encoding="utf-8")
    entry = tmp_path / "entry.bib"
    entry.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bibadd.py"), str(entry), "--bib", str(bib), *args],
        capture_output=True,
        text=True,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_a_good_entry_is_appended(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, GOOD)
    assert (code, out, err) == (0, "added yu2022orca\n", "")
    assert (tmp_path / "references.bib").read_text(encoding="utf-8") == EXISTING + "\n" + GOOD


def test_check_only_appends_nothing(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, GOOD, "--check")
    assert (code, out) == (0, "ok: yu2022orca\n")
    assert (tmp_path / "references.bib").read_text(encoding="utf-8") == EXISTING


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # a key that differs only in case is the same key to BibTeX: refused, both places named
        (
            EXISTING.replace("kwon2023pagedattention", "Kwon2023PagedAttention"),
            'key "Kwon2023PagedAttention" is already in references.bib:1 as '
            '"kwon2023pagedattention" (BibTeX keys ignore case)',
        ),
        (
            GOOD.replace("journal", "booktitle"),
            "yu2022orca: @article needs its venue in journal (or use the entry type that "
            "matches where it appeared)",
        ),
        (
            GOOD.replace("@article", "@inproceedings").replace("journal", "publisher"),
            "yu2022orca: @inproceedings needs its venue in booktitle",
        ),
        (GOOD.replace("yu2022orca", "Yu2022Orca"), "key must be <family name><year><word>"),
        (
            GOOD.replace("yu2022orca", "li2022orca"),
            'the key should start with the first author\'s family name, "yu"',
        ),
        (
            GOOD.replace("yu2022orca", "yu2021orca"),
            "the key's year 2021 is neither the entry's year nor its arXiv year (2022)",
        ),
        (GOOD.replace("  url", "  note"), "yu2022orca: needs one of doi, eprint, url"),
        (
            GOOD.replace("https://www", "javascript://www"),
            'uses the scheme "javascript:", but only http(s) links are kept',
        ),
        (GOOD.replace("@article", "@video"), "@video is not a BibTeX entry type"),
        (GOOD.replace("{OSDI}", "{OSDI"), "has an unbalanced"),
    ],
)
def test_refused(tmp_path: Path, text: str, problem: str) -> None:
    code, out, err = run(tmp_path, text)
    assert code == 1 and out == ""
    assert err.startswith("not added:\n") and problem in err, err
    assert (tmp_path / "references.bib").read_text(encoding="utf-8") == EXISTING
