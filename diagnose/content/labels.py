"""The label table of form-tool imports: which cell texts mean which choice of a question.

The bundled table (question_banks/imports/likert-labels.yaml) knows the wordings form tools and
people commonly use ("Somewhat agree", "Neutral"); a user's table with the same shape extends
or overrides it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from diagnose.content.bank import Bank, Question
from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.yamlload import LoadedYaml, read_yaml

# Typographic variants that form tools and spreadsheets substitute for what the bank wrote.
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                             "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                             "\u2212": "-"})
# Forms add "?", ":" or a required marker "*" to a question; spreadsheets add a full stop.
_TRAILING = ".?!:;,* "
_TABLE_KEYS = ("scales", "questions", "no_answer", "columns")


def clean(text: str) -> str:
    """Unicode-normalised, straight quotes and hyphens, single spaces; case kept."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).split())


def fold(text: str) -> str:
    """The form in which headers and labels are compared: cleaned, case-folded, no trailing punctuation."""
    return clean(text).casefold().rstrip(_TRAILING)


def bundled_labels_path() -> Path:
    return content_dir("question_banks") / "imports" / "likert-labels.yaml"


@dataclass
class _LabelLayer:
    scales: dict[str, dict[str, str]]     # scale name -> folded label -> choice value
    questions: dict[str, dict[str, str]]  # question id -> folded label -> choice value
    # folded column header -> question id, for forms built with other wording
    columns: dict[str, str] = field(default_factory=dict)


class LabelTable:
    """Other spellings of the bank's choice labels; layers earlier in the list win."""

    def __init__(self, bank: Bank, layers: list[_LabelLayer], no_answer: set[str]):
        self.layers = layers
        self.no_answer = no_answer
        self.scale_of = {q.id: _scale_of(q, bank) for q in bank.questions if q.choices}
        self._patterns: dict[str, re.Pattern] = {}

    def choice_value(self, question: Question, text: str) -> str | None:
        key = fold(text)
        if not key:
            return None
        for choice in question.choices:
            if key == choice.value or key == fold(choice.label):
                return choice.value
        for labels in self._groups(question):
            if key in labels:
                return labels[key]
        return None

    def column_question(self, header: str) -> str | None:
        """The question a form's column answers, when a labels file names it (`columns:`)."""
        key = fold(header)
        return next((layer.columns[key] for layer in self.layers if key in layer.columns), None)

    def means_no_answer(self, text: str) -> bool:
        return fold(text) in self.no_answer

    def split_options(self, question: Question, text: str) -> tuple[list[str], list[str]]:
        """A joined multi-select cell as choice values, and the pieces that name no option.

        Known labels are matched longest first, each ending at a separator or the end, because
        labels themselves can hold the separator ("Shared services (finance, HR, IT ...)").
        """
        pattern = self._patterns.get(question.id)
        if pattern is None:
            labels = {fold(c.label) for c in question.choices} | {c.value for c in question.choices}
            for group in self._groups(question):
                labels |= set(group)
            alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True) if label)
            pattern = re.compile(rf"({alternatives})[.?!*]*\s*(?=[,;|\n]|$)", re.IGNORECASE)
            self._patterns[question.id] = pattern
        # Some tools put each ticked option on its own line; cleaning would fold that into a space.
        text = clean(re.sub(r"[\r\n]+", ";", text))
        values: list[str] = []
        unknown: list[str] = []
        position = 0
        while position < len(text):
            if text[position] in ",;|\n " or text[position].isspace():
                position += 1
                continue
            found = pattern.match(text, position)
            if found and (value := self.choice_value(question, found.group(1))) is not None:
                values.append(value)
                position = found.end()
                continue
            end = min((i for i in (text.find(sep, position) for sep in ",;|\n") if i >= 0), default=len(text))
            unknown.append(text[position:end].strip())
            position = end
        return values, unknown

    def _groups(self, question: Question):
        scale = self.scale_of.get(question.id)
        for layer in self.layers:
            if question.id in layer.questions:
                yield layer.questions[question.id]
            if scale and scale in layer.scales:
                yield layer.scales[scale]


