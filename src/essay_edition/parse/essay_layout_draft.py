"""Draft the curated layout of a plain-text essay from its text, saying what was guessed and why.

A plain-text essay marks nothing (see :mod:`.essay`), so :func:`draft_layout` guesses what the curated
``essay_layout.yaml`` would say, by the shapes essays are written in:

- the first line is the title; the second is the subtitle when it is short and does not end a sentence;
- a section heading is a short body line (at most :data:`HEADING_WORDS` words) that opens with a capital,
  does not end with ``.``, ``,``, ``;`` or ``:`` (a question ends with ``?`` only when very short), is
  not the quote after an intro, and is followed by a line that is not itself heading-shaped;
- a line ending with ``:`` introduces a block quote: the next line; the quoted person is guessed from
  the capitalised name the intro opens with;
- a footnote marker is a number glued to a word or a closing mark (``year)1``), the numbers running
  1, 2, 3… in order (which rules out model names such as ``o3``);
- reader comments follow two blank lines; comments are told apart only by blank lines between them.

The guesses are drafts for a person to check: each is listed in words with its line. The layout is a
plain mapping in the shape of ``essay_layout.yaml`` (author, date and URL left empty: the text has none).
"""

from __future__ import annotations

import re
from typing import Any

HEADING_WORDS = 16
QUESTION_WORDS = 10  # a heading may end with "?" when at most this long
SUBTITLE_WORDS = 30
ANCHOR_WORDS = 3
OPENING_CHARS = 60  # characters of a comment's first line kept as its opening
_FOOTNOTE = re.compile(r"(?:(?<=[a-z]{3})|(?<=[)\]”’\"'.,;!?]))(\d{1,2})(?=[\s.,;:!?)]|$)")
_NAME = re.compile(r"^((?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+)*)")
_NOT_NAMES = frozenset("I I’m I'm I’ve I've As At In On The This That These Those It It’s It's He She They We You "
                       "My Our Your His Her Their One Another Some Here There What When Why How If But And So".split())


def draft_layout(text: str, path: str) -> tuple[dict[str, Any], list[str]]:
    """Return a drafted layout mapping for a plain-text essay and the guesses made, in words, with lines."""
    lines = text.split("\n")
    guesses: list[str] = []
    title = lines[0].strip() if lines else ""
    guesses.append(f"{path}:1: title {title!r} (the first line)")
    subtitle = _subtitle(lines)
    if subtitle:
        guesses.append(f"{path}:2: subtitle {subtitle!r} (a short second line that does not end a sentence)")
    else:
        guesses.append(f"{path}:2: no subtitle (the second line is blank, long or ends a sentence)")
    first = 2 if subtitle else 1
    end = body_end(lines, first)
    body = [(i + 1, lines[i].strip()) for i in range(first, end) if lines[i].strip()]
    _hard_wrap_warning(lines[first:end], path, first, guesses)
    headings = _headings(body, path, guesses)
    quotes = _quotes(body, headings, path, guesses)
    footnotes = _footnotes(body, path, guesses)
    comments = _comments(lines, end, path, guesses)
    layout = {"title": title, "subtitle": subtitle, "author": "", "published": "", "source_url": "",
              "headings": [h for _, h in headings], "quotes": quotes, "footnotes": footnotes, "comments": comments}
    return layout, guesses


def body_end(lines: list[str], first: int) -> int:
    """Index of the first of two consecutive blank lines after the body starts (the comments follow), or len(lines)."""
    for i in range(max(first, 2), len(lines) - 1):
        if not lines[i].strip() and not lines[i + 1].strip():
            return i
    return len(lines)


def _subtitle(lines: list[str]) -> str:
    line = lines[1].strip() if len(lines) > 1 else ""
    if not line or len(line.split()) > SUBTITLE_WORDS or line.endswith((".", ":", ";", ",")):
        return ""
    return line


def _heading_shaped(line: str) -> bool:
    words = line.split()
    if not words or len(words) > HEADING_WORDS or not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith((".", ",", ";", ":")):
        return False
    return not line.endswith("?") or len(words) <= QUESTION_WORDS


