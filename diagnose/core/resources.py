"""Where the packaged content lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def content_dir(name: str) -> Path:
    """The folder `name` (question_banks, curricula, templates, demo) wherever it is installed."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"packaged folder {name!r} is missing; reinstall okr-diagnose")