def load_label_table(bank: Bank, labels: Path | None = None, content_labels: Path | None = None) -> LabelTable:
    """The bundled table, extended and overridden by a content folder's table (`--content`) and
    then by the user's `labels` file, when there are such.

    The user's and the content's files are checked against the bank and every problem reported;
    the bundled table is written for the bundled bank, so entries another bank has no use for
    are passed over.
    """
    problems: list[Problem] = []
    no_answer: set[str] = set()
    layers = []
    for given in (labels, content_labels):
        if given is not None:
            layers.append(_read_layer(read_yaml(Path(given)), bank, no_answer, problems))
    bundled = bundled_labels_path()
    if not bundled.is_file():
        raise FileNotFoundError(f"packaged file {bundled} is missing; reinstall okr-diagnose")
    layers.append(_read_layer(read_yaml(bundled), bank, no_answer, None))
    if problems:
        raise InputError(problems)
    return LabelTable(bank, layers, no_answer)


def _read_layer(loaded: LoadedYaml, bank: Bank, no_answer: set[str], problems: list[Problem] | None) -> _LabelLayer:
    layer = _LabelLayer({}, {})

    def complain(message: str, loc: tuple, hint: str | None = None) -> None:
        if problems is not None:
            problems.append(Problem(loaded.file, message, line=loaded.line_of(loc),
                                    path=".".join(str(part) for part in loc) or None, hint=hint))

    data = loaded.data
    if data is None:
        return layer
    if not isinstance(data, dict):
        complain("expected a mapping with 'scales', 'questions' and/or 'no_answer'", ())
        return layer
    for key in data:
        if key not in _TABLE_KEYS:
            close = difflib.get_close_matches(str(key), _TABLE_KEYS, n=1)
            complain(f"unknown key {key!r}", (key,), f"did you mean {close[0]!r}?" if close
                     else "the keys are scales, questions, no_answer and columns")
    groups = {"scales": {name: choices for name, choices in bank.scales.items()},
              "questions": {q.id: q.choices for q in bank.questions if q.choices}}
    for kind, target in (("scales", layer.scales), ("questions", layer.questions)):
        section = data.get(kind)
        if section is None:
            continue
        if not isinstance(section, dict):
            complain(f"'{kind}' must map each {kind[:-1]} to its labels", (kind,))
            continue
        for name, entries in section.items():
            choices = groups[kind].get(str(name))
            if choices is None:
                close = difflib.get_close_matches(str(name), list(groups[kind]), n=1)
                complain(f"bank {bank.bank!r} has no {kind[:-1]} {name!r}" +
                         (" with choices" if kind == "questions" else ""), (kind, name),
                         f"did you mean {close[0]!r}?" if close else None)
                continue
            if not isinstance(entries, dict):
                complain("expected a mapping of label: choice value", (kind, name))
                continue
            values = [c.value for c in choices]
            mapped = target.setdefault(str(name), {})
            for label, value in entries.items():
                value = _yaml_word(value)[0]
                if value not in values:
                    close = difflib.get_close_matches(value, values, n=1)
                    complain(f"{value!r} is not a choice value of {name!r}", (kind, name, label),
                             f"did you mean {close[0]!r}?" if close else "choice values: " + ", ".join(values))
                    continue
                for spelling in _yaml_word(label):
                    if fold(spelling):
                        mapped[fold(spelling)] = value
    section = data.get("columns")
    if section is not None and not isinstance(section, dict):
        complain("'columns' must map each column header, as the export writes it, to a question id", ("columns",))
    for header, qid in (section or {}).items() if isinstance(section, dict) else ():
        if bank.question(str(qid)) is None:
            close = difflib.get_close_matches(str(qid), [q.id for q in bank.questions], n=1)
            complain(f"bank {bank.bank!r} has no question {qid!r}", ("columns", header),
                     f"did you mean {close[0]!r}?" if close else "`okr-diagnose bank export --format md` lists the ids")
            continue
        layer.columns[fold(str(header))] = str(qid)
    extra = data.get("no_answer", [])
    if isinstance(extra, list) and all(isinstance(item, (str, int, float)) for item in extra):
        no_answer.update(fold(word) for item in extra for word in _yaml_word(item) if fold(word))
    else:
        complain("'no_answer' must be a list of labels", ("no_answer",))
    return layer


def _yaml_word(value) -> list[str]:
    """The text a YAML key or value was written as. Unquoted Yes/No/On/Off load as booleans,
    and which spelling was used is lost, so a boolean stands for each of them."""
    if value is True:
        return ["yes", "true", "on"]
    if value is False:
        return ["no", "false", "off"]
    return [str(value)]


def _scale_of(question: Question, bank: Bank) -> str | None:
    """The bank scale a question was written with; `scale:` is expanded away when the bank loads."""
    pairs = [(c.value, c.label) for c in question.choices]
    for name, choices in bank.scales.items():
        if pairs == [(c.value, c.label) for c in choices]:
            return name
    return None
