"""Validation of directive options that must warn (and let the build go on) rather than fail."""

from __future__ import annotations

import re

from sphinx.util import logging

from .bib import is_safe_url

logger = logging.getLogger(__name__)

YEAR_RANGE = re.compile(r"^(\d{4})?\s*(?:(-|–)\s*(\d{4})?)?$")


def warn(message: str, location, subtype: str) -> None:
    """Emit a papercache warning that names file and line and can be suppressed by subtype."""
    logger.warning(message, location=location, type="papercache", subtype=subtype)


def split_list(value: str | None) -> list[str]:
    """Split "a, b c" into ["a", "b", "c"]; order kept, duplicates dropped."""
    if not value:
        return []
    return list(dict.fromkeys(part for part in re.split(r"[,\s]+", value.strip()) if part))


def choice(value: str | None, allowed: tuple[str, ...], option: str, location) -> str:
    """Return *value* if allowed; otherwise warn and return an empty string."""
    value = (value or "").strip()
    if value and value not in allowed:
        warn(
            f'unknown :{option}: value "{value}" (expected one of: {", ".join(allowed)})',
            location,
            "option",
        )
        return ""
    return value


def url(value: str | None, option: str, location) -> str:
    """Return an http(s) URL, or warn and drop it."""
    value = (value or "").strip()
    if value and not is_safe_url(value):
        warn(
            f':{option}: "{value}" is not an http(s) URL; the link is dropped',
            location,
            "url",
        )
        return ""
    return value


def year_range(value: str | None, location) -> tuple[int, int] | None:
    """Parse "2023", "2023-2025", "2023-" or "-2025"; warn and return None when malformed."""
    value = (value or "").strip()
    if not value:
        return None
    m = YEAR_RANGE.match(value)
    if not m or not (m.group(1) or m.group(3)):
        warn(f':year: "{value}" is not a year or a range such as 2023-2025', location, "option")
        return None
    low = int(m.group(1)) if m.group(1) else 0
    high = int(m.group(3)) if m.group(3) else (9999 if m.group(2) else low)
    if low > high:
        warn(f':year: "{value}" runs backwards; write {high}-{low}', location, "option")
        return None
    return (low, high)
