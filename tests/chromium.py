"""Headless Chromium for the browser tests: Debian's Chromium (``make test`` installs it
through scripts/system-deps.sh) driven by Playwright's Python package with
``executable_path`` — no browser is ever downloaded.

The flags keep Chromium off the network it would otherwise reach for at every start
(updates, sync, safe browsing), which this machine refuses.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for name in (
        os.environ.get("DANVAN_CHROMIUM"),
        "chromium",
        "chromium-browser",
        "google-chrome",
    ):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@contextmanager
def chromium(profile: Path, width: int, height: int) -> Iterator[Any]:
    """A persistent Chromium context in ``profile``, or a skip naming what is missing."""
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the 'playwright' package is not installed"
    )
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine "
            "(Debian: apt-get install chromium; see scripts/system-deps.sh)"
        )
    with playwright_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height},
        )
        try:
            yield context
        finally:
            context.close()
