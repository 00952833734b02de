"""The pipeline's stages import only the stages before them, so data flows forward only.

Read from the source (every import, including those inside functions), not from what happens
to be loaded: a later change that makes a stage reach back into a later one fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "diagnose"

# In pipeline order. A stage may import any stage listed before it, never one after it.
STAGES = ["core", "content", "people", "cycle", "review", "scoring", "rules", "plan", "progress",
          "report", "pipeline", "commands", "cli"]
# Stages side by side, which must not import each other either: people and the last cycle are
# read independently, and writers take a finished Diagnosis, never the function that makes one.
SIDE_BY_SIDE = [{"people", "cycle"}, {"report", "pipeline"}]
MAX_LINES = 420


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "diagnose":
        return None
    if len(parts) == 1:
        return "cli"  # diagnose/__init__ and __main__ sit above every stage
    return parts[1] if parts[1] in STAGES else "cli"


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "diagnose":  # `from diagnose import x`: x is the module imported
                found += [(node.lineno, f"diagnose.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = sorted(PACKAGE.rglob("*.py"))


def backward_imports(path: Path, package: Path = PACKAGE) -> list[str]:
    own = stage_of(module_name(path, package))
    wrong = []
    for line, imported in imports_of(path):
        theirs = stage_of(imported)
        if theirs is None or theirs == own or own == "cli":
            continue
        later = STAGES.index(theirs) > STAGES.index(own)
        beside = {own, theirs} in SIDE_BY_SIDE
        if later or beside:
            wrong.append(f"{path.relative_to(package.parent)}:{line}: {own} imports {imported} ({theirs})")
    return wrong


def test_every_module_belongs_to_a_stage():
    for path in SOURCES:
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) > 1:
            assert relative.parts[0] in STAGES, f"{relative}: a folder that is not a stage of the pipeline"
        else:
            assert relative.stem in ("__init__", "__main__", "cli", "pipeline"), \
                f"{relative}: put it in the stage it belongs to"


def test_no_stage_imports_a_later_one():
    wrong = [problem for path in SOURCES for problem in backward_imports(path)]
    assert not wrong, "data must flow forward:\n" + "\n".join(wrong)


@pytest.mark.parametrize("source, imported", [
    ("diagnose/cycle/okrs.py", "from diagnose.review.wording import KeyResultLanguage"),
    ("diagnose/report/render.py", "from diagnose.pipeline import diagnose"),
    ("diagnose/people/answers.py", "from diagnose.cycle.okrs import read_cycle"),
    ("diagnose/core/models.py", "import diagnose.plan.programme"),
    ("diagnose/review/reviewer.py", "from diagnose import commands"),
])
def test_the_contract_catches_a_backward_import(tmp_path, source, imported):
    copy = tmp_path / "diagnose" / Path(source).relative_to("diagnose")
    copy.parent.mkdir(parents=True)
    copy.write_text((PACKAGE.parent / source).read_text() + f"\n\ndef _later():\n    {imported}\n")
    assert backward_imports(copy, tmp_path / "diagnose"), f"{imported} in {source} was not caught"


def test_modules_stay_small_enough_to_read():
    long = [f"{p.relative_to(PACKAGE.parent)}: {n} lines" for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"split these by what they do (at most {MAX_LINES} lines):\n" + "\n".join(long)


def test_no_process_machinery_is_left():
    # One straight process: forks, shared memory and early exits made the code hard to follow
    # for a few per cent of the wall clock.
    banned = ("os.fork", "memfd_create", "gc.freeze", "os._exit", "multiprocessing", "mmap")
    found = [f"{p.relative_to(PACKAGE.parent)}: {word}" for p in SOURCES for word in banned
             if word in p.read_text(encoding="utf-8")]
    assert not found, "\n".join(found)


def test_every_stage_ships_in_the_wheel():
    # The package list in pyproject.toml is explicit (the content folders map into the package):
    # a stage folder left out of it works in a checkout and is missing once installed.
    import re

    text = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^packages = \[(.*?)\]", text, re.S | re.M)
    assert block, "pyproject.toml has no [tool.setuptools] packages list"
    listed = set(re.findall(r'"([\w.]+)"', block.group(1)))
    stages = {f"diagnose.{folder.name}" for folder in PACKAGE.iterdir() if (folder / "__init__.py").is_file()}
    assert stages <= listed, f"add to [tool.setuptools] packages: {sorted(stages - listed)}"
