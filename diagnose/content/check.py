"""`okr-diagnose check`: validate banks, modules, rules and settings, every problem at once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from diagnose.content.bank import DEFAULT_BANK, Bank, bank_from_yaml, bundled_bank_paths, load_bundled_bank
from diagnose.content.labels import bundled_labels_path, fold, load_label_table
from diagnose.content.library import Module, module_paths, prerequisite_problems
from diagnose.content.rulebook import check_rules, rules_path
from diagnose.content.settings import Settings, load_settings, settings_over, settings_path
from diagnose.content.wording_model import WORDING_MODEL_FILE, language_fingerprint, load_wording_model
from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.vocabulary import AREAS
from diagnose.core.yamlload import LoadedYaml, read_yaml, validate

MIN_QUESTIONS_PER_AREA = 3


@dataclass
class FileResult:
    path: Path
    kind: str
    summary: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _kind(loaded: LoadedYaml) -> str | None:
    data = loaded.data
    if not isinstance(data, dict):
        return None
    if "bank" in data and "questions" in data:
        return "bank"
    if set(data) and set(data) <= {"scales", "questions", "no_answer"}:
        return "labels"
    if "rules" in data:
        return "rules"
    if "key_result_language" in data or "measurement" in data or set(data) <= set(Settings.model_fields):
        return "settings"
    if "agenda" in data or "outcomes" in data:
        return "module"
    return None


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.y*ml"))
            # A wording model is checked with the settings beside it, or alone when there are none.
            found += [model for model in path.rglob(WORDING_MODEL_FILE)
                      if not (model.parent / "settings.yaml").exists()]
            files.extend(found or [path])  # a folder with nothing to check is listed itself, so that it fails
        else:
            files.append(path)
    return files


def check_paths(paths: list[Path]) -> list[FileResult]:
    files = _expand(paths) if paths else (bundled_bank_paths() + [bundled_labels_path()] + module_paths()
                                          + [rules_path(), settings_path()])
    results: list[FileResult] = []
    loaded_files: dict[Path, LoadedYaml] = {}
    for path in files:
        if path.name == WORDING_MODEL_FILE:
            results.append(_lone_wording_model(path))
            continue
        if path.is_dir():
            results.append(FileResult(path, "folder", errors=[Problem(
                str(path), "holds no question bank, module, rules or settings file to check",
                hint="give the folder `okr-diagnose content init` made, or the files themselves")]))
            continue
        try:
            loaded = read_yaml(path)
        except InputError as exc:
            results.append(FileResult(path, "yaml", errors=exc.problems))
            continue
        kind = _kind(loaded)
        if kind is None:
            results.append(FileResult(path, "unknown", errors=[Problem(
                str(path), "not a question bank, label table, module, rules or settings file", line=1,
                hint="a bank has 'bank' and 'questions'; a module 'id' and 'agenda'; rules a 'rules' list")]))
            continue
        loaded_files[path] = loaded
        results.append(FileResult(path, kind))
    modules = _check_modules(results, loaded_files)
    for result in results:
        if result.errors or result.path not in loaded_files:
            continue
        loaded = loaded_files[result.path]
        try:
            if result.kind == "bank":
                _check_bank(result, bank_from_yaml(loaded))
            elif result.kind == "rules":
                book, problems = check_rules(loaded, set(modules))
                result.errors += problems
                result.summary = f"{len(book.rules)} rules" if book else ""
            elif result.kind == "labels":
                load_label_table(_default_bank(results, loaded_files), result.path)
                result.summary = "answer labels for form-tool exports"
            elif result.kind == "settings":
                # A consultant's settings may hold only the sections they change: the rest are the bundled ones.
                settings, sections = settings_over(result.path, settings_path())
                what = "thresholds and wording" if len(sections) > 2 else "its " + " and ".join(sections) + " settings"
                model = result.path.parent / WORDING_MODEL_FILE
                result.summary = what + _check_wording_model(result, settings, model)
        except InputError as exc:
            result.errors += exc.problems
    return results


def _default_bank(results: list[FileResult], loaded_files: dict[Path, LoadedYaml]) -> Bank:
    """The bank a label table is checked against: the default bank among the files checked, else the bundled one."""
    for result in results:
        if result.kind == "bank" and not result.errors:
            loaded = loaded_files[result.path]
            if isinstance(loaded.data, dict) and loaded.data.get("bank") == DEFAULT_BANK:
                return bank_from_yaml(loaded)
    return load_bundled_bank()


def _check_modules(results: list[FileResult], loaded_files: dict[Path, LoadedYaml]) -> dict[str, Module]:
    """Validate module files; rules are checked against these plus the bundled library. A file
    with a bundled module's id replaces that module, as a content folder's does (`--content`);
    only two of the files checked with one id clash."""
    modules: dict[str, Module] = {}
    sources: dict[str, Path] = {}
    given = {r.path for r in results if r.kind == "module"}
    for path in module_paths():
        if path.resolve() not in {p.resolve() for p in given}:
            try:
                module = validate(read_yaml(path), Module)
                modules[module.id], sources[module.id] = module, path
            except InputError:
                pass  # reported when the bundled library itself is checked
    for result in results:
        if result.kind != "module":
            continue
        try:
            module = validate(loaded_files[result.path], Module)
        except InputError as exc:
            result.errors += exc.problems
            continue
        if module.id != result.path.stem:
            result.warnings.append(Problem(str(result.path), f"module id {module.id!r} differs from the file name",
                                           line=1, hint=f"rename the file to {module.id}.yaml", warning=True))
        if module.id in modules and sources[module.id].resolve() != result.path.resolve() \
                and sources[module.id].resolve() in {p.resolve() for p in given}:
            result.errors.append(Problem(str(result.path), f"module id {module.id!r} is also used by "
                                         f"{sources[module.id]}", line=1, hint="give each module its own id"))
        modules[module.id], sources[module.id] = module, result.path
        result.summary = f"{module.duration_minutes} min, {len(module.agenda)} agenda items"
    for problem in prerequisite_problems(modules, sources):
        for result in results:
            if str(result.path) == problem.file:
                result.errors.append(problem)
    return modules


def _lone_wording_model(path: Path) -> FileResult:
    """A wording model with no settings beside it: it is read with the bundled word lists."""
    result = FileResult(path, "model")
    try:
        result.summary = "the bundled word lists" + _check_wording_model(result, load_settings(), path)
    except InputError as exc:
        result.errors += exc.problems
    return result


def _check_wording_model(result: FileResult, settings: Settings, path: Path) -> str:
    """The learned wording model at `path`, if there is one: readable, and trained against
    these word lists."""
    if not path.is_file():
        return "; outcome or activity judged by the word rules alone"
    model = load_wording_model(path)
    if model.language_fingerprint != language_fingerprint(settings.key_result_language):
        result.warnings.append(Problem(
            str(path), "the word lists in key_result_language changed after this wording model was trained",
            hint="retrain it with python tools/train_wording_model.py, or delete it to judge outcome or "
                 "activity by the word rules alone", warning=True))
    return f"; outcome or activity judged by a learned model of {len(model.weights)} weights"


def _check_bank(result: FileResult, bank: Bank) -> None:
    counts = Counter(q.area for q in bank.questions if q.scored)
    for area in AREAS:
        if counts[area] < MIN_QUESTIONS_PER_AREA:
            result.warnings.append(Problem(str(result.path), f"only {counts[area]} scored questions for {area}",
                                           hint=f"{MIN_QUESTIONS_PER_AREA} or more make the area score reliable",
                                           warning=True))
    # Compared as the form importer compares column headers, so no two questions can claim one column.
    texts = Counter(fold(q.text) for q in bank.questions)
    for question in bank.questions:
        if texts[fold(question.text)] > 1:
            result.errors.append(Problem(str(result.path), f"question {question.id!r} has the same text as another",
                                         hint="form exports are matched by question text, so texts must differ"))
    result.summary = f"{len(bank.questions)} questions"


def format_results(results: list[FileResult], strict: bool = False) -> str:
    lines = []
    base = content_dir("curricula").parent
    for result in results:
        failed = bool(result.errors) or (strict and bool(result.warnings))
        name = _display(result.path, base)
        lines.append(f"{'FAILED' if failed else 'PASSED'}  {name}" + (f"  ({result.summary})" if result.summary else ""))
        for problem in result.errors:
            lines.append(f"  error: {_relative(problem, base)}")
        for problem in result.warnings:
            lines.append(f"  warning: {_relative(problem, base)}")
    failures = sum(1 for r in results if r.errors or (strict and r.warnings))
    lines.append(f"{len(results) - failures} passed, {failures} failed")
    return "\n".join(lines)


def _display(path: Path, base: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _relative(problem: Problem, base: Path) -> str:
    return str(problem).replace(problem.file, _display(Path(problem.file), base), 1)
