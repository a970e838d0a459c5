"""Shared fixtures: sphinx.testing for small roots, the real site, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
# sphinx.testing builds a copy of a root, where its conf.py cannot find exts/ beside it
sys.path.insert(0, str(TESTS.parent / "exts"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built like `nox -s docs` (-W -n --keep-going, both languages).

    PAPERCACHE_PREBUILT_SITE=<html root> reuses a build (e.g. `_build/html`) while working on tests.
    """
    from util import build_real_site

    prebuilt = os.environ.get("PAPERCACHE_PREBUILT_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build_real_site(tmp_path_factory.mktemp("site"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(real_site: Path) -> Iterator[str]:
    """Serve the built site over http on 127.0.0.1 (a secure context, unlike file://)."""
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for every browser test; a plain launch gets a fresh profile."""
    from browser_util import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def js_errors() -> list[str]:
    """Uncaught exceptions and console errors of every page the test opened."""
    return []


def _stub_third_party(route) -> None:
    route.fulfill(status=200, body="", content_type="text/plain")


def _note_console_error(page, msg, js_errors: list[str]) -> None:
    # The browser asks the server root for /favicon.ico on its own; that 404 is not the site's.
    if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
        js_errors.append(f"{page.url}: console: {msg.text} ({msg.location.get('url')})")


@pytest.fixture
def open_page(browser, base_url: str, js_errors: list[str]) -> Iterator:
    """Open a page in a new browser context; keyword arguments go to `new_context`."""
    from browser_util import DESKTOP

    contexts = []

    def open_(**options: object):
        options = {"viewport": DESKTOP, **options}
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(15_000)
        # Offline and hermetic: third-party assets (MathJax from its CDN) get an empty answer,
        # so a missing network is not mistaken for a page error.
        context.route(re.compile(rf"^(?!{re.escape(base_url)}/)"), _stub_third_party)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: js_errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: _note_console_error(page, msg, js_errors))
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()
