"""Another process holding a home's writer lock, as a second `maturity` command would: the tests
start it, wait until it says it holds the lock, and end it by closing its stdin or by SIGKILL."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from warehouse.home import Home

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from warehouse.home import Home
from warehouse.lock import writer_lock
with writer_lock(Home(Path(sys.argv[1])), wait=0, command="maturity run"):
    print("held", flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def holding(home: Home) -> Iterator[subprocess.Popen]:
    """A process that holds the lock until the block ends (or the test kills it)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home.root)], cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout.readline().strip() == "held", process.stderr.read()
        yield process
    finally:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        process.wait()
        process.stdout.close()
        process.stderr.close()
