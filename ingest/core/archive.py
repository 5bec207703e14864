"""Keeping every file exactly as received: the archive by content hash, and quarantine for refusals.

The archive is what makes re-sending the same bytes harmless ("unchanged") and every load
traceable to the file it came from; quarantine puts refused files and their reasons side by side
for whoever has to chase the borough.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from ingest.core.problems import Problem
from warehouse.home import Home

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_file(path: Path, home: Home) -> tuple[str, Path]:
    """Return (sha256, archived copy). An archived file is never overwritten or changed."""
    path = Path(path)
    sha256 = sha256_of(path)
    target = home.archive / f"{sha256}{path.suffix.lower()}"
    if not target.exists():
        _copy_atomically(path, target)
        target.chmod(0o444)
    return sha256, target


def quarantine_file(path: Path, sha256: str, problems: Iterable[Problem], home: Home) -> Path:
    """Copy a refused file beside a .reasons.txt that lists each problem on its own line."""
    path = Path(path)
    target = home.quarantine / f"{sha256[:12]}__{path.name}"
    _copy_atomically(path, target)
    reasons = target.with_name(target.name + ".reasons.txt")
    reasons.write_text("".join(f"{problem}\n" for problem in problems), encoding="utf-8")
    return target


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy then rename, so a crash never leaves a half-written file under the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{uuid.uuid4().hex}-{target.name}")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
