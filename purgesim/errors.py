"""Errors that are the user's to fix, not bugs: the command line shows their message as it is,
one line per problem, on stderr, with exit code 2 and no traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path


class InputError(Exception):
    """Bad input (a file, an option, a path): the message names the field, the value and the
    reason, and says what to do."""


def writable_file(path: Path, option: str) -> None:
    """Raise InputError unless a file can be written at `path` (its folder is created).

    Checked before a long computation, so an unwritable output fails at once, not after it."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name")
    blocker = next((a for a in path.parents if a.exists() and not a.is_dir()), None)
    if blocker is not None:
        raise InputError(f"{option} {path}: {blocker} is a file, not a folder; "
                         "choose another path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".purgesim-check-"):
            pass
    except OSError as err:
        raise InputError(f"{option} {path}: cannot write there ({err.strerror or err}); "
                         "choose another path") from None
