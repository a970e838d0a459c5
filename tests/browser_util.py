"""What every browser test shares: Debian's Chromium, how to launch it, and when to skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


def _unavailable(reason: str) -> None:
    # CI sets PAPERCACHE_REQUIRE_BROWSER=1: a missing browser must fail there, not pass quietly.
    if os.environ.get("PAPERCACHE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (and PAPERCACHE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_browser() -> None:
    """Skip the calling test module (fail in CI) when Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (the `test` dependency group)")
