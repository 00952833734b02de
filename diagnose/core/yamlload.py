"""Load YAML keeping line numbers, and validate it into pydantic models with located errors.

Every error names file:line and the key path (list items by their id where they have one),
says what is wrong, and suggests the near miss for a typo'd key or value.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from diagnose.core.errors import InputError, Problem, refuse_if_huge
from diagnose.core.limits import DEFAULT_LIMITS, Limits

M = TypeVar("M", bound=BaseModel)
LinePath = tuple[Any, ...]


class _LinedDict(dict):
    line: int = 0
    key_lines: dict[Any, int]


class _LinedList(list):
    line: int = 0
    item_lines: list[int]


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader that remembers where each mapping, key and list item started (libyaml's parser
    where PyYAML has it: several times faster on the bundled content)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LinedDict:
    loader.flatten_mapping(node)
    result = _LinedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LinedList:
    result = _LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


# YAML 1.1 reads yes/no/on/off as booleans, so a choice `value: no` would stop being text.
# Consultants write these files by hand: only true and false are booleans here.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))
def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """A date as YAML reads it, or, for one that does not exist (2027-02-30), its text, so that
    validation says which line holds an impossible date instead of the loader crashing."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class LoadedYaml:
    """Parsed YAML plus a way back from a key path to the line it came from."""

    def __init__(self, file: str, data: Any):
        self.file = file
        self.data = data

    def line_of(self, loc: LinePath) -> int | None:
        """The line of the deepest part of `loc` that exists in the file."""
        node, line = self.data, getattr(self.data, "line", None) or None
        for part in loc:
            if isinstance(node, _LinedDict) and part in node:
                line = node.key_lines.get(part, line)
                node = node[part]
            elif isinstance(node, _LinedList) and isinstance(part, int) and 0 <= part < len(node):
                line = node.item_lines[part]
                node = node[part]
            else:
                break
        return line

    def path_text(self, loc: LinePath) -> str:
        """`questions[align_1].choices[0].score`: list items named by id where they have one."""
        text, node = "", self.data
        for part in loc:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                ident = item.get("id") if isinstance(item, dict) else None
                text += f"[{ident}]" if isinstance(ident, str) else f"[{part}]"
                node = item
            else:
                text += f".{part}" if text else str(part)
                node = node.get(part) if isinstance(node, dict) else None
        return text


