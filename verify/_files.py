"""Writing a whole file without ever leaving half of one, or touching a file beside it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_whole"]


def write_whole(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` whole: to a fresh temporary file in the same folder (a name no
    other file has, so no file beside ``path`` is ever replaced), then renamed over ``path``; a
    Ctrl-C or a kill during the write leaves the previous ``path`` as it was.  A ``path`` that
    exists and is not a regular file (a device, a pipe) is written directly, never replaced.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_whole(d / "t.md", "# x\\n"); (d / "t.md").read_text(), sorted(p.name for p in d.iterdir())
    ('# x\\n', ['t.md'])
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        with open(path, "wb") as fh:
            fh.write(raw)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
