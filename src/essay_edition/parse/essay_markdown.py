"""Parse an essay written in Markdown into the same model the plain-text reader gives.

markdown-it-py (CommonMark) parses, with mdit-py-plugins for front matter and ``[^1]`` footnotes;
its block tokens carry their source lines, so every paragraph, heading and footnote keeps its span.
The conventions read:

- **Front matter** (YAML between ``---`` lines): ``title``, ``subtitle`` (or ``description``),
  ``author``, ``date`` and ``url`` (or ``source_url``); other keys are ignored. Without a ``title``,
  a ``#`` heading that opens the text is the title.
- **Sections**: every other heading, whatever its level, opens a section (the model's sections are
  flat). Paragraphs before the first heading form a section titled with the essay's title. A heading
  directly followed by another heading is joined to it (``Part I — Chapter 1``).
- **Paragraphs** keep their text with the inline markup reduced to what a reader sees (emphasis and
  link syntax dropped, a line break made a space); a list item is a paragraph of its own; code blocks
  keep their text.
- **Block quotes** (``>``) become quote paragraphs. A last quote line, or a short paragraph right after
  the quote, that starts with a dash (``—``, ``–``, ``--``, ``-``) is the attribution.
- **Footnotes**: each ``[^label]`` reference becomes its number (1, 2, … in order of first reference)
  glued to the word before it, as the plain text's markers are, and the definition's text is kept.
  A reference without a definition is an error; a definition never referenced is dropped, as
  Markdown renderers drop it.
- **Reader comments** do not exist in Markdown, so they must be marked: everything after a line
  ``<!-- comments -->`` is comments, one comment per run of blocks between thematic breaks (``---``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..curated import load_yaml_document
from ..errors import SourceError
from ..model import Comment, CommentRule, Essay, Footnote, FootnoteRule, Paragraph, Section, Span
from .essay import EssayLayout, QuoteRule

COMMENTS_MARKER = re.compile(r"^<!--\s*comments\s*-->\s*$", re.IGNORECASE)
ANCHOR_WORDS = 3  # words before a footnote marker kept as its anchor text
ATTRIBUTION_WORDS = 15  # a paragraph after a quote this short, opening with a dash, is its attribution
_DASH = re.compile(r"^(?:—|–|―|--|-|~)\s*(\S.*)$")
_UNDEFINED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_FRONT_KEYS = {"title": ("title",), "subtitle": ("subtitle", "description"), "author": ("author",),
               "date": ("date",), "url": ("url", "source_url")}


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)


@dataclass
class _Block:
    kind: str  # "heading", "text" or "quote"
    text: str
    line: int
    level: int = 0  # of a heading
    quote: int = 0  # which block quote (numbered from 1) a quote paragraph belongs to
    lines: list[str] = field(default_factory=list)  # the text by source line
    marks: tuple[str, ...] = ()  # footnote marks glued into the text
    attribution: str | None = None


@dataclass
class _State:
    path: str
    marks: dict[int, str] = field(default_factory=dict)  # footnote id -> mark
    anchors: dict[int, tuple[str, int]] = field(default_factory=dict)  # footnote id -> (anchor, line)
    notes: dict[int, tuple[str, int]] = field(default_factory=dict)  # footnote id -> (text, line)
    note: int = -1  # the footnote whose definition is being read
    blocks: list[_Block] = field(default_factory=list)
    comments: list[list[_Block]] | None = None  # None until the comments marker
    front: dict[str, Any] = field(default_factory=dict)

    def add(self, block: _Block) -> None:
        (self.comments[-1] if self.comments is not None else self.blocks).append(block)


def parse_essay_markdown(text: str, path: str) -> tuple[Essay, EssayLayout]:
    """Return the essay model of a Markdown essay and its layout facts; raise SourceError if malformed."""
    if not text.strip():
        raise SourceError(path, 1, "the essay file is empty")
    state = _State(path)
    _walk(_parser().parse(text), state)
    title, blocks = _title(state, _attributed(state.blocks))
    sections = _sections(blocks, title, path)
    footnotes = tuple(Footnote(mark, state.anchors[k][0], state.notes[k][0] if k in state.notes else None,
                               Span(path, state.notes[k][1] if k in state.notes else state.anchors[k][1]))
                      for k, mark in state.marks.items())
    comments = tuple(Comment(tuple(b.text for b in group), Span(path, group[0].line))
                     for group in state.comments or [] if group)
    front = state.front
    essay = Essay(title, _front_text(front, "subtitle", path), tuple(sections), footnotes, comments,
                  published=_front_text(front, "date", path), span=Span(path, 1))
    opening = bool(blocks) and blocks[0].kind != "heading"  # the first section has no heading of its own
    return essay, _layout(essay, front, path, opening)


def _walk(tokens: list[Token], state: _State) -> None:
    stack: list[str] = []
    quotes = 0
    for k, token in enumerate(tokens):
        if token.type == "front_matter":
            state.front = _front_matter(token, state.path)
        elif token.nesting == 1 and token.type != "paragraph_open":
            stack.append(token.type)
            quotes += token.type == "blockquote_open"
            if token.type == "footnote_open":
                state.note = token.meta["id"]
        elif token.nesting == -1 and token.type != "paragraph_close" and stack:
            stack.pop()
        elif token.type == "hr" and state.comments is not None:
            state.comments.append([])
        elif token.type == "html_block":
            if COMMENTS_MARKER.match(token.content.strip()):
                state.comments = [[]]
            elif not token.content.lstrip().startswith("<!--"):
                state.add(_Block("text", _strip_tags(token.content), _line(token)))
        elif token.type in ("fence", "code_block") and token.content.strip():
            state.add(_Block("text", token.content.rstrip("\n"), _line(token)))
        elif token.type == "inline":
            _inline(token, tokens[k - 1], stack, quotes, state)


def _inline(token: Token, opener: Token, stack: list[str], quotes: int, state: _State) -> None:
    line = _line(token)
    lines, marks = _plain_lines(token, state, line)
    text = " ".join(" ".join(lines).split())
    if "footnote_open" in stack:
        previous, at = state.notes.get(state.note, ("", line))
        state.notes[state.note] = ((previous + " " + text).strip(), at)
        return
    if match := _UNDEFINED_NOTE.search(text):
        raise SourceError(state.path, line, f"footnote reference [^{match[1]}] has no definition")
    if not text:
        return
    if opener.type == "heading_open":
        state.add(_Block("heading", text, line, level=int(opener.tag[1:])))
    else:
        kind = "quote" if "blockquote_open" in stack else "text"
        state.add(_Block(kind, text, line, quote=quotes if kind == "quote" else 0, lines=lines, marks=marks))


def _plain_lines(token: Token, state: _State, line: int) -> tuple[list[str], tuple[str, ...]]:
    """The inline content as a reader sees it, one string per source line, and the footnote marks glued
    into it (each ``[^label]`` reference becomes its number, glued to the text before it)."""
    lines: list[str] = []
    current, marks = "", []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            current += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append(current.strip())
            current = ""
        elif child.type == "image":
            current += "".join(c.content for c in child.children or [])
        elif child.type == "footnote_ref":
            note = child.meta["id"]
            mark = state.marks.setdefault(note, str(len(state.marks) + 1))
            current = current.rstrip()
            before = " ".join([*lines, current]).split()
            state.anchors.setdefault(note, (" ".join(before[-ANCHOR_WORDS:]), line))
            current += mark
            marks.append(mark)
    lines.append(current.strip())
    return lines, tuple(marks)


def _attributed(blocks: list[_Block]) -> list[_Block]:
    """The blocks with each block quote's attribution moved out of the text onto its paragraphs: a last
    quote line opening with a dash, or else a short paragraph right after the quote opening with one."""
    out: list[_Block] = []
    for k, block in enumerate(blocks):
        if block.kind == "text" and k and blocks[k - 1].kind == "quote" and blocks[k - 1].attribution is None \
                and (dash := _DASH.match(block.text)) and len(block.text.split()) <= ATTRIBUTION_WORDS:
            _attribute(out, blocks[k - 1].quote, dash[1])
            continue
        out.append(block)
        ends_quote = block.kind == "quote" and (k + 1 == len(blocks) or blocks[k + 1].quote != block.quote)
        if ends_quote and (dash := _DASH.match(block.lines[-1])):
            block.text = " ".join(" ".join(block.lines[:-1]).split())
            if not block.text:
                out.pop()
            _attribute(out, block.quote, dash[1])
            block.attribution = dash[1].strip()
    return out


def _attribute(blocks: list[_Block], quote: int, who: str) -> None:
    for block in blocks:
        if block.kind == "quote" and block.quote == quote:
            block.attribution = who.strip()


def _title(state: _State, blocks: list[_Block]) -> tuple[str, list[_Block]]:
    title = _front_text(state.front, "title", state.path)
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1 and (not title or blocks[0].text == title):
        return blocks[0].text, blocks[1:]
    if not title:
        raise SourceError(state.path, 1, "no title: give one in the front matter (title:) or as an opening '# ' heading")
    return title, blocks


def _sections(blocks: list[_Block], title: str, path: str) -> list[Section]:
    sections: list[Section] = []
    heading, heading_line, pending = title, 1, False
    paragraphs: list[Paragraph] = []
    for block in blocks:
        if block.kind == "heading":
            if paragraphs:
                sections.append(Section(heading, tuple(paragraphs), Span(path, heading_line)))
                heading, heading_line, paragraphs = block.text, block.line, []
            else:
                heading = f"{heading} — {block.text}" if pending else block.text
                heading_line = heading_line if pending else block.line
            pending = True
            continue
        pending = False
        kind = "quote" if block.kind == "quote" else "text"
        paragraphs.append(Paragraph(block.text, kind, block.attribution, block.marks, Span(path, block.line)))
    if not paragraphs:
        if not sections:
            raise SourceError(path, 1, "the essay has no paragraphs")
        raise SourceError(path, heading_line, f"section {heading!r} has no paragraphs")
    sections.append(Section(heading, tuple(paragraphs), Span(path, heading_line)))
    return sections


def _front_matter(token: Token, path: str) -> dict[str, Any]:
    try:
        node = load_yaml_document(token.content, path) if token.content.strip() else {}
    except SourceError as exc:
        raise SourceError(path, (exc.line or 0) + 1, exc.message) from None
    if not isinstance(node, dict):
        raise SourceError(path, 1, "the front matter must be a mapping of fields (title: …)")
    front: dict[str, Any] = {}
    for name, keys in _FRONT_KEYS.items():
        for key in keys:
            if key in node and node[key] is not None:
                front[name] = node[key]
                break
    return front


def _front_text(front: dict[str, Any], name: str, path: str) -> str:
    value = front.get(name, "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise SourceError(path, 1, f"front matter '{name}' must be text, not {type(value).__name__}")
    return str(value).strip()


def _layout(essay: Essay, front: dict[str, Any], path: str, opening: bool) -> EssayLayout:
    """The layout facts a curated layout file would give for this essay."""
    paragraphs = essay.paragraphs()
    quotes = [QuoteRule(intro=before.text, attribution=p.attribution or "")
              for before, p in zip(paragraphs, paragraphs[1:]) if p.kind == "quote" and before.kind == "text"]
    return EssayLayout(
        title=essay.title, subtitle=essay.subtitle, author=_front_text(front, "author", path),
        published=essay.published, source_url=_front_text(front, "url", path),
        headings=[s.title for s in essay.sections[1 if opening else 0:]], quotes=quotes,
        footnotes=[FootnoteRule(after=f.anchor_text, mark=f.mark) for f in essay.footnotes],
        comments=[CommentRule(starts=c.paragraphs[0]) for c in essay.comments],
    )


def _line(token: Token) -> int:
    return (token.map or [0])[0] + 1


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())
