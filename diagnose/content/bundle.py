"""One set of content, loaded together: the banks, the module library, the rules and the settings.

The bundled set ships inside the package. A consultant's own set (`okr-diagnose content init
DIR`, then `--content DIR`) is laid out as the bundled one and read over it item by item: a
bank, module or rule with the id of a bundled one replaces it, one with a new id is added,
settings.yaml replaces the bundled settings section by section, and a label table in
question_banks/imports/ is read before the bundled one. So a folder may hold only what the
consultant changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diagnose.content.bank import DEFAULT_BANK, Bank, bank_from_yaml, bundled_bank_paths, load_bank
from diagnose.content.labels import bundled_labels_path
from diagnose.content.library import Library, prerequisite_problems, read_modules
from diagnose.content.rulebook import RuleBook, check_rules, load_rules
from diagnose.content.settings import Settings, load_settings, settings_over, settings_path
from diagnose.content.wording_model import WORDING_MODEL_FILE, load_wording_model
from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.yamlload import read_yaml

# Where each item lives in a content folder, as in the package.
BANKS = Path("question_banks")
LABELS = BANKS / "imports" / "likert-labels.yaml"
MODULES = Path("curricula") / "modules"
RULES = Path("curricula") / "rules.yaml"
SETTINGS = Path("curricula") / "settings.yaml"
MODEL = Path("curricula") / WORDING_MODEL_FILE


@dataclass
class Origin:
    """Which content a diagnosis used: the bundled set, or a folder over it, and what the folder changed."""

    folder: Path | None = None
    replaced: list[str] = field(default_factory=list)  # "module okr-fundamentals", "rule no-check-ins", ...
    added: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.folder is None:
            return "the bundled question bank, modules, rules and settings"
        # The folder's name only: the report goes to a client, the consultant's paths do not.
        parts = [f"the content in {self.folder.name}/, over the bundled set"]
        if self.replaced:
            parts.append("replacing " + ", ".join(self.replaced))
        if self.added:
            parts.append("adding " + ", ".join(self.added))
        if not self.replaced and not self.added:
            parts.append("which changes nothing of it")
        return "; ".join(parts)


@dataclass
class Content:
    """The packaged (or a consultant's own) banks, modules, rules and settings."""

    banks: dict[str, Bank]
    library: Library
    rules: RuleBook
    settings: Settings
    labels: Path | None = None  # the content folder's own answer-label table, read before the bundled one
    origin: Origin = field(default_factory=Origin)

    @classmethod
    def bundled(cls) -> Content:
        return _bundled_and_module_files()[0]

    def bank(self, bank_id: str | None = None) -> Bank:
        """The bank `bank_id` (--bank), or the default bank when none is named."""
        wanted = bank_id or DEFAULT_BANK
        if wanted not in self.banks:
            raise InputError(Problem("--bank", f"no question bank {wanted!r}",
                                     hint="the banks are: " + ", ".join(sorted(self.banks))))
        return self.banks[wanted]

    @classmethod
    def load(cls, folder: Path | None) -> Content:
        """The bundled set, or `folder` read over it; every problem in the folder raised together."""
        return cls.bundled() if folder is None else _over_bundled(Path(folder))


def content_folder_problem(folder: Path) -> Problem | None:
    """Why `folder` cannot be a content folder, or None."""
    if not folder.exists():
        return Problem(str(folder), "no such folder", hint="make one with `okr-diagnose content init DIR`")
    if not folder.is_dir():
        return Problem(str(folder), "is a file, not a content folder",
                       hint="give the folder `okr-diagnose content init` made")
    if not any((folder / part).exists() for part in (BANKS, MODULES.parent)):
        return Problem(str(folder), "holds neither question_banks/ nor curricula/, so it changes nothing",
                       hint="make one with `okr-diagnose content init DIR`, or give the folder that holds them")
    return None


def _over_bundled(folder: Path) -> Content:
    refused = content_folder_problem(folder)
    if refused:
        raise InputError(refused)
    bundled, bundled_sources = _bundled_and_module_files()
    origin = Origin(folder)
    problems: list[Problem] = []

    def note(kind: str, item: str, bundled_one: object | None, own: object) -> None:
        # A copy left as it was (content init copies everything) changes nothing, so it is not listed.
        if bundled_one is None:
            origin.added.append(f"{kind} {item}")
        elif bundled_one != own:
            origin.replaced.append(f"{kind} {item}")

    banks = dict(bundled.banks)
    for path in sorted((folder / BANKS).glob("*.yaml")):
        try:
            bank = bank_from_yaml(read_yaml(path))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        note("question bank", bank.bank, banks.get(bank.bank), bank)
        banks[bank.bank] = bank

    own, sources, module_problems = read_modules(folder / MODULES) if (folder / MODULES).is_dir() else ({}, {}, [])
    problems += module_problems
    modules = dict(bundled.library.modules)
    for module_id, module in own.items():
        note("module", module_id, modules.get(module_id), module)
    modules.update(own)
    problems += prerequisite_problems(modules, {**bundled_sources, **sources})

    rules = list(bundled.rules.rules)  # they name bundled modules only, which a folder cannot take away
    if (folder / RULES).is_file():
        book, rule_problems = check_rules(read_yaml(folder / RULES), set(modules))
        problems += rule_problems
        for rule in book.rules if book else []:
            at = next((index for index, known in enumerate(rules) if known.id == rule.id), None)
            note("rule", rule.id, None if at is None else rules[at], rule)
            if at is None:
                rules.append(rule)
            else:
                rules[at] = rule

    settings = bundled.settings
    if (folder / SETTINGS).is_file():
        try:
            settings, sections = settings_over(folder / SETTINGS, settings_path())
            for section in sections:
                note("settings", section, getattr(bundled.settings, section, None), getattr(settings, section, None))
        except InputError as exc:
            problems.extend(exc.problems)
    elif (folder / MODEL).is_file():  # a model retrained on the consultant's own labels, with the bundled lists
        try:
            model = load_wording_model(folder / MODEL)
            note("the wording", "model", settings.wording_model, model)
            settings = settings.model_copy(update={"wording_model": model})
        except InputError as exc:
            problems.extend(exc.problems)
    labels = folder / LABELS if (folder / LABELS).is_file() else None
    if labels:
        note("the answer", "labels", bundled_labels_path().read_bytes(), labels.read_bytes())
    if problems:
        raise InputError(problems)
    return Content(banks=banks, library=Library(modules), rules=RuleBook(rules=rules), settings=settings,
                   labels=labels, origin=origin)


def _bundled_and_module_files() -> tuple[Content, dict[str, Path]]:
    """The bundled content, and the file each bundled module came from (for the problems of a
    folder's module that needs one of them)."""
    banks = {bank.bank: bank for bank in (load_bank(p) for p in bundled_bank_paths())}
    modules, sources, problems = read_modules()
    if problems:
        raise InputError(problems)
    content = Content(banks=banks, library=Library(modules), rules=load_rules(module_ids=set(modules)),
                      settings=load_settings())
    return content, sources


def content_files() -> dict[Path, bytes]:
    """The bundled content as a content folder holds it: relative path to the file's bytes."""
    files: dict[Path, bytes] = {}
    for part, patterns in ((BANKS, ("*.yaml", "imports/*.yaml")),
                           (MODULES.parent, ("modules/*.yaml", RULES.name, SETTINGS.name, WORDING_MODEL_FILE))):
        root = content_dir(part.name)
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                files[part / path.relative_to(root)] = path.read_bytes()
    return files
