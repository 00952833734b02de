"""The one exception root. The CLI alone turns these into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class DiagnoseError(Exception):
    """Root of every error this package raises on purpose."""

    exit_code = 1


@dataclass
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None
    row: int | None = None
    path: str | None = None
    hint: str | None = None
    warning: bool = False

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.row is not None:
            where += f": row {self.row}"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(DiagnoseError):
    """Bad input or usage: the user can fix it. Carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str, *, advice: str | None = None):
        items = [problems] if isinstance(problems, (str, Problem)) else problems
        self.problems = [p if isinstance(p, Problem) else Problem(file="", message=p) for p in items]
        self.advice = advice
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        # Files in the order they were read; within a file, top to bottom.
        order = {file: index for index, file in enumerate(dict.fromkeys(p.file for p in self.problems))}
        ranked = sorted(self.problems, key=lambda p: (order[p.file], p.line or p.row or 0))
        for problem in ranked:
            text = str(problem)
            lines.append(text[2:] if text.startswith(": ") else text)
        if self.advice:
            lines.append(self.advice)
        return "\n".join(lines)


class Interrupted(DiagnoseError):
    """The user pressed Ctrl-C; whatever they had entered is already saved."""

    exit_code = 130

    def __init__(self, message: str):
        super().__init__(message)


def refuse_if_huge(path, limit: int) -> None:
    """InputError for a file over `limit` bytes (settings.yaml `limits.file_bytes`); nothing for
    one that is not there (the reader says so, with its own words)."""
    import os

    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size > limit:
        raise InputError(Problem(str(path), f"is {size:,} bytes; files over {limit:,} are not read",
                                 hint="export only the cycle, the columns and the rows the diagnosis needs; "
                                      "to read it anyway, raise limits.file_bytes in your own content's settings.yaml"))
