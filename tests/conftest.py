from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from diagnose.cli import main
from diagnose.content.bundle import Content
from diagnose.core.resources import content_dir
from diagnose.report.pdf import is_environment_notice


@pytest.fixture(scope="session")
def content() -> Content:
    return Content.bundled()


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A private copy of the bundled demo organisation that a test may change."""
    target = tmp_path / "demo"
    shutil.copytree(content_dir("demo"), target)
    return target


@pytest.fixture
def cli(capsys):
    """Run the real CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


class WeasyprintLogs(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def no_weasyprint_logs():
    """Fail the test on any log line from WeasyPrint: CSS and fetch problems are only logged."""
    handler = WeasyprintLogs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    lines = [f"{r.levelname}: {r.getMessage()}" for r in handler.records
             if r.levelno >= logging.INFO and not is_environment_notice(r.getMessage())]
    assert not lines, "WeasyPrint logged:\n" + "\n".join(lines)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_cut_csv(path: Path, header: list[str], rows: list[list[str]], cut: int) -> Path:
    """Fuzzed cells joined as CSV (quotes and line breaks left raw), cut short anywhere as a broken
    download would be (`cut` 0 keeps it whole)."""
    text = "\n".join([",".join(header)] + [",".join(row) for row in rows])
    return write(path, text[: cut or None])


def read_or_clean_error(read, path: Path):
    """What fuzzed importer tests ask of any file: what `read` makes of it, or an input error that
    names the file (then None)."""
    from diagnose.core.errors import InputError

    try:
        return read(path)
    except InputError as exc:
        assert str(path) in exc.render()
        return None


def read_cycle_or_clean_error(path: Path):
    from diagnose.cycle.okrs import read_cycle

    return read_or_clean_error(read_cycle, path)


class DemoRun(NamedTuple):
    code: int
    stdout: str
    out: Path
    records: list  # every WeasyPrint log record


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    """`okr-diagnose demo`, once for the whole test run, with every WeasyPrint log line kept."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("demo") / "out"
    records: list = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            code = main(["demo", "--out", str(out)])
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return DemoRun(code, stdout.getvalue(), out, records)


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL WeasyPrint asks the report's own fetcher for, while the test runs."""
    from diagnose.report import pdf as render

    urls: list[str] = []
    make_fetcher = render._safe_fetcher

    def spying_fetcher():
        fetcher = make_fetcher()
        fetch = fetcher.fetch
        fetcher.fetch = lambda url, headers=None: urls.append(url) or fetch(url, headers)
        return fetcher

    monkeypatch.setattr(render, "_safe_fetcher", spying_fetcher)
    return urls
