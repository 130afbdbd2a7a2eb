"""Parse the two third-party summaries of the essay: the TL;DR summary and the knowledge-base note.

The TL;DR summary is Markdown with YAML front matter (read with python-frontmatter) and two
``## `` sections: "Key Points" (one point a line) and "Key Topics Discussed" (prose). The knowledge
note is plain text: a title, a ``last_validated: … decay_rate: …`` line that only looks like YAML,
then bare-line headings "Summary", "Key Claims" (``  • `` bullets), "Tags" (``#tag`` words) and an
optional "Related". Every item keeps its 1-based source line; anything missing or out of place is
a SourceError pointing at the file and line.
"""

from __future__ import annotations

import re

from frontmatter.default_handlers import YAMLHandler

from ..curated import load_yaml_document
from ..errors import SourceError
from ..model import KnowledgeNote, SourceLine, Span, Summary

SUMMARY_SECTIONS = ("Key Points", "Key Topics Discussed")
NOTE_SECTIONS = ("Summary", "Key Claims", "Tags", "Related")
NOTE_REQUIRED = ("Summary", "Key Claims", "Tags")
_BULLET = "  • "
_VALIDATION = re.compile(r"^last_validated:\s*(\d{4}-\d{2}-\d{2})\s+decay_rate:\s*([a-z]+)\s*$")
_TAG = re.compile(r"^#([a-z0-9][a-z0-9-]*)$")


def parse_summary(text: str, path: str) -> Summary:
    """Return the TL;DR summary model; raise SourceError on missing front matter or sections."""
    if not text.strip():
        raise SourceError(path, 1, "the summary file is empty")
    meta, body_line, body = _front_matter(text, path)
    lines = body.split("\n")
    sections = _markdown_sections(lines, body_line, path)
    points = sections["Key Points"]
    topics = sections["Key Topics Discussed"]
    return Summary(
        title=_meta_string(meta, "title", text, path),
        blog_url=_meta_string(meta, "blog_url", text, path),
        key_points=tuple(SourceLine(t, Span(path, n)) for n, t in points[1]),
        key_topics=tuple(SourceLine(t, Span(path, n)) for n, t in topics[1]),
        span=Span(path, 1),
    )


def parse_knowledge_note(text: str, path: str) -> KnowledgeNote:
    """Return the knowledge note model; raise SourceError on a missing or malformed part."""
    if not text.strip():
        raise SourceError(path, 1, "the knowledge note is empty")
    numbered = [(i + 1, line.rstrip()) for i, line in enumerate(text.split("\n"))]
    title_line, title = next((n, line.strip()) for n, line in numbered if line.strip())
    sections, preamble = _note_sections(numbered, path)
    validated, decay = _validation(preamble, title, path, title_line)
    summary = sections["Summary"][1]
    if len(summary) != 1:
        where = summary[1][0] if len(summary) > 1 else sections["Summary"][0]
        raise SourceError(path, where, f"the Summary section must be one paragraph, found {len(summary)}")
    return KnowledgeNote(
        title=title,
        last_validated=validated,
        decay_rate=decay,
        summary=SourceLine(summary[0][1].strip(), Span(path, summary[0][0])),
        key_claims=_bullets(sections["Key Claims"], path),
        tags=_tags(sections["Tags"], path),
        span=Span(path, title_line),
    )


# --- the TL;DR summary ---------------------------------------------------------------------------

def _front_matter(text: str, path: str) -> tuple[dict[str, object], int, str]:
    """Return the front-matter mapping, the line the body starts on and the body text."""
    handler = YAMLHandler()
    if not handler.detect(text):
        raise SourceError(path, 1, "no YAML front matter: the file must open with a '---' line")
    try:
        front, body = handler.split(text)
    except ValueError:
        raise SourceError(path, 1, "the front matter opened on line 1 is never closed by a '---' line") from None
    front_line = text.count("\n", 0, text.index(front, 3)) + 1  # the file line the YAML text starts on
    try:  # the curated files' loader: every bad value (!!int x, 2025-02-30, deep nesting) is one line
        meta = load_yaml_document(front, path)
    except SourceError as err:
        line = front_line + err.line - 1 if err.line is not None else 1
        raise SourceError(path, line, err.message.replace("invalid YAML", "invalid front matter YAML", 1)) from None
    if not isinstance(meta, dict):
        raise SourceError(path, 2, "the front matter must be a mapping of fields")
    body_start = len(text) - len(body)
    return meta, text.count("\n", 0, body_start) + 1, body


