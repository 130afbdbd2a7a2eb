"""Parse the essay's plain text into the typed model, guided by curated layout data.

The raw essay marks nothing: headings are bare lines, block quotes follow a line ending in ``:``,
the footnote marker is a digit glued to a word, and reader comments follow two blank lines. An empty
subtitle in the layout means the text has none; paragraphs before the first heading (all of them,
when the layout lists no headings) form a section titled with the essay's title. What
the text cannot decide alone (which bare lines are headings, where one comment ends) comes from
``data/essay_layout.yaml``; every curated entry must match the raw text or the parse fails.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..curated import line_of, load_yaml_document, validate, value_lines
from ..errors import SourceError
from ..model import Comment, Essay, Footnote, Paragraph, Section, Span


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuoteRule(_Strict):
    """A block quote: the paragraph introducing it and who is quoted."""

    intro: str
    attribution: str


class FootnoteRule(_Strict):
    """A footnote marker: the words it follows and the mark itself."""

    after: str
    mark: str


class CommentRule(_Strict):
    """The opening words of one reader comment."""

    starts: str


class VideoRule(_Strict):
    """The narration video's facts when no ``.info.json`` gives them (captions files carry none)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]{11}$")
    title: str = ""
    date: str | None = None


class EssayLayout(_Strict):
    """Curated layout and settings of one essay (``data/essay_layout.yaml``).

    For a plain-text essay it says what the text cannot (title, headings, quotes…); for a Markdown
    essay the front matter says that, and only the settings below the layout fields are read.
    ``review: required`` makes every unreviewed forecast candidate a build warning (``--strict``
    fails); the default, ``queue``, lists them on the review page instead.
    """

    title: str = ""
    subtitle: str = ""
    author: str = ""
    published: str = ""
    source_url: str = ""
    thesis: str | None = None
    headings: list[str] = []
    quotes: list[QuoteRule] = []
    footnotes: list[FootnoteRule] = []
    comments: list[CommentRule] = []
    review: Literal["required", "queue"] = "queue"
    video: VideoRule | None = None


def parse_essay_layout(text: str, path: str) -> tuple[EssayLayout, dict[str, int]]:
    """Return the validated layout and, for each curated string, the line that defines it."""
    node = load_yaml_document(text, path)
    if not isinstance(node, dict):
        raise SourceError(path, 1, "expected a mapping of layout fields")
    layout = validate(EssayLayout, node, path)
    found = value_lines(node)
    lines: dict[str, int] = {"thesis": found[("thesis",)]} if ("thesis",) in found else {}
    for key in ("headings", "quotes", "footnotes", "comments"):
        for i in range(len(node.get(key) or [])):
            lines[f"{key}[{i}]"] = found.get((key, i), line_of(node, 1) or 1)
    return layout, lines


def parse_essay(text: str, path: str, layout: EssayLayout, layout_path: str = "data/essay_layout.yaml",
                layout_lines: dict[str, int] | None = None) -> Essay:
    """Return the essay model parsed from ``text``; raise SourceError on any mismatch with ``layout``."""
    layout_lines = layout_lines or {}
    if not text.strip():
        raise SourceError(path, 1, "the essay file is empty")
    lines = text.split("\n")
    _expect_line(lines, 0, layout.title, "title", path)
    first = 2 if layout.subtitle else 1  # an empty subtitle: the body starts on the second line
    if layout.subtitle:
        _expect_line(lines, 1, layout.subtitle, "subtitle", path)
    body_end = _body_end(lines)
    body = [(i + 1, line) for i, line in enumerate(lines[first:body_end], start=first) if line.strip()]
    sections = _sections(body, path, layout, layout_path, layout_lines)
    footnotes = _footnotes(sections, path, layout, layout_path, layout_lines)
    if layout.thesis and not any(layout.thesis in p.text for s in sections for p in s.paragraphs):
        raise SourceError(layout_path, layout_lines.get("thesis"), f"the thesis is not verbatim in {path}")
    comments = _comments(lines, body_end, path, layout, layout_path, layout_lines)
    return Essay(
        title=layout.title,
        subtitle=layout.subtitle,
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        comments=tuple(comments),
        published=layout.published,
        span=Span(path, 1),
    )


def _expect_line(lines: list[str], index: int, expected: str, what: str, path: str) -> None:
    found = lines[index] if index < len(lines) else ""
    if found.strip() != expected:
        raise SourceError(path, index + 1, f"expected the {what} {expected!r}, found {found[:60]!r}")


def _body_end(lines: list[str]) -> int:
    """Index of the first of two consecutive blank lines (the comments follow), or len(lines)."""
    for i in range(2, len(lines) - 1):
        if not lines[i].strip() and not lines[i + 1].strip():
            return i
    return len(lines)


