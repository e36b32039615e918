"""Writing a user's files atomically, with the permissions the user's umask gives.

A file is written under a temporary name in its folder and renamed into place, so a reader never
sees half of it and an interrupted write leaves the old file as it was. `tempfile.mkstemp`
creates files 0600, which would hide a shared report from the rest of a group; the file gets
`0666 & ~umask` instead, as `open()` would give it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is put back)."""
    old = os.umask(0)
    os.umask(old)
    return old


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` to write the file at a temporary path beside `path`, then rename it
    into place; returns `path`. The temporary file is removed if writing fails."""
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) atomically to `path`."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
