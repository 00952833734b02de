"""Options and output shared by more than one command."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diagnose.core.models import Diagnosis


def say(text: str = "") -> None:
    print(text)


def warn(text: str) -> None:
    print(f"okr-diagnose: {text}", file=sys.stderr)


_DATA_URI = re.compile(r"(data:[^,;]*;base64,)[A-Za-z0-9+/=]{40,}")


def summarise_inputs(diagnosis: Diagnosis, warnings: bool = True, shown_at_most: int = 40) -> None:
    """What was read, then the first warnings about it (settings.yaml `limits.warnings_shown`):
    one short block on stderr. A hundred thousand warnings are not worth reading; all of them
    are in the JSON."""
    warn("read:")
    for line in diagnosis.inputs_read:
        warn(f"  {line}")
    shown = diagnosis.input_warnings[:shown_at_most] if warnings else []
    for warning in shown:
        warn(f"warning: {warning}")
    if warnings and len(diagnosis.input_warnings) > len(shown):
        warn(f"warning: and {len(diagnosis.input_warnings) - len(shown):,} more (all of them are in diagnosis.json)")


def say_written(out: Path, written: dict[str, Path], renderer_warnings: list[str]) -> None:
    say(f"Written to {out}/:")
    for path in written.values():
        say(f"  {path}")
    for warning in renderer_warnings:
        # An image's data: URI can be megabytes long: the note keeps its start.
        warn("note from the PDF renderer: " + _DATA_URI.sub(r"\1…", warning))


def output_folder(text: str) -> Path:
    """--out: a folder, or a path where one can be made; refused before any work is done."""
    path = Path(text)
    try:
        in_the_way = path.exists() and not path.is_dir()
    except OSError as exc:  # a name too long for the file system, a path through a file
        raise argparse.ArgumentTypeError(f"{text[:80]}{'...' if len(text) > 80 else ''}: {exc.strerror}") from None
    if in_the_way:
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder: give a folder")
    return path


def folder_to_make(text: str) -> Path:
    """A folder `init` or `content init` writes into: named, printable, and not a file."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give the folder's name (use . for this folder)")
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise argparse.ArgumentTypeError(f"{text!r} holds a line break or another control character: "
                                         "give a name without one")
    return output_folder(text)


def at_least_one(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is too small: give 1 or more")
    return number


def content_options() -> argparse.ArgumentParser:
    """--content, for every command that reads the question bank, modules, rules or settings."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--content", type=Path, metavar="DIR",
                         help="your own question bank, modules, rules and settings (made by `okr-diagnose content "
                              "init DIR` and edited), used instead of the bundled ones item by item")
    return options


def cycle_options() -> argparse.ArgumentParser:
    """The options that go with an OKR export, shared by `review` and `report`."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--checkins", type=Path, metavar="FILE", help="check-ins CSV (or .xlsx) for the OKR export")
    options.add_argument("--previous", type=Path, metavar="FILE",
                         help="the cycle before's OKR export, to find key results carried over")
    options.add_argument("--mapping", type=Path, metavar="FILE",
                         help="YAML naming which column of the OKR export is which, for exports whose headers "
                              "are not recognised")
    options.add_argument("--kinds", type=Path, metavar="FILE",
                         help="your own outcome-or-activity verdicts, which override the tool's: CSV or .xlsx "
                              "with a kind column (outcome or activity) and a text or id column, e.g. the "
                              "report's key_results.csv with its kind column corrected")
    return options
