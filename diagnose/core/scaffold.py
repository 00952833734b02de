"""Files made for the user to edit (`init`, `content init`): new ones written, theirs never touched."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from diagnose.core import atomic
from diagnose.core.errors import InputError, Problem


def copy_new(files: Mapping[Path, bytes], folder: Path) -> tuple[list[Path], list[Path]]:
    """Write each relative path of `files` under `folder`, except those already there, which are
    the user's and are kept. Returns the paths written and the paths kept."""
    written: list[Path] = []
    kept: list[Path] = []
    for relative, data in files.items():
        target = folder / relative
        if target.exists() or target.is_symlink():
            kept.append(target)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, data)
        except OSError as exc:
            raise InputError(Problem(str(target), f"cannot be written: {exc.strerror or exc}",
                                     hint="choose a folder you can write to")) from None
        written.append(target)
    return written, kept
