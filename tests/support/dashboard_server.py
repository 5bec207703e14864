"""Run the Streamlit dashboard as a real server for browser tests, the way users start it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from warehouse.home import HOME_ENV, Home

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboards" / "app.py"
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def dashboard_process(home: Home, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (base URL, server process) of a dashboard reading `home`; its output is kept in a file
    so a full pipe can never stall it, and is quoted when startup fails."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # The contracted command itself, from the installed console script.
    command = [str(Path(sys.executable).with_name("maturity")), "dashboard", "--home", str(home.root), "--port", str(port)]
    environment = {k: v for k, v in os.environ.items() if k != HOME_ENV} | (env or {})
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"dashboard did not answer on {url} within {STARTUP_SECONDS}s "
                        f"(exit code {server.poll()}); its output:\n{log.read()}"
                    )
                time.sleep(0.2)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextlib.contextmanager
def running_dashboard(home: Home) -> Iterator[str]:
    """Yield the base URL of a dashboard reading `home`."""
    with dashboard_process(home) as (url, _):
        yield url