def _meta_string(meta: dict[str, object], key: str, text: str, path: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        line = next((i + 1 for i, line in enumerate(text.split("\n")) if line.startswith(f"{key}:")), 1)
        raise SourceError(path, line, f"the front matter needs a non-empty '{key}' string")
    return value.strip()


def _markdown_sections(lines: list[str], first_line: int, path: str
                       ) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """Return each ``## `` section's heading line and its non-blank lines (numbered)."""
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    current: list[tuple[int, str]] | None = None
    for offset, line in enumerate(lines):
        lineno = first_line + offset
        if line.startswith("## "):
            name = line[3:].strip()
            if name not in SUMMARY_SECTIONS:
                raise SourceError(path, lineno, f"unexpected section {name!r}: expected one of {list(SUMMARY_SECTIONS)}")
            if name in sections:
                raise SourceError(path, lineno, f"section {name!r} occurs twice")
            current = []
            sections[name] = (lineno, current)
        elif line.strip():
            if current is None:
                raise SourceError(path, lineno, "text before the first '## ' section heading")
            current.append((lineno, line.strip()))
    last = first_line + len("\n".join(lines).rstrip("\n").split("\n")) - 1  # the last line with text
    for name in SUMMARY_SECTIONS:
        if name not in sections:
            raise SourceError(path, last, f"no '## {name}' section")
        if not sections[name][1]:
            raise SourceError(path, sections[name][0], f"the '## {name}' section is empty")
    return sections


# --- the knowledge note --------------------------------------------------------------------------

def _note_sections(numbered: list[tuple[int, str]], path: str
                   ) -> tuple[dict[str, tuple[int, list[tuple[int, str]]]], list[tuple[int, str]]]:
    """Return each bare-line section's heading line and non-blank lines, and the lines before them."""
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    preamble: list[tuple[int, str]] = []
    current = preamble
    for lineno, line in numbered:
        if line.strip() in NOTE_SECTIONS and not line.startswith(" "):
            name = line.strip()
            if name in sections:
                raise SourceError(path, lineno, f"section {name!r} occurs twice")
            current = []
            sections[name] = (lineno, current)
        elif line.strip():
            current.append((lineno, line))
    order = [name for name in NOTE_SECTIONS if name in sections]
    if [sections[n][0] for n in order] != sorted(sections[n][0] for n in order):
        raise SourceError(path, sections[order[0]][0], f"sections are not in the order {list(NOTE_SECTIONS)}")
    for name in NOTE_REQUIRED:
        if name not in sections:
            raise SourceError(path, max(n for n, line in numbered if line.strip()), f"no {name!r} section heading line")
        if not sections[name][1]:
            raise SourceError(path, sections[name][0], f"the {name!r} section is empty")
    return sections, preamble


def _validation(preamble: list[tuple[int, str]], title: str, path: str, title_line: int) -> tuple[str, str]:
    """Return (last_validated, decay_rate) from the preamble; other lines may only repeat the title."""
    found: tuple[str, str] | None = None
    for lineno, line in preamble:
        match = _VALIDATION.match(line.strip())
        if match:
            found = (match[1], match[2])
        elif line.strip() != title:
            raise SourceError(path, lineno, f"unexpected line before the Summary: {line.strip()[:60]!r}")
    if found is None:
        raise SourceError(path, title_line, "no 'last_validated: YYYY-MM-DD decay_rate: WORD' line after the title")
    return found


def _bullets(section: tuple[int, list[tuple[int, str]]], path: str) -> tuple[SourceLine, ...]:
    items = []
    for lineno, line in section[1]:
        if not line.startswith(_BULLET) or not line[len(_BULLET):].strip():
            raise SourceError(path, lineno, "a Key Claims line must be a bullet: two spaces, '•', a space, the claim")
        items.append(SourceLine(line[len(_BULLET):].strip(), Span(path, lineno)))
    return tuple(items)


def _tags(section: tuple[int, list[tuple[int, str]]], path: str) -> tuple[SourceLine, ...]:
    tags: list[SourceLine] = []
    for lineno, line in section[1]:
        for word in line.split():
            match = _TAG.match(word)
            if not match:
                raise SourceError(path, lineno, f"malformed tag {word!r}: expected '#lowercase-words'")
            tags.append(SourceLine(match[1], Span(path, lineno)))
    return tuple(tags)
