"""The template layer: Jinja2 templates for every HTML fragment and chart the pages carry.

One environment with autoescaping on for every template, so each value a template prints is
escaped there, once, whatever its source; a value that is already markup (a fragment another
template made, a paragraph from :func:`~essay_edition.render.annotate.annotate`) arrives as
:class:`markupsafe.Markup`. Filters cover the other contexts pages use: ``md`` for text inside
Markdown (headings, list items), ``clock`` for narration times.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ._markup import VERDICT_LABELS, block_text, opening, truncate, url
from .links import clock, link, youtube_url
from .text import md_inline


def _md(text: object) -> Markup:
    """Text escaped for Markdown, marked safe for HTML too (it holds only character references)."""
    return Markup(md_inline(str(text)))


@cache
def environment() -> Environment:
    """Return the shared template environment (autoescaping, strict undefined, trimmed blocks)."""
    # Comments are {## … ##}: Markdown attribute lists ({#id}) must stay text in the templates.
    env = Environment(loader=PackageLoader("essay_edition", "render/templates"), autoescape=True,
                      comment_start_string="{##", comment_end_string="##}",
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=_md, clock=clock, block=lambda text: Markup(block_text(str(text))),
                       truncate_words=truncate, opening=lambda text, words=6: opening(text, words),
                       urlencode_safe=url)
    env.globals.update(link=link, youtube_url=youtube_url, VERDICT_LABELS=VERDICT_LABELS)
    return env


def render(template: str, **context: Any) -> str:
    """Return the template ``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)


def fragment(template: str, **context: Any) -> Markup:
    """Return the template rendered as markup, to be placed inside another template unescaped."""
    return Markup(render(template, **context))


def start_tag(name: str, **attributes: object) -> str:
    """Return an HTML start tag with its attributes escaped, in the order given.

    A keyword's underscores become hyphens and a trailing one is dropped (``class_``, ``data_start``);
    ``None`` and ``False`` leave the attribute out, ``True`` writes it bare. For the tags annotations
    wrap around text, where a template per tag would be noise.
    """
    parts = [name]
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        attr = key.rstrip("_").replace("_", "-")
        parts.append(attr if value is True else f'{attr}="{escape(str(value))}"')
    return "<" + " ".join(parts) + ">"
