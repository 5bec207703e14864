"""Readers that misbehave on one file, for the tests of the workers' CPU limit, hung-worker kill and output.

No real file is known to make our readers spin or sleep for ever (that is a bug when found), and
a big legal file that merely reads slowly would make the test's verdict depend on the machine's
speed. So the test swaps ingest.batch.reading's worker function for one of these: each reads every
file as the product does, except a file whose name holds STUCK, on which it spins on the CPU,
sleeps, or warns and prints before reading it. Workers unpickle the function by name and import
this module, so everything else is real: the fork server, the kernel's RLIMIT_CPU, the kill, the
refusal, the quarantine and the audit row.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

from ingest.batch import reading
from ingest.kinds import Read

STUCK = "STUCK"
_read = reading._read_in_worker  # the product's, taken before any test swaps it


def spin_on_stuck(path: Path) -> Read:
    """Burns CPU on a STUCK file until the kernel's CPU limit ends the worker."""
    while STUCK in path.name:
        pass
    return _read(path)


def sleep_on_stuck(path: Path) -> Read:
    """Sleeps on a STUCK file, using no CPU, as a native reader deadlocked would, until killed."""
    while STUCK in path.name:
        time.sleep(60)
    return _read(path)


def speak_on_stuck(path: Path) -> Read:
    """Raises a Python warning and prints to the worker's stderr (as native code would) on a STUCK
    file, then reads it."""
    if STUCK in path.name:
        warnings.warn(f"{SAID} by the reader", UserWarning)
        os.write(2, f"{SAID} on stderr\n".encode())
    return _read(path)


SAID = "something odd"
