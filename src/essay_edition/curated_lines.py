"""Exact source lines for every value in a curated YAML file, scalars included.

:mod:`essay_edition.curated` records the start line of mappings and sequences; a check that fails
on one string inside a list (a phrase no longer found in the essay) needs that string's own line.
"""

from __future__ import annotations

import yaml

Path = tuple[str | int, ...]


def value_lines(text: str) -> dict[Path, int]:
    """Return the 1-based start line of every node, keyed by its path of keys and list indices."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}  # load_yaml_document reports the syntax error with its line
    lines: dict[Path, int] = {}
    stack: list[tuple[Path, yaml.Node]] = [((), root)] if root is not None else []
    while stack:
        path, node = stack.pop()
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            stack.extend((path + (str(k.value),), v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((path + (i,), v) for i, v in enumerate(node.value))
    return lines