def _refuse_alias_bombs(text: str, file: str, limit: int) -> None:
    """Count every value as the aliases would expand it, from the parser's events, before any
    object is built; stop at the first alias that takes the count past `limit`
    (`limits.yaml_values`): a few hundred bytes of nested aliases can otherwise stand for
    billions of values (a "billion laughs" file)."""
    if "&" not in text or "*" not in text:
        return
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # per open collection: its anchor, its expanded size so far
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 1])
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = stack.pop()
                stack[-1][1] += size
                if anchor:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                stack[-1][1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                stack[-1][1] += sizes.get(event.anchor or "", 1)
                if sum(frame[1] for frame in stack) > limit:
                    mark = event.start_mark
                    raise InputError(Problem(file, f"its aliases (*{event.anchor}) stand for more than "
                                                   f"{limit:,} values", line=mark.line + 1 if mark else None,
                                             hint="write the values out; a file that would expand without "
                                                  "bound is refused"))
    except yaml.YAMLError:
        return  # parse_yaml reports it, with its line


def parse_json(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> LoadedYaml:
    """JSON read by `json` (Python's own output, emoji escapes included), with line numbers
    from the YAML reader where it can read the same text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(file, f"not valid JSON: {exc.msg}", line=exc.lineno)) from None
    except RecursionError:
        raise InputError(Problem(file, "is nested too deep to be an OKR export",
                                 hint="objectives hold key results, which hold check-ins: three levels")) from None
    try:
        lined = parse_yaml(text, file, limits)
    except InputError:
        return LoadedYaml(file, data)
    return lined if lined.data == data else LoadedYaml(file, data)


def parse_yaml(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> LoadedYaml:
    _refuse_alias_bombs(text, file, limits.yaml_values)
    loader = None
    try:
        loader = _LineLoader(text)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "not valid YAML"
        raise InputError(
            Problem(file, f"not valid YAML: {what}", line=line,
                    hint="check the indentation and quoting on this line and the one before")
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        # libyaml reports the character as its code, PyYAML's own reader as the character.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(Problem(file, f"contains a character YAML does not allow (U+{code:04X})", line=line,
                                 hint="save the file as plain UTF-8 text")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(file, f"not valid YAML: {exc}")) from None
    finally:
        if loader is not None:
            loader.dispose()
    loaded = LoadedYaml(file, data)
    for key, line in loader.duplicate_keys:
        raise InputError(Problem(file, f"the key {key!r} appears twice in the same mapping", line=line,
                                 hint="keep one of them"))
    return loaded


def read_yaml(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadedYaml:
    refuse_if_huge(path, limits.file_bytes)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found", hint="check the path")) from None
    except UnicodeDecodeError:
        raise InputError(Problem(str(path), "not a UTF-8 text file", hint="save it as UTF-8")) from None
    except IsADirectoryError:
        raise InputError(Problem(str(path), "is a folder, not a file")) from None
    return parse_yaml(text, str(path))


def validation_problems(loaded: LoadedYaml, model: type[BaseModel], exc: ValidationError,
                        prefix: LinePath = ()) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(part for part in error["loc"] if not _is_union_tag(part))
        problems.append(Problem(
            file=loaded.file,
            line=loaded.line_of(loc),
            path=loaded.path_text(loc) or None,
            message=_describe(error),
            hint=_suggest(model, error, loc[len(prefix):]),
        ))
    return problems


def validate(loaded: LoadedYaml, model: type[M], context: dict | None = None) -> M:
    try:
        return model.model_validate(loaded.data, context=context)
    except ValidationError as exc:
        raise InputError(validation_problems(loaded, model, exc)) from None


def load_model(path: Path, model: type[M], context: dict | None = None) -> M:
    return validate(read_yaml(path), model, context)


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the member type's name ("Leaf", "function-after[...]") into union locations.
    return isinstance(part, str) and (part[:1].isupper() or "[" in part)


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    value = error.get("input")
    if kind in {"literal_error", "enum"} and isinstance(value, (str, int, float)):
        return f"{value!r} is not allowed: {message[0].lower()}{message[1:]}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:  # pydantic names its own classes here
        return f"should be a mapping of keys and values (key: value lines), not {_shape(value)}"
    if (kind == "date_from_datetime_parsing" and "outside expected range" in message) or \
            (kind == "date_parsing" and "day value is outside" in message):
        return f"{value!r} is no day of the calendar: that month has fewer days"
    return message


def _shape(value: Any) -> str:
    if value is None:
        return "nothing (the file or the key is empty)"
    for kind, shape in ((bool, "yes or no"), (list, "a list"), (str, "a piece of text"), ((int, float), "a number")):
        if isinstance(value, kind):  # the reader's own list and dict types are lists and dicts too
            return shape
    return "something else"


def _suggest(model: type[BaseModel], error: ErrorDetails, loc: LinePath) -> str | None:
    kind = error["type"]
    if kind == "extra_forbidden" and loc:
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), sorted(allowed), n=1, cutoff=0.6)
        if close:
            return f"did you mean {close[0]!r}?"
        if allowed:
            return "allowed keys: " + ", ".join(sorted(allowed))
        return "remove it"
    if kind in {"literal_error", "enum"}:
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(error.get("input")), expected, n=1, cutoff=0.6)
        if close:
            return f"did you mean {close[0]!r}?"
    return None


def _fields_at(model: Any, loc: LinePath) -> set[str]:
    """Field names of the model found by following `loc` through the type annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return set()
    models = [m for m in _members(current) if isinstance(m, type) and issubclass(m, BaseModel)]
    return {name for m in models for name in m.model_fields}


def _unwrap(annotation: Any, part: Any) -> Any:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            if isinstance(part, str) and part in member.model_fields:
                return member.model_fields[part].annotation
            continue
        origin = typing.get_origin(member)
        args = typing.get_args(member)
        if origin in (list, tuple, set) and isinstance(part, int) and args:
            return args[0]
        if origin is dict and len(args) == 2:
            return args[1]
    return None


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]
