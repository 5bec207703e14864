"""File names as people and systems really make them: any bytes but "/" and NUL, up to 255 bytes.

A name is kept three ways. `recorded` is what the audit and raw tables hold: the name as given, with
bytes that are not UTF-8 replaced by U+FFFD (DuckDB stores text as UTF-8 only, and the sha256 says
which file it was); control characters are kept. `shown` is what a terminal line prints: control and
format characters (a newline, a right-to-left override) escaped, so one file is one line. `stored`
is the name of our own copy in quarantine: readable, free of control characters, and cut at a
character boundary so that with its prefix and any suffix it fits the file system's 255 bytes.
"""

from __future__ import annotations

import os
import re
import unicodedata

NAME_BYTES = 255  # the longest file name ext4, XFS, APFS and NTFS accept
SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")  # the archive keeps a suffix like this one ("." + 1–8 ASCII letters/digits)
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))  # control, format (bidi overrides), line and paragraph separators


def recorded(name: str) -> str:
    """The name as given, as text: undecodable bytes (surrogates from os.fsdecode) become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def shown(name: str) -> str:
    """One printable line: each control or format character as its escape (\\n, \\x1b, \\u202e)."""
    return "".join(_escape(char) if unicodedata.category(char) in _HIDDEN else char for char in recorded(name))


def stored(prefix: str, name: str, reserve: int = 0) -> str:
    """prefix + the readable name, its stem cut (its short extension kept) so that the whole fits
    NAME_BYTES with `reserve` bytes to spare, for a companion such as ".reasons.txt"."""
    readable = "".join("_" if unicodedata.category(char) in _HIDDEN else char for char in recorded(name))
    extension = readable[len(readable) - len(archive_suffix(name)):] if archive_suffix(name) else ""
    stem = readable[:len(readable) - len(extension)]
    budget = NAME_BYTES - reserve - len(prefix.encode()) - len(extension.encode())
    return prefix + cut(stem, budget) + extension


def cut(text: str, max_bytes: int) -> str:
    """The longest start of `text` whose UTF-8 fits max_bytes, never half a character."""
    return text.encode("utf-8")[:max(max_bytes, 0)].decode("utf-8", "ignore")


def archive_suffix(name: str) -> str:
    """The name's extension, lower-cased, when it is a short plain one (".xlsx", ".csv"); else none."""
    _, dot, extension = recorded(name).rpartition(".")
    suffix = f".{extension.lower()}" if dot else ""
    return suffix if SUFFIX.fullmatch(suffix) else ""


def _escape(char: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
