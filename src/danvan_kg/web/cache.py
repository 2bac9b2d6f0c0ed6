"""What the web app keeps between requests: answers and parts of pages, bounded.

The graph behind ``danvan serve`` changes only when an editor adds records (the app then
calls :meth:`Cache.clear`), so a page, a part of a page (a document's lineage summary,
its coverage) or a catalogue answer computed once can be served again until then. The
cache holds at most ``max_items`` values and ``max_bytes`` of their (estimated) sizes,
dropping the least recently used first, so that no sequence of requests makes it grow
without bound (DEVELOPERS.md: "No input may end in unbounded memory").

Heavy parts are computed in the query workers (:class:`~danvan_kg.web.sparql.Runner`),
once however many requests want them at the same time (:meth:`Cache.compute`): a request
waits for a part up to a budget and else shows the page without it, the part landing in
the cache for the next request when it is done.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

# Values of unknown size count as this many bytes.
DEFAULT_SIZE = 4096
PENDING = object()  # what compute() returns for a part still being computed


def size_of(value: Any) -> int:
    """A rough size in bytes: the length of text and bytes, else a flat guess.

    >>> size_of("abc"), size_of(b"ab"), size_of(None)
    (3, 2, 4096)
    """
    if isinstance(value, str | bytes):
        return len(value)
    return DEFAULT_SIZE


class Cache:
    """A bounded, thread-safe LRU map for one store generation.

    >>> cache = Cache(max_items=2, max_bytes=1000)
    >>> cache.put("a", "x"); cache.put("b", "y"); cache.put("c", "z")
    >>> cache.get("a") is None, cache.get("c")
    (True, 'z')
    >>> cache.clear(); cache.get("c") is None, cache.generation
    (True, 1)
    """

    def __init__(self, max_items: int = 1024, max_bytes: int = 64_000_000) -> None:
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.generation = 0
        self._values: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._running: dict[Hashable, Future[Any]] = {}

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, size: int | None = None, generation: int = -1) -> None:
        """Keep ``value`` (unless the store changed since ``generation``, when given: a
        value computed before an add must not outlive it)."""
        size = size_of(value) if size is None else size
        with self._lock:
            if generation >= 0 and generation != self.generation:
                return
            if size > self.max_bytes:
                return
            old = self._values.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._values[key] = (value, size)
            self._bytes += size
            while len(self._values) > self.max_items or self._bytes > self.max_bytes:
                _, (_, dropped) = self._values.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        """Forget everything: the store has changed."""
        with self._lock:
            self._values.clear()
            self._bytes = 0
            self.generation += 1
            self._running.clear()

    def __len__(self) -> int:
        return len(self._values)

    def compute(
        self,
        key: Hashable,
        work: Callable[[], Any],
        submit: Callable[[Callable[[], Any]], Future[Any]],
        wait: float,
        size: Callable[[Any], int] | None = None,
    ) -> Any:
        """The cached value of ``key``, else ``work()`` run by ``submit`` (once, however
        many callers ask at once) and waited for up to ``wait`` seconds; :data:`PENDING`
        if it is not done by then (it goes on, and is cached when done). Call it off the
        event loop: it blocks. An exception of ``work`` is raised to the callers waiting
        and not cached."""
        found = self.get(key)
        if found is not None:
            return found
        started: Callable[[Future[Any]], None] | None = None
        with self._lock:
            generation = self.generation
            future = self._running.get(key)
            if future is None:

                def done(finished: Future[Any]) -> None:
                    with self._lock:
                        if self._running.get(key) is finished:
                            del self._running[key]
                    if not finished.cancelled() and finished.exception() is None:
                        value = finished.result()
                        if value is not None:
                            measured = size(value) if size else size_of(value)
                            self.put(key, value, measured, generation)

                future = self._running[key] = submit(work)
                started = done
        if started is not None:
            # Outside the lock: a future already finished (fast work, a busy caller)
            # runs the callback at once, in this thread, and the callback takes the lock,
            # which is not re-entrant: inside, that was a deadlock.
            future.add_done_callback(started)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            return PENDING
