"""Keeping every file exactly as received: the archive by content hash, and quarantine for refusals.

The archive is what makes re-sending the same bytes harmless ("unchanged") and every load
traceable to the file it came from; quarantine puts refused files and their reasons side by side
for whoever has to chase the borough.

Only regular files are taken. A path is opened without following a link (O_NOFOLLOW) and without
waiting on a named pipe (O_NONBLOCK), then checked on the open descriptor, so what is hashed and
copied is the regular file that was checked — never a link's target, a device or a FIFO. Our own
copies are named within the file system's 255 bytes whatever the name they came with.
"""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from collections.abc import Iterable
from pathlib import Path

from ingest.core.names import archive_suffix, stored
from ingest.core.problems import Problem, Refused
from warehouse.home import Home

CHUNK = 1 << 20
REASONS = ".reasons.txt"
# What each kind of entry that is not a regular file is told, by stat's file type.
NOT_A_FILE = {
    stat.S_IFLNK: "a symbolic link: links are not followed; copy the file itself",
    stat.S_IFDIR: "a directory: only files are read; put the files themselves in the inbox",
    stat.S_IFIFO: "a named pipe (FIFO), not a file: only regular files are read",
    stat.S_IFSOCK: "a socket, not a file: only regular files are read",
    stat.S_IFCHR: "a device, not a file: only regular files are read",
    stat.S_IFBLK: "a device, not a file: only regular files are read",
}


class NotAFile(Refused):
    """The path is a link, directory, device, FIFO or socket: refused before anything is read."""


def open_regular(path: Path) -> int:
    """A read-only descriptor on the regular file at `path` itself; raises NotAFile (or OSError)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        _refuse_unless_regular(os.lstat(path).st_mode)  # a link (ELOOP), a socket (ENXIO), …
        raise
    try:
        _refuse_unless_regular(os.fstat(descriptor).st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        reason = NOT_A_FILE.get(stat.S_IFMT(mode), "not a regular file: only regular files are read")
        raise NotAFile([Problem("file", reason)])


def sha256_of(path: Path) -> str:
    with os.fdopen(open_regular(Path(path)), "rb") as handle:
        return _digest(handle)


def _digest(handle) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def archive_file(path: Path, home: Home) -> tuple[str, Path]:
    """Return (sha256, archived copy), hashed and copied from one descriptor on the checked file.
    An archived file is never overwritten or changed."""
    path = Path(path)
    with os.fdopen(open_regular(path), "rb") as handle:
        sha256 = _digest(handle)
        target = home.archive / f"{sha256}{archive_suffix(path.name)}"
        if not target.exists():
            handle.seek(0)
            _copy_atomically(handle, target)
            target.chmod(0o444)
    return sha256, target


def quarantine_file(path: Path, sha256: str, problems: Iterable[Problem], home: Home) -> Path:
    """Copy a refused file beside a .reasons.txt that lists each problem on its own line."""
    path = Path(path)
    target = home.quarantine / stored(f"{sha256[:12]}__", path.name, reserve=len(REASONS))
    with os.fdopen(open_regular(path), "rb") as handle:
        _copy_atomically(handle, target)
    _write_reasons(target, problems)
    return target


def quarantine_entry(path: Path, problems: Iterable[Problem], home: Home) -> Path:
    """Move an inbox entry that is not a file (the link, directory or FIFO itself, never what a link
    points to) into quarantine beside its reasons, so that it does not come back every run."""
    target = home.quarantine / stored(f"{uuid.uuid4().hex[:12]}__", Path(path).name, reserve=len(REASONS))
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(path, target)
    _write_reasons(target, problems)
    return target


def _write_reasons(target: Path, problems: Iterable[Problem]) -> None:
    reasons = target.with_name(target.name + REASONS)
    reasons.write_text("".join(f"{problem}\n" for problem in problems), encoding="utf-8")


def _copy_atomically(source, target: Path) -> None:
    """Copy then rename, so a crash never leaves a half-written file under the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{uuid.uuid4().hex}")
    try:
        with open(partial, "xb") as out:
            while chunk := source.read(CHUNK):
                out.write(chunk)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
