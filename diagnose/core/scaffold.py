"""Files made for the user to edit (`init`, `content init`): new ones written, theirs never touched."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from diagnose.core import atomic
from diagnose.core.errors import InputError, Problem


def copy_new(files: Mapping[Path, bytes], folder: Path) -> tuple[list[Path], list[Path]]:
    """Write each relative path of `files` under `folder`, except those already there, which are
    the user's and are kept. Returns the paths written and the paths kept. Whatever stands in
    the way (a file where a folder goes, a folder where a file goes) is found before anything
    is written, so a refusal leaves the folder as it was."""
    written: list[Path] = []
    kept: list[Path] = []
    try:
        for relative in files:
            target = folder / relative
            for parent in Path(relative).parents[:-1]:  # a/b/c.yaml: a/b and a, not the folder itself
                if (folder / parent).exists() and not (folder / parent).is_dir():
                    raise InputError(Problem(str(folder / parent), "is a file where a folder goes",
                                             hint="move it away, or choose another folder"))
            if target.is_dir():
                raise InputError(Problem(str(target), "is a folder where a file goes",
                                         hint="move it away, or choose another folder"))
        for relative, data in files.items():
            target = folder / relative
            if target.exists() or target.is_symlink():
                kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, data)
            written.append(target)
    except OSError as exc:  # a name too long, a read-only disk, a full one
        raise InputError(Problem(str(exc.filename or folder), f"cannot be written: {exc.strerror or exc}",
                                 hint="choose a folder you can write to, with a shorter name")) from None
    return written, kept
