"""Front matter for generated pages, written by a YAML emitter, never by string concatenation."""

from __future__ import annotations

import yaml

from .text import html_text

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(fields: dict[str, object]) -> str:
    """Return a YAML front matter block for a page; ``title`` and ``description`` are HTML-escaped.

    MkDocs' and Material's templates print these values without escaping (their Jinja environment
    has no autoescape), so they are escaped here, once, for every page.
    """
    safe = {k: html_text(v) if k in ("title", "description") and isinstance(v, str) else v
            for k, v in fields.items()}
    return "---\n" + yaml_text(safe) + "---\n\n"


def yaml_text(data: dict[str, object]) -> str:
    """Return ``data`` as block YAML, keys sorted, lines unwrapped (for front matter).

    Written by libyaml's emitter when PyYAML has it; either emitter's text reads back to the same values.
    """
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)


def with_meta(page: str, fields: dict[str, object]) -> str:
    """Return ``page`` with ``fields`` merged into its front matter (added when it has none)."""
    if not page.startswith("---\n"):
        return front_matter(fields) + page
    head, _, body = page[4:].partition("\n---\n")
    meta = yaml.load(head, Loader=_LOADER) or {}
    meta.update(fields)
    return "---\n" + yaml_text(meta) + "---\n" + body
