"""Find where the essay names people, works and glossary terms, from curated surface forms.

``data/people.yaml`` and ``data/glossary.yaml`` list each entity with the exact strings the essay
uses for it. Forms match case-sensitively as whole words; where matches overlap the longest wins
(then the earliest, then people and works before terms), so "automated Ilya" is one mention, not
two. Every form must yield at least one mention, and every reference URL must occur verbatim in
the source file it is credited to: curated data that no longer fits the sources is a SourceError
with the YAML line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..curated import load_yaml_document, validate, value_lines
from ..errors import SourceError
from ..model import Entity, EntityKind, EntityUrl, Mention, Span

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_KIND_ORDER = {"person": 0, "work": 1, "term": 2}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Url(_Strict):
    url: str = Field(pattern=r"^https://\S+$")
    label: str = Field(min_length=1)
    source: str = Field(min_length=1)


class _Person(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    forms: list[str]
    urls: list[_Url] = []


class _Work(_Person):
    by: str | None = None


class _Term(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    forms: list[str] = Field(min_length=1)


class _People(_Strict):
    people: list[_Person]
    works: list[_Work] = []


class _Glossary(_Strict):
    terms: list[_Term]


def parse_people(text: str, path: str) -> list[Entity]:
    """Return the people, then the works, of ``data/people.yaml``; a schema error is a SourceError."""
    node = _mapping(text, path)
    data = validate(_People, node, path)
    lines = value_lines(node)
    people = [_entity(p, "person", ("people", i), lines, path) for i, p in enumerate(data.people)]
    works = [_entity(w, "work", ("works", i), lines, path) for i, w in enumerate(data.works)]
    _unique_ids([*people, *works], path)
    known = {p.id for p in people}
    for i, work in enumerate(works):
        if work.by is not None and work.by not in known:
            raise SourceError(path, _line(lines, ("works", i, "by")), f"work {work.id!r}: no person {work.by!r}")
    return [*people, *works]


def parse_glossary(text: str, path: str) -> list[Entity]:
    """Return the terms of ``data/glossary.yaml``; a schema error is a SourceError."""
    node = _mapping(text, path)
    data = validate(_Glossary, node, path)
    lines = value_lines(node)
    terms = [_entity(t, "term", ("terms", i), lines, path) for i, t in enumerate(data.terms)]
    _unique_ids(terms, path)
    return terms


def find_mentions(paragraphs: Sequence[tuple[str, str]], people: Sequence[Entity],
                  glossary: Sequence[Entity]) -> list[Mention]:
    """Return every mention (non-overlapping, in essay order); a form that never occurs is a SourceError."""
    entities = [*people, *glossary]
    patterns = _patterns(entities)
    mentions: list[Mention] = []
    for paragraph_id, text in paragraphs:
        mentions.extend(_paragraph_mentions(paragraph_id, text, patterns))
    used = {(m.entity_id, text[m.start:m.end]) for m, text in _with_text(mentions, paragraphs)}
    for entity in entities:
        for k, form in enumerate(entity.forms):
            if (entity.id, form) not in used:
                span = entity.form_spans[k] if k < len(entity.form_spans) else entity.span
                raise SourceError(span.path if span else "?", span.line if span else None,
                                  f"surface form {form!r} of {entity.id!r} never occurs in the essay's paragraphs")
    return mentions


def check_reference_urls(entities: Iterable[Entity], sources: Mapping[str, str]) -> None:
    """Raise SourceError unless each reference URL occurs verbatim in the source file credited with it."""
    for entity in entities:
        for ref in entity.urls:
            where = ref.span or entity.span
            path, line = (where.path, where.line) if where else ("?", None)
            if ref.source not in sources:
                raise SourceError(path, line, f"unknown source file {ref.source!r} for {ref.url!r}")
            if ref.url not in sources[ref.source]:
                raise SourceError(path, line, f"URL {ref.url!r} does not occur in {ref.source}")


def first_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    """Return only the first mention of each entity in each paragraph (to annotate sparingly)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for mention in mentions:
        key = (mention.paragraph_id, mention.entity_id)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _mapping(text: str, path: str) -> Any:
    node = load_yaml_document(text, path)
    if not isinstance(node, dict):
        raise SourceError(path, 1, "expected a mapping of lists")
    return node


def _entity(item: _Person | _Term, kind: EntityKind, key: tuple[str, int],
            lines: dict[tuple[str | int, ...], int], path: str) -> Entity:
    description = item.definition if isinstance(item, _Term) else item.description
    urls = tuple(
        EntityUrl(u.url, u.label, u.source, Span(path, _line(lines, (*key, "urls", k))))
        for k, u in enumerate(getattr(item, "urls", []))
    )
    form_spans = tuple(Span(path, _line(lines, (*key, "forms", k))) for k in range(len(item.forms)))
    for k, form in enumerate(item.forms):
        if not form.strip() or form != form.strip():
            raise SourceError(path, form_spans[k].line, f"surface form {form!r} is empty or has outer spaces")
    return Entity(item.id, kind, item.name, " ".join(description.split()), tuple(item.forms), urls,
                  getattr(item, "by", None), form_spans, Span(path, _line(lines, key)))


def _line(lines: dict[tuple[str | int, ...], int], key: tuple[str | int, ...]) -> int:
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key, 1)


def _unique_ids(entities: Sequence[Entity], path: str) -> None:
    seen: set[str] = set()
    for entity in entities:
        if entity.id in seen:
            raise SourceError(path, entity.span.line if entity.span else None, f"duplicate id {entity.id!r}")
        seen.add(entity.id)


def _patterns(entities: Sequence[Entity]) -> list[tuple[_FormPattern, Entity]]:
    """Return one whole-word pattern per form; a form claimed by two entities is a SourceError."""
    owner: dict[str, Entity] = {}
    patterns = []
    for entity in entities:
        for k, form in enumerate(entity.forms):
            if form in owner:
                span = entity.form_spans[k] if k < len(entity.form_spans) else entity.span
                raise SourceError(span.path if span else "?", span.line if span else None,
                                  f"surface form {form!r} is already a form of {owner[form].id!r}")
            owner[form] = entity
            patterns.append((_FormPattern(form, re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")), entity))
    return patterns


@dataclass(frozen=True)
class _FormPattern:
    """A surface form and its whole-word pattern (the literal form lets a paragraph without it skip the regex)."""

    literal: str
    regex: re.Pattern[str]


def _paragraph_mentions(paragraph_id: str, text: str,
                        patterns: Sequence[tuple[_FormPattern, Entity]]) -> list[Mention]:
    found = [
        (m.start(), m.end(), entity)
        for pattern, entity in patterns
        if pattern.literal in text  # a form the text lacks cannot match: skip its regex
        for m in pattern.regex.finditer(text)
    ]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], _KIND_ORDER[f[2].kind]))
    taken: list[tuple[int, int, Entity]] = []
    for start, end, entity in found:
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, entity))
    taken.sort(key=lambda f: f[0])
    return [Mention(paragraph_id, a, b, e.id, e.kind) for a, b, e in taken]


def _with_text(mentions: Sequence[Mention], paragraphs: Sequence[tuple[str, str]]
               ) -> Iterable[tuple[Mention, str]]:
    texts = dict(paragraphs)
    return ((m, texts[m.paragraph_id]) for m in mentions)
