"""Headless Chromium for the browser tests: Debian's chromium-headless-shell, or its full
Chromium (``make test`` installs the first where neither is there, through
scripts/system-deps.sh), driven by Playwright's Python package with ``executable_path`` —
no browser is ever downloaded.

The flags keep Chromium off the network it would otherwise reach for at every start
(updates, sync, safe browsing), which this machine refuses.

One Chromium a process, shared: a launch (Playwright's driver and the browser) costs about
1.3 s of CPU, a fresh context (its own cookies, storage and cache: what a fresh profile
gave) a few milliseconds. It is launched by the first browser test and closed after the
last of a run of them (tests/conftest.py, :func:`close_after`): while Playwright's sync API
is open the main thread has a running event loop, so a test that calls ``asyncio.run``
(test_web_load.py) must not come while it is. The browser modules are one xdist group,
so one worker runs them one after the other, on one launch.
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

# Chromium 156's browser window preloads its omnibox popup as WebUI pages (chrome://
# omnibox-popup.top-chrome/, never shown headless) whose renderer kept ~8 % of a core busy
# for as long as the browser was open: about 1 s of CPU every 10 s of tests, measured by
# sampling /proc (0.1 s with these two features off). The tests never touch the omnibox;
# the features only switch that browser-UI popup back to the plain one.
OWN_DISABLED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]
# Chromium keeps only the last --disable-features switch, and Playwright passes its own
# list first: ours repeats it (Playwright 1.5x's), so adding ours drops none of them.
# :func:`_check_features` fails loudly if a Playwright upgrade changes that list.
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
]
CHROMIUM_FLAGS.append(
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + OWN_DISABLED_FEATURES)
)

# The xdist group of the modules that use Chromium (their ``pytestmark``).
GROUP = "chromium"
uses_chromium = pytest.mark.xdist_group(GROUP)

# This process's Playwright and browser, while a run of browser tests lasts.
_shared: dict[str, Any] = {}


# Debian's chromium-headless-shell first: Chromium's headless mode without the browser's
# window and UI (the same Blink; every screenshot of the suite came out byte-identical),
# which took a quarter less CPU over the browser modules (10 s against 14 s, the browser's
# processes sampled from /proc) and is the smaller package to install.
BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


def find_chromium(*, headless_shell: bool = True) -> str | None:
    """``$DANVAN_CHROMIUM``, else the first of :data:`BROWSERS` on the PATH (the full
    browsers first when ``headless_shell`` is False: bench/bench_render.py times what a
    reader's browser draws)."""
    order = BROWSERS if headless_shell else (*BROWSERS[1:], BROWSERS[0])
    for name in (os.environ.get("DANVAN_CHROMIUM"), *order):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _browser() -> Any:
    """The shared browser, launched on first use, or a skip naming what is missing."""
    if "browser" in _shared:
        return _shared["browser"]
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the 'playwright' package is not installed"
    )
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine "
            "(Debian: apt-get install chromium-headless-shell; see scripts/system-deps.sh)"
        )
    playwright = playwright_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
    except BaseException:
        playwright.stop()
        raise
    _shared.update(playwright=playwright, browser=browser)
    _check_features()
    return browser


def _check_features() -> None:
    """Fail if the browser's last --disable-features (the one Chromium keeps) lacks a
    feature that an earlier one (Playwright's) disabled: our switch must not undo theirs.
    The command line is read from /proc (the browser process is a grandchild of this one,
    under Playwright's driver); CDP's Browser.getBrowserCommandLine would need
    --enable-automation, which changes what pages see."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    parents: dict[str, str] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            parents[stat.parent.name] = stat.read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
    driver = {pid for pid, parent in parents.items() if parent == str(os.getpid())}
    prefix = "--disable-features="
    for pid, parent in parents.items():
        try:
            arguments = (proc / pid / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if parent not in driver or not any(
            a.startswith("--remote-debugging-pipe") for a in arguments
        ):
            continue
        lists = [set(a[len(prefix) :].split(",")) for a in arguments if a.startswith(prefix)]
        missing = set().union(*lists) - lists[-1] if lists else set()
        assert not missing, (
            f"tests/chromium.py: add {sorted(missing)} to PLAYWRIGHT_DISABLED_FEATURES "
            "(Playwright's own list changed)"
        )


@contextmanager
def chromium(width: int, height: int) -> Iterator[Any]:
    """A fresh browser context (nothing kept from another) with a ``width`` × ``height``
    viewport, in the process's shared Chromium; closed on leaving."""
    context = _browser().new_context(viewport={"width": width, "height": height})
    try:
        yield context
    finally:
        context.close()


def close() -> None:
    """Close the shared browser and Playwright, if they are open."""
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


def close_after(nextitem: pytest.Item | None) -> None:
    """After a test's teardown: close the browser unless the next test uses it too."""
    if not _shared:
        return
    marks = nextitem.iter_markers("xdist_group") if nextitem is not None else ()
    if not any(GROUP in (*mark.args, mark.kwargs.get("name")) for mark in marks):
        close()
