"""Write files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from diagnose.core import stops


def write_bytes(path: Path, data: bytes) -> None:
    """`data` as the whole of `path`, which a reader sees either as it was or as it is now.

    The temporary file is created with mode 0666 so that the user's umask decides who may read
    the result, as it does for any file a program writes (0644 under the usual umask 022).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        stops.raise_if_requested()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
