"""The faster cite domain returns exactly what sphinxcontrib-bibtex's own filtering returns."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain
from util import copy_root

LOCAL = "\n```{bibliography}\n:filter: docname in docnames\n:list: bullet\n```\n"
OTHER = '\n```{bibliography}\n:filter: cited and year >= "2023"\n:list: enumerated\n```\n'


def test_filtered_entries_equal_upstream(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "src")
    for page in ("notes/paged.md", "chapters/serving.md"):
        with (src / page).open("a", encoding="utf-8") as fh:
            fh.write(LOCAL)
    with (src / "notes/orca.md").open("a", encoding="utf-8") as fh:
        fh.write(OTHER)
    app = Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None)
    app.build()
    domain = app.env.get_domain("cite")
    assert type(domain).__name__ == "PaperCacheBibtexDomain"
    checked = 0
    for key in domain.bibliographies:
        ours = [k for k, _entry in domain.get_filtered_entries(key)]
        upstream = [k for k, _entry in BibtexDomain.get_filtered_entries(domain, key)]
        assert ours == upstream, key
        checked += 1
    assert checked == 4  # the :all: page, two local lists and one custom filter
    serving = (tmp_path / "out" / "chapters" / "serving.html").read_text(encoding="utf-8")
    local = serving[serving.index('<ul class="simple"') :]
    local = local[: local.index("</ul>")]
    assert "Müller" in local and "Kwon" not in local  # only what the page itself {cite}s
