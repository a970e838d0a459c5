"""sphinxcontrib-bibtex's bibliography output made safe for any entry of a real-world .bib.

pybtex's styles format only BibTeX's own entry types, raise on a missing required field, link
whatever a url field holds and show LaTeX they do not know as written. Here every type is formatted
(aliases as their BibTeX type, the rest as @misc), an entry missing a field is formatted as @misc
with what it has, only http(s) links reach HTML, and fields are read as the cards read them
(crossref, biblatex dates, LaTeX as Unicode, CJK names). The entries seen by pybtex are fixed once
per build, right after sphinxcontrib-bibtex parses the file; bib.py warns at the entry's line.
"""

from __future__ import annotations

import calendar
import copy

import pybtex_docutils
from docutils import nodes
from pybtex.style import FormattedEntry
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.util import logging

from . import bib, latex, links
from .bibtypes import bibtex_type

logger = logging.getLogger(__name__)

# Fields pybtex reads as LaTeX text (verbatim fields are links.VERBATIM_FIELDS).
TEXT_FIELDS = (
    "title",
    "booktitle",
    "journal",
    "howpublished",
    "publisher",
    "series",
    "note",
    "school",
    "institution",
    "organization",
    "address",
    "edition",
)


class SafeBackend(pybtex_docutils.Backend):
    """pybtex's docutils backend, writing a link only for an http(s) URL."""

    def format_href(self, url, text, external=False):
        if links.is_safe_url(url):
            return super().format_href(url, text, external)
        return text


def fix_entries(app: Sphinx) -> None:
    """builder-inited, after sphinxcontrib-bibtex parsed: what pybtex will format, made sound.

    Types, crossref, dates, verbatim and unsafe links, LaTeX and CJK names; idempotent, since
    sphinxcontrib-bibtex keeps its parsed data between builds while the files are unchanged.
    """
    entries = app.env.get_domain("cite").bibdata.data.entries
    for entry in entries.values():
        _inherit(entry, entries)
    for entry in entries.values():
        entry.type = bibtex_type(entry.type)[0]
        for name in links.VERBATIM_FIELDS:
            if name in entry.fields:
                entry.fields[name] = links.verbatim(str(entry.fields[name]))
        url = entry.fields.get("url")
        if url is not None and not links.is_safe_url(url):
            del entry.fields["url"]  # bib.py has warned; not even its text is worth showing
        _dates(entry.fields)
        for name in TEXT_FIELDS:
            if name in entry.fields:
                entry.fields[name] = latex.for_pybtex(str(entry.fields[name]))
        for people in entry.persons.values():
            for person in people:
                if latex.is_cjk(str(person)) and person.first_names:
                    # family name first, no space: 张, 三 is 张三
                    person.last_names = ["".join(person.last_names + person.first_names)]
                    person.first_names = []


def _inherit(entry, entries) -> None:
    """BibTeX crossref: the fields an entry lacks come from its parent (the title as booktitle)."""
    parent = entries.get(str(entry.fields.get("crossref", "")).strip())
    if parent is None or parent is entry:
        return
    for name, value in parent.fields.items():
        if name.lower() == "title":
            if entry.type.lower() in ("inproceedings", "conference", "incollection", "inbook"):
                entry.fields.setdefault("booktitle", value)
        elif name.lower() not in ("crossref", "ids"):
            entry.fields.setdefault(name, value)
    if "author" not in entry.persons and "editor" not in entry.persons:
        for role, people in parent.persons.items():
            entry.persons.setdefault(role, people)


def _dates(fields) -> None:
    """Year (and month) from `year` text or biblatex `date`, as bib.py reads them for cards."""
    year, month = bib.parse_year(str(fields.get("year", "")))
    m = bib.DATE.match(str(fields.get("date", "")).strip())
    if not year and "year" not in fields and m:
        year, month = m.group(1), m.group(2) or ""
    if year:  # "January 1978" would be the label's year
        fields["year"] = year
        if month and "month" not in fields:
            fields["month"] = calendar.month_name[int(month)]  # as pybtex expands `sep`


def format_entry(style, label: str, entry, env, fallbacks: set[str]) -> FormattedEntry:
    """Format *entry*; one missing a required field is formatted as @misc and warned at its line.

    The key of each entry formatted so is added to *fallbacks*, and warned about only once.
    """
    try:
        return style.format_entry(label, entry)
    except FieldIsMissing as exc:
        if entry.key not in fallbacks:
            fallbacks.add(entry.key)
            warn_missing(
                env,
                entry.key,
                f"{exc}: shown with the fields it has, as @misc; add the field or change the "
                f"entry type",
            )
        lenient = copy.copy(entry)
        lenient.type = "misc"
        return style.format_entry(label, lenient)


def warn_missing(env, key: str, message: str) -> None:
    """A bibtex.missing_field warning at the entry's line of the .bib (not at the list)."""
    library = bib.for_env(env)
    db = library.file_of(key) or library.files[0]
    entry = db.entries.get(key)
    logger.warning(
        message,
        location=bib.location(db, entry.line if entry else None),
        type="bibtex",
        subtype="missing_field",
    )


def key_labels(domain, builder, fromdocname: str, target: str, keys) -> nodes.inline:
    """The citation as "[key]" links: the label of last resort when the style cannot format it."""
    result = nodes.inline(rawsource=target, classes=["bibtex-citation"])
    found = {cit.key: cit for cit in domain.citations if cit.key in keys}
    result += nodes.Text("[")
    for i, key in enumerate(keys):
        if i:
            result += nodes.Text(", ")
        citation = found.get(key)
        if citation is None:
            result += nodes.Text(key)
            continue
        uri = builder.get_relative_uri(fromdocname, citation.bibliography_key.docname)
        result += nodes.reference("", key, internal=True, refuri=f"{uri}#{citation.citation_id}")
    result += nodes.Text("]")
    return result


def setup_formatting(app: Sphinx) -> None:
    # after sphinxcontrib-bibtex's parse (builder-inited, priority 500)
    app.connect("builder-inited", fix_entries, priority=550)
