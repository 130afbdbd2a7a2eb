"""Loading curated data files (YAML) with line numbers, validated by pydantic schemas.

Every mapping read from a curated file remembers the line it starts on, so a schema error or an
entry that no longer matches its raw source can be reported as ``file:line: message``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import SourceError

M = TypeVar("M", bound=BaseModel)


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from a YAML file that knows its 1-based start line (``.line``)."""

    line: int = 0


class LineList(list):  # type: ignore[type-arg]
    """A sequence from a YAML file that knows its 1-based start line (``.line``)."""

    line: int = 0


# libyaml's parser when PyYAML has it (about 10x faster); the constructors stay PyYAML's safe ones.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """A safe loader that records where each mapping and sequence starts (PyYAML keeps marks on nodes)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:  # type: ignore[override]
        seq = LineList(super().construct_sequence(node, deep=True))
        seq.line = node.start_mark.line + 1
        return seq


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence)


def load_yaml_document(text: str, path: str) -> Any:
    """Return the YAML document in ``text`` with line-aware mappings; a syntax error is a SourceError."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise SourceError(path, line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, f"invalid YAML: {exc}") from None
    except (ValueError, KeyError, AttributeError, IndexError, TypeError, RecursionError) as exc:
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


def validate(schema: type[M], node: Any, path: str) -> M:
    """Validate one loaded mapping against a pydantic schema; the first problem becomes a SourceError."""
    try:
        return schema.model_validate(node)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = node
        for key in first["loc"]:
            try:
                inner = where[key]
            except (KeyError, IndexError, TypeError):
                break
            if line_of(inner):
                where = inner
        field_name = ".".join(str(k) for k in first["loc"]) or "entry"
        raise SourceError(path, line_of(where, line_of(node)), f"{field_name}: {first['msg']}") from None
