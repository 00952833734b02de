"""Write files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class Staged:
    """A file written under a temporary name beside `path`, put in place by `commit()` or
    removed by `discard()`.

    The name is made, and kept, by the process that creates it, so that it can always clean up,
    while the writing may be left to a forked child, which inherits the open file.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd: int | None
        self.temporary: str | None
        self.fd, self.temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)

    def write(self, data: bytes) -> None:
        """The whole contents, from the start (again, if a child wrote part of them), synced to disk."""
        os.ftruncate(self.fd, 0)
        view, offset = memoryview(data), 0
        while offset < len(view):
            offset += os.pwrite(self.fd, view[offset:], offset)
        os.fsync(self.fd)

    def commit(self) -> None:
        os.close(self.fd)
        self.fd = None
        os.replace(self.temporary, self.path)
        self.temporary = None

    def discard(self) -> None:
        """Remove the temporary file, unless it was committed; harmless to call again."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except FileNotFoundError:  # removed by someone else
                pass
            self.temporary = None


def write_bytes(path: Path, data: bytes) -> None:
    staged = Staged(path)
    try:
        staged.write(data)
        staged.commit()
    except BaseException:
        staged.discard()
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