def _headings(body: list[tuple[int, str]], path: str, guesses: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for k, (lineno, line) in enumerate(body):
        after_intro = k > 0 and body[k - 1][1].endswith(":")
        nxt = body[k + 1][1] if k + 1 < len(body) else None
        if after_intro or nxt is None or _heading_shaped(nxt) or not _heading_shaped(line):
            continue
        if any(h == line for _, h in found):
            guesses.append(f"{path}:{lineno}: {line!r} repeats an earlier heading: taken as a paragraph")
            continue
        found.append((lineno, line))
        guesses.append(f"{path}:{lineno}: heading {line!r} (a short line without end punctuation, "
                       f"followed by a paragraph)")
    if not found:
        guesses.append(f"{path}: no heading found: the essay is one section")
    return found


def _quotes(body: list[tuple[int, str]], headings: list[tuple[int, str]], path: str,
            guesses: list[str]) -> list[dict[str, str]]:
    heading_lines = {n for n, _ in headings}
    quotes: list[dict[str, str]] = []
    quoted: set[int] = set()  # lines taken as the quote of the intro before them: never an intro too
    for k, (lineno, line) in enumerate(body):
        if not line.endswith(":") or lineno in heading_lines or lineno in quoted:
            continue
        if k + 1 >= len(body) or body[k + 1][0] in heading_lines:
            guesses.append(f"{path}:{lineno}: ends with ':' but no paragraph follows it: the plain-text reader "
                           "will refuse it (end the line otherwise, or add the quote)")
            continue
        who = _speaker(line)
        quotes.append({"intro": line, "attribution": who})
        quoted.add(body[k + 1][0])
        said = f"attributed to {who!r} (the name the intro opens with)" if who else "attribution unknown"
        guesses.append(f"{path}:{lineno}: quote intro (the line ends with ':'); line {body[k + 1][0]} is the "
                       f"quote, {said}")
    return quotes


def _speaker(intro: str) -> str:
    match = _NAME.match(intro)
    if not match:
        return ""
    names = match[1].split()
    while names and names[0] in _NOT_NAMES:
        names.pop(0)
    return re.sub(r"['’]s?$", "", " ".join(names))


def _footnotes(body: list[tuple[int, str]], path: str, guesses: list[str]) -> list[dict[str, str]]:
    texts = [line for _, line in body]
    notes: list[dict[str, str]] = []
    for lineno, line in body:
        for match in _FOOTNOTE.finditer(line):
            if match[1] != str(len(notes) + 1):
                continue
            after = _unique_anchor(line[: match.start()], match[1], texts)
            if after is None:
                continue
            notes.append({"after": after, "mark": match[1]})
            guesses.append(f"{path}:{lineno}: footnote {match[1]} after {after!r} (a number glued to the text)")
    return notes


def _unique_anchor(before: str, mark: str, texts: list[str]) -> str | None:
    """The shortest run of last words before the mark (at least :data:`ANCHOR_WORDS`) that with the mark
    occurs once in the essay."""
    words = before.split(" ")
    for n in range(min(ANCHOR_WORDS, len(words)), len(words) + 1):
        anchor = " ".join(words[-n:])
        if sum(t.count(anchor + mark) for t in texts) == 1:
            return anchor
    return None


def _comments(lines: list[str], end: int, path: str, guesses: list[str]) -> list[dict[str, str]]:
    rest = [(i + 1, lines[i].strip()) for i in range(end, len(lines))]
    groups: list[list[tuple[int, str]]] = []
    for lineno, line in rest:
        if not line:
            if groups and groups[-1]:
                groups.append([])
            continue
        if not groups:
            groups.append([])
        groups[-1].append((lineno, line))
    groups = [g for g in groups if g]
    if not groups:
        return []
    openings = []
    for group in groups:
        first = group[0][1]
        cut = first if len(first) <= OPENING_CHARS else first[:OPENING_CHARS].rsplit(" ", 1)[0]
        openings.append({"starts": cut})
    guesses.append(f"{path}:{groups[0][0][0]}: reader comments begin (after two blank lines): {len(groups)} "
                   "comment(s), told apart by blank lines only; split one with a further 'starts' entry")
    return openings


def _hard_wrap_warning(lines: list[str], path: str, first: int, guesses: list[str]) -> None:
    filled = [line for line in lines if line.strip()]
    runs = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and b.strip())
    if len(filled) >= 10 and runs > len(filled) / 2 and max(len(line) for line in filled) <= 100:
        guesses.append(f"{path}:{first + 1}: the lines look hard-wrapped; the reader takes each line as a "
                       "paragraph, so join each paragraph onto one line")
