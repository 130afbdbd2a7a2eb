"""Front matter for generated pages, written by a YAML emitter, never by string concatenation."""

from __future__ import annotations

import yaml

from .text import html_text

NOT_IN_SEARCH: dict[str, object] = {"search": {"exclude": True}}
"""The front matter field that keeps a page out of the site search: ``overrides/main.html`` marks such a
page, and :func:`essay_edition.render.search.split_page` leaves it out of the index."""

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


def meta_of(page: str) -> dict[str, object]:
    """Return the fields of a generated page's front matter ({} when it has none).

    Read by libyaml's parser when PyYAML has it: many times faster than the pure-Python one, which on a
    site of many essays was a large part of building each essay."""
    if not page.startswith("---\n"):
        return {}
    meta = yaml.load(page[4:].partition("\n---\n")[0], Loader=_LOADER)
    return meta if isinstance(meta, dict) else {}


def with_meta(page: str, fields: dict[str, object]) -> str:
    """Return ``page`` with ``fields`` merged into its front matter (added when it has none)."""
    if not page.startswith("---\n"):
        return front_matter(fields) + page
    body = page[4:].partition("\n---\n")[2]
    return "---\n" + yaml_text({**meta_of(page), **fields}) + "---\n" + body
