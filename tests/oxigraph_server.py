"""A real ``oxigraph serve`` on 127.0.0.1 for the remote-endpoint tests (STYLE item 10).

The session's server starts on a copy of the on-disk store the session built, so it holds
exactly the built graph without a push; a test that writes marks it dirty, and the next
test that needs the built graph gets it back by a restart on a fresh copy (a directory
copy takes a tenth of a second, pushing 157k quads again several seconds).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from danvan_kg.stores import RemoteStore, Store


def copy_store_folder(source: Path, target: Path) -> None:
    """A writable copy of an on-disk store nobody is writing to, as RocksDB's checkpoints
    make one: its table files (``*.sst``), never changed once written, are hard links
    (no 50 MB to write per copy); the rest (manifest, options, log) is copied."""

    def link_or_copy(origin: str, copy: str) -> object:
        if origin.endswith(".sst"):
            try:
                os.link(origin, copy)
                return copy
            except OSError:  # another file system, or no hard links here: copy instead
                pass
        return shutil.copy2(origin, copy)

    shutil.copytree(source, target, copy_function=link_or_copy)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    found = Path(sys.executable).parent / "oxigraph"
    if found.exists():
        return str(found)
    on_path = shutil.which("oxigraph")
    if not on_path:
        pytest.skip(
            "the 'oxigraph' server is not installed (pip install oxigraph, in the test extra)"
        )
    return on_path


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"the server at {url} did not come up in {seconds} s")


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    folder: Path
    union: bool = True
    dirty: bool = True  # True unless the server holds exactly the built graph

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    def remote(self, **options: float) -> RemoteStore:
        return Store.remote(self.query_url, **options)  # type: ignore[return-value]

    def reset(self) -> RemoteStore:
        """Empty the server and mark it dirty; return a store on it."""
        remote = self.remote()
        remote.update("DROP ALL")
        self.dirty = True
        return remote

    def restore(self, store_folder: Path) -> None:
        """Restart the server on a fresh copy of the on-disk store at ``store_folder``."""
        stop(self)
        shutil.rmtree(self.folder)
        copy_store_folder(store_folder, self.folder)
        started = start_oxigraph(self.folder, union=self.union)
        self.base, self.process, self.dirty = started.base, started.process, False


def start_oxigraph(folder: Path, *, union: bool = True) -> Server:
    """``oxigraph serve`` on ``folder`` (an empty or an existing store) and a free port."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
    except BaseException:
        process.kill()
        raise
    return Server(base, process, folder, union)


def stop(server: Server) -> None:
    # Killed, not asked to stop: its folder is a copy thrown away afterwards, and a
    # graceful shutdown takes half a second a server.
    server.process.kill()
    server.process.wait()
