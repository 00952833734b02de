"""The module library (curricula/modules/*.yaml): what each training module is and how it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from diagnose.content.placeholders import check_placeholders
from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.spec import Strict
from diagnose.core.vocabulary import MATURITIES, TEAM_TYPES, Area, Audience, Maturity, ModuleKind, TeamType, Track
from diagnose.core.yamlload import load_model

ModuleFormat = Literal["workshop", "clinic", "briefing", "coaching", "programme", "review"]
# Which part of this organisation's last cycle a module uses as live workshop material.
LiveMaterial = Literal["weak_key_results", "orphan_objectives", "stale_key_results", "quiz"]


class AgendaItem(Strict):
    minutes: int = Field(gt=0, le=480)
    title: str
    detail: str = ""


class Exercise(Strict):
    name: str
    purpose: str
    steps: list[str] = Field(default_factory=list)
    checklist: list[str] = Field(default_factory=list)


class Module(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9\-]*$")
    # A title is shown in session names, the timeline and the summary's two pages: a short name.
    title: str = Field(min_length=1, max_length=80)
    kind: ModuleKind
    summary: str
    audience: list[Audience] = Field(min_length=1)
    team_types: list[TeamType] = Field(default_factory=lambda: list(TEAM_TYPES))
    maturity: list[Maturity] = Field(default_factory=lambda: list(MATURITIES))
    areas: list[Area] = Field(default_factory=list)
    duration_minutes: int = Field(gt=0, le=960)
    format: ModuleFormat
    prerequisites: list[str] = Field(default_factory=list)
    outcomes: list[str] = Field(min_length=1)
    agenda: list[AgendaItem] = Field(min_length=1)
    exercises: list[Exercise] = Field(default_factory=list)
    prework: list[str] = Field(default_factory=list)
    facilitator_notes: list[str] = Field(default_factory=list)
    assignment: str
    peer_element: str
    live_material: list[LiveMaterial] = Field(default_factory=list)
    # core: everyone takes it first, whatever was found; follow_up: embeds any training in the
    # first month and the quarterly reset; champions: joins when needs span several areas.
    track: Track | None = None
    # Modules with the same need answer it equally well: a programme takes one of them.
    need: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9\-]*$")

    @model_validator(mode="after")
    def _agenda_fits(self):
        total = sum(item.minutes for item in self.agenda)
        if total != self.duration_minutes:
            raise ValueError(
                f"agenda adds up to {total} minutes but duration_minutes is {self.duration_minutes}")
        check_placeholders(self)
        return self


class Library:
    """Every module, by id."""

    def __init__(self, modules: dict[str, Module]):
        self.modules = modules

    def __contains__(self, module_id: str) -> bool:
        return module_id in self.modules

    def __getitem__(self, module_id: str) -> Module:
        return self.modules[module_id]

    def on_track(self, track: str) -> list[str]:
        """The ids of the modules on a track (core, follow_up, champions), in library order."""
        return [module.id for module in self.modules.values() if module.track == track]


def module_paths(folder: Path | None = None) -> list[Path]:
    folder = folder or content_dir("curricula") / "modules"
    return sorted(folder.glob("*.yaml"))


def load_library(folder: Path | None = None) -> Library:
    """Load every module, collecting all problems before raising."""
    modules, sources, problems = read_modules(folder)
    problems.extend(prerequisite_problems(modules, sources))
    if problems:
        raise InputError(problems)
    return Library(modules)


def read_modules(folder: Path | None = None) -> tuple[dict[str, Module], dict[str, Path], list[Problem]]:
    """The modules of one folder by id, the file each came from, and the problems of the rest
    (an id used twice in the folder among them); prerequisites are left to the caller, which
    may add modules from elsewhere."""
    modules: dict[str, Module] = {}
    sources: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in module_paths(folder):
        try:
            module = load_model(path, Module)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if module.id in modules:
            problems.append(Problem(str(path), f"module id {module.id!r} is also used by {sources[module.id]}",
                                    line=1, hint="give each module its own id"))
            continue
        modules[module.id] = module
        sources[module.id] = path
    return modules, sources, problems


def prerequisite_problems(modules: dict[str, Module], sources: dict[str, Path]) -> list[Problem]:
    problems = []
    for module in modules.values():
        for needed in module.prerequisites:
            if needed not in modules:
                problems.append(Problem(str(sources[module.id]), f"prerequisite {needed!r} is not a module",
                                        path="prerequisites", hint="use the id of a module in curricula/modules"))
    cycle = _find_cycle(modules)
    if cycle:
        problems.append(Problem(str(sources[cycle[0]]), "prerequisites form a cycle: " + " -> ".join(cycle),
                                path="prerequisites", hint="remove one of these prerequisites"))
    return problems


def _find_cycle(modules: dict[str, Module]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(mid: str) -> list[str] | None:
        state[mid] = 1
        stack.append(mid)
        for needed in modules[mid].prerequisites:
            if needed not in modules:
                continue
            if state.get(needed) == 1:
                return stack[stack.index(needed):] + [needed]
            if needed not in state:
                found = visit(needed)
                if found:
                    return found
        stack.pop()
        state[mid] = 2
        return None

    for mid in modules:
        if mid not in state:
            found = visit(mid)
            if found:
                return found
    return None
