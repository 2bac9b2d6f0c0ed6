"""Crash points: where the fault tests kill danvan on purpose.

Writing the store, the records folder and the lineage closure, and moving a new build
into place, are steps a crash can come between. The tests set ``DANVAN_CRASH_AT`` to one
of the names below and check that the next command finds everything consistent
(tests/test_records_folder.py, tests/test_build.py); unset, a crash point does nothing.

- ``before-store-write``, ``after-store-write``, ``before-closure``: ``danvan add``
- ``between-renames``: ``danvan build``, after the old store is moved aside and before
  the new one takes its place
"""

from __future__ import annotations

import os

VARIABLE = "DANVAN_CRASH_AT"


def crash_point(name: str) -> None:
    """End the process at once (exit 137, as a kill does) when the tests ask for ``name``."""
    if os.environ.get(VARIABLE) == name:
        os._exit(137)