def _sections(body: list[tuple[int, str]], path: str, layout: EssayLayout, layout_path: str,
              layout_lines: dict[str, int]) -> list[Section]:
    heading_at: dict[str, int] = {}
    for lineno, line in body:
        if line.strip() in layout.headings:
            if line.strip() in heading_at:
                raise SourceError(path, lineno, f"heading {line.strip()!r} occurs twice")
            heading_at[line.strip()] = lineno
    order = [h for h in layout.headings if h in heading_at]
    for i, heading in enumerate(layout.headings):
        if heading not in heading_at:
            raise SourceError(layout_path, layout_lines.get(f"headings[{i}]"),
                              f"heading {heading!r} is not a line of {path}")
    if order != layout.headings or sorted(heading_at.values()) != [heading_at[h] for h in layout.headings]:
        raise SourceError(layout_path, layout_lines.get("headings[0]"), f"headings are not in the order of {path}")

    intros = {q.intro: q for q in layout.quotes}
    used_intros: set[str] = set()
    sections: list[Section] = []
    current: list[Paragraph] = []
    # Paragraphs before the first heading (or in an essay without headings) open a section titled
    # with the essay's title.
    title, title_line, opening = layout.title, body[0][0] if body else 1, True
    quote_next: QuoteRule | None = None
    for lineno, line in body:
        stripped = line.strip()
        if stripped in heading_at:
            if quote_next is not None:
                raise SourceError(path, lineno, "a quote intro is followed by a heading, not by the quote")
            if current or not opening:
                sections.append(Section(title, tuple(current), Span(path, title_line)))
            title, title_line, current, opening = stripped, lineno, [], False
            continue
        if quote_next is not None:
            current.append(Paragraph(line, "quote", quote_next.attribution, span=Span(path, lineno)))
            quote_next = None
            continue
        if stripped.endswith(":"):
            if stripped not in intros:
                raise SourceError(path, lineno, f"line ends with ':' but is not a curated quote intro in {layout_path}")
            quote_next = intros[stripped]
            used_intros.add(stripped)
        current.append(Paragraph(line, "text", span=Span(path, lineno)))
    if quote_next is not None:
        raise SourceError(path, body[-1][0], "the essay ends right after a quote intro")
    sections.append(Section(title, tuple(current), Span(path, title_line)))
    for i, rule in enumerate(layout.quotes):
        if rule.intro not in used_intros:
            raise SourceError(layout_path, layout_lines.get(f"quotes[{i}]"),
                              f"quote intro {rule.intro!r} is not a line of {path}")
    for section in sections:
        if not section.paragraphs:
            raise SourceError(path, section.span.line if section.span else None,
                              f"section {section.title!r} has no paragraphs")
    return sections


def _footnotes(sections: list[Section], path: str, layout: EssayLayout, layout_path: str,
               layout_lines: dict[str, int]) -> list[Footnote]:
    notes = []
    for i, rule in enumerate(layout.footnotes):
        needle = rule.after + rule.mark
        hits = [p for s in sections for p in s.paragraphs if needle in p.text]
        if len(hits) != 1:
            raise SourceError(layout_path, layout_lines.get(f"footnotes[{i}]"),
                              f"footnote marker {needle!r} occurs {len(hits)} times in {path}, expected once")
        notes.append(Footnote(rule.mark, rule.after, None, hits[0].span))
    return notes


def _comments(lines: list[str], body_end: int, path: str, layout: EssayLayout, layout_path: str,
              layout_lines: dict[str, int]) -> list[Comment]:
    rest = [(i + 1, line) for i, line in enumerate(lines[body_end:], start=body_end) if line.strip()]
    if not layout.comments:
        if rest:
            raise SourceError(path, rest[0][0], f"text after the essay but no comments curated in {layout_path}")
        return []
    starts: list[int] = []
    for i, rule in enumerate(layout.comments):
        pos = next((k for k, (_, line) in enumerate(rest) if line.startswith(rule.starts)), None)
        if pos is None:
            raise SourceError(layout_path, layout_lines.get(f"comments[{i}]"),
                              f"comment opening {rule.starts!r} is not a line after the essay in {path}")
        starts.append(pos)
    if starts[0] != 0:
        raise SourceError(path, rest[0][0], "text after the essay that no curated comment opening claims")
    if starts != sorted(starts):
        raise SourceError(layout_path, layout_lines.get("comments[0]"), f"comment openings are not in the order of {path}")
    bounds = starts + [len(rest)]
    return [
        Comment(tuple(line for _, line in rest[a:b]), Span(path, rest[a][0]))
        for a, b in zip(bounds, bounds[1:])
    ]
