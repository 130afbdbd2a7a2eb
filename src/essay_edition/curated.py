"""The one loader of curated data files (YAML): every value with its exact line and column.

Every mapping read from a curated file is a :class:`LineDict` and every sequence a :class:`LineList`:
each knows where it starts and where each of its values starts (``position_of``), scalars included,
so a schema error or an entry that no longer matches its source is reported as
``file:line:col: message`` at the value itself. The loader takes YAML's safe subset and refuses
what a data file never needs and an attacker could abuse: anchors and aliases (a small file that
expands to gigabytes), nesting deeper than :data:`MAX_DEPTH`, duplicate keys (where YAML would let
the last one silently win), and files over :data:`MAX_BYTES`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import SourceError

M = TypeVar("M", bound=BaseModel)
MAX_BYTES = 2_000_000  # far above any real curated file (the ledger is the largest)
MAX_DEPTH = 12  # curated files nest four levels at most

Position = tuple[int, int]  # 1-based line and column


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from a YAML file that knows where it starts (``line``, ``column``) and where each
    of its values starts (:meth:`position_of`)."""

    line: int = 0
    column: int = 0
    positions: dict[Any, Position]

    def position_of(self, key: Any) -> Position | None:
        """Return the (line, column) where the value of ``key`` starts, or None."""
        return getattr(self, "positions", {}).get(key)


class LineList(list):  # type: ignore[type-arg]
    """A sequence from a YAML file that knows where it starts and where each item starts."""

    line: int = 0
    column: int = 0
    positions: list[Position]

    def position_of(self, index: Any) -> Position | None:
        """Return the (line, column) where item ``index`` starts, or None."""
        positions = getattr(self, "positions", [])
        return positions[index] if isinstance(index, int) and 0 <= index < len(positions) else None


# libyaml's parser when PyYAML has it (about 10x faster); the constructors stay PyYAML's safe ones.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe constructors that build LineDict/LineList with every value's position."""


def _construct_mapping(loader: _Constructor, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line, mapping.column = node.start_mark.line + 1, node.start_mark.column + 1
    mapping.positions = {}
    first_line: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool, date)) and key is not None:
            raise _Refused(key_node, "a mapping key must be a plain value")
        if key in first_line:
            raise _Refused(key_node, f"duplicate key {str(key)[:40]!r} (first on line {first_line[key]})")
        first_line[key] = key_node.start_mark.line + 1
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.positions[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    return mapping


def _construct_sequence(loader: _Constructor, node: yaml.SequenceNode) -> LineList:
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line, seq.column = node.start_mark.line + 1, node.start_mark.column + 1
    seq.positions = [(child.start_mark.line + 1, child.start_mark.column + 1) for child in node.value]
    return seq


_Constructor.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Constructor.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _Refused(Exception):
    """A YAML construct the curated files never use, at the node that uses it."""

    def __init__(self, node: yaml.Node | yaml.Event, message: str) -> None:
        super().__init__(message)
        self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1


def _check_events(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built (they cost nothing to parse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event, "anchors and aliases (&name, *name) are not allowed in curated data: write "
                                  "the value out")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def load_yaml_document(text: str, path: str) -> Any:
    """Return the YAML document in ``text`` with position-aware mappings and sequences; a syntax error,
    a refused construct or an impossible value is a SourceError with its line and column."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise SourceError(path, None, f"the file is larger than {MAX_BYTES // 1_000_000} MB: curated data never is")
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=_SafeBase)
        return None if node is None else _Constructor().construct_document(node)
    except _Refused as exc:
        raise SourceError(path, exc.line, str(exc), column=exc.column) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise SourceError(path, line, f"invalid YAML: {exc.problem or exc.context}", column=column) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, f"invalid YAML: {exc}") from None
    except (ValueError, KeyError, AttributeError, IndexError, TypeError, RecursionError, OverflowError) as exc:
        # PyYAML's constructors raise these for bad tagged or out-of-range scalars (!!int '', 2025-13-45)
        # and give no position; an impossible date is the common case, so find its line ourselves.
        line = _bad_date_line(text)
        if line is not None and isinstance(exc, ValueError):
            raise SourceError(path, line, f"invalid date: {exc}") from None
        raise SourceError(path, None, f"invalid YAML value: {type(exc).__name__}") from None


_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])")


def _bad_date_line(text: str) -> int | None:
    """Return the first line holding a date-shaped scalar that is not a real date, if any."""
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _DATE.finditer(line):
            try:
                date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return number
    return None


def line_of(node: Any, default: int | None = None) -> int | None:
    """Return the start line recorded on a loaded mapping or sequence, or ``default``."""
    return getattr(node, "line", None) or default


def position_at(node: Any, path: tuple[Any, ...]) -> Position | None:
    """Return the (line, column) of the value at ``path`` (keys and indices) inside a loaded node,
    or of the deepest container on the way that knows one."""
    where: Position | None = (node.line, node.column) if getattr(node, "line", 0) else None
    for key in path:
        finder = getattr(node, "position_of", None)
        found = finder(key) if finder else None
        if found is None:
            break
        where = found
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return where


def validate(schema: type[M], node: Any, path: str) -> M:
    """Validate one loaded mapping against a pydantic schema; the first problem becomes a SourceError
    at the line and column of the value it is about."""
    try:
        return schema.model_validate(node)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = position_at(node, tuple(first["loc"]))
        field_name = ".".join(str(k) for k in first["loc"]) or "entry"
        line, column = where if where else (line_of(node), None)
        raise SourceError(path, line, f"{field_name}: {first['msg']}", column=column) from None


def value_lines(node: Any) -> dict[tuple[Any, ...], int]:
    """Return the line of every value inside a loaded node, keyed by its path of keys and indices
    (the root is ``()``): for checks that fail on one string inside a list."""
    lines: dict[tuple[Any, ...], int] = {(): line_of(node, 1) or 1}
    stack: list[tuple[tuple[Any, ...], Any]] = [((), node)]
    while stack:
        path, here = stack.pop()
        keys = list(here) if isinstance(here, LineDict) else range(len(here)) if isinstance(here, LineList) else []
        for key in keys:
            where = here.position_of(key)
            if where is not None:
                lines[(*path, key)] = where[0]
            stack.append(((*path, key), here[key]))
    return lines
