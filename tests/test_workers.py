"""The test run's own scheduling (``make test``: several pytest-xdist workers,
``--dist loadgroup``).

The modules that share something expensive are marked ``xdist_group`` so that one worker
runs them all: the browser tests one Chromium (tests/chromium.py), the synthetic national
graph's tests one build of it, test_build's in-memory rebuilds one shipped build. xdist
carries the group in the test's node id (``…::test@group``); with pytest 9.2 and
pytest-xdist 3.8 that no longer takes, and the groups are dropped without a word
(pytest-dev/pytest-xdist#1386): every worker then launched its own Chromium and built its
own copies. pyproject.toml keeps pytest below 9.2 until xdist is fixed; this test fails if
a pair of versions that drops the groups comes back.
"""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("scheduling")
def test_xdist_groups_are_honoured(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("run by one process: no xdist worker, no group to honour (make test has them)")
    assert request.node.nodeid.endswith("@scheduling"), (
        f"pytest-xdist's --dist loadgroup dropped this test's group ({request.node.nodeid}): "
        f"pytest {pytest.__version__} with this pytest-xdist does not keep xdist_group "
        "(pytest-dev/pytest-xdist#1386); see pyproject.toml"
    )
