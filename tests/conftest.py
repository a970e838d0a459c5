"""Shared fixtures: sphinx.testing for small roots, plus subprocess builds for multi-build tests."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built like `nox -s docs` (-W -n --keep-going, both languages)."""
    from util import build_real_site

    return build_real_site(tmp_path_factory.mktemp("site"))
