"""What tests/test_fuzz.py feeds the parsers: targets, mutations of the real files, random text.

A :class:`Target` is one parser or curated-data loader with the file its input stands for and the
paths an error from it may name. Inputs are :class:`Sample` values: either random text built from
the target's own vocabulary (heading names, cue times, YAML keys, ...) mixed with arbitrary
unicode, or the real file under a few mutations (char and byte deletions, insertions, duplications,
line swaps, truncation, CRLF, BOM, tabs, YAML- and JSON-breaking tokens). A sample's repr names its
mutations, so a falsifying example reads as a recipe rather than a 30 kB string.

:func:`judge` is the property: the call returns, or raises a :class:`SourceError` whose text is one
line ``path[:line]: message`` naming one of the target's paths with a positive line number.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from essay_edition.enrich.claims import parse_claim_links
from essay_edition.enrich.corrections import load_corrections
from essay_edition.enrich.mentions import parse_glossary, parse_people
from essay_edition.enrich.predictions import load_not_predictions, load_predictions
from essay_edition.enrich.tags import tag_paragraphs
from essay_edition.errors import SourceError
from essay_edition.inputs import read_registry
from essay_edition.parse.caption_formats import read_captions
from essay_edition.parse.captions import parse_captions
from essay_edition.parse.essay import parse_essay, parse_essay_layout
from essay_edition.parse.essay_formats import read_essay
from essay_edition.parse.podcast import parse_podcast
from essay_edition.parse.summaries import parse_knowledge_note, parse_summary
from essay_edition.parse.video_info import parse_video_info
from essay_edition.sources import ROLES, load_sources, verify_source

ROOT = Path(__file__).resolve().parent.parent
ESSAY, LAYOUT = "sources/essay.txt", "data/essay_layout.yaml"
MANIFEST = json.loads((ROOT / "sources/manifest.json").read_text(encoding="utf-8"))
SOURCE_FILES = {role: f"sources/{MANIFEST[role]['file']}" for role in ROLES if role in MANIFEST}


def real(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


class Sample:
    """One input: the text (or bytes) handed to the target, where it came from, and how it was changed.

    A plain class, not a dataclass, so Hypothesis prints a falsifying example with :meth:`__repr__`.
    """

    __slots__ = ("base", "data", "steps")

    def __init__(self, data: str | bytes, base: str, steps: tuple[str, ...] = ()) -> None:
        self.data = data
        self.base = base  # the real file it mutates, or "random"
        self.steps = steps

    def __repr__(self) -> str:
        if self.base == "random":
            return f"random({self.data!r})"
        return f"mutated({self.base!r}, [{', '.join(self.steps)}])"


@dataclass(frozen=True)
class Target:
    """One parser or loader under test."""

    name: str
    base: str  # the repo-relative file whose real text is mutated
    paths: tuple[str, ...]  # error paths the target may name (a prefix ending in '/' matches a folder)
    call: Callable[[str | bytes], object]
    vocabulary: tuple[str, ...]
    binary: bool = False


# --- the real context the loaders need (parsed once, from the repository) ----------------------

@cache
def _layout() -> tuple[object, dict[str, int]]:
    return parse_essay_layout(real(LAYOUT), LAYOUT)


@cache
def _paragraphs() -> list[tuple[str, str]]:
    layout, lines = _layout()
    essay = parse_essay(real(ESSAY), ESSAY, layout, LAYOUT, lines)  # type: ignore[arg-type]
    return [(f"p{i}", p.text) for i, p in enumerate(essay.paragraphs())]


@cache
def _note_tags() -> list[str]:
    return [t.text for t in parse_knowledge_note(real(SOURCE_FILES["note"]), SOURCE_FILES["note"]).tags]


@cache
def _prediction_ids() -> list[str]:
    return [p.id for p in load_predictions(real("data/predictions.yaml"), "data/predictions.yaml")]


@cache
def _scratch() -> Path:
    """A private copy of sources/ (kept for the session) for the targets that read files."""
    folder = Path(tempfile.mkdtemp(prefix="essay-fuzz-"))
    shutil.copytree(ROOT / "sources", folder / "sources")
    return folder


def _text_call(parse: Callable[[str, str], object], path: str) -> Callable[[str | bytes], object]:
    """Return ``parse`` bound to a display path: the shape ``parse_<source>(text, path)`` of every parser."""
    def call(text: str | bytes) -> object:
        return parse(str(text), path)
    return call


def _parse_essay(text: str | bytes) -> object:
    layout, lines = _layout()
    return parse_essay(str(text), ESSAY, layout, LAYOUT, lines)  # type: ignore[arg-type]


def _parse_layout_then_essay(text: str | bytes) -> object:
    layout, lines = parse_essay_layout(str(text), LAYOUT)
    return parse_essay(real(ESSAY), ESSAY, layout, LAYOUT, lines)


def _verify_source(data: str | bytes) -> object:
    # The mutated bytes are checked against the essay's manifest entry.
    return verify_source(bytes(data), MANIFEST["essay"], ESSAY)  # type: ignore[arg-type]


def _load_sources(data: str | bytes) -> object:
    """The manifest is replaced by the sample; the source files stay as recorded."""
    folder = _scratch() / "sources"
    (folder / "manifest.json").write_bytes(bytes(data))  # type: ignore[arg-type]
    return load_sources(folder, "sources")


def _manifest_command(data: str | bytes) -> object:
    """`essay-edition manifest` on a sources folder whose manifest is the sample (re-recorded in place)."""
    import argparse

    from essay_edition.cli import _manifest

    folder = _scratch() / "sources"
    (folder / "manifest.json").write_bytes(bytes(data))  # type: ignore[arg-type]
    _manifest(argparse.Namespace(sources=str(folder), role=None))
    return None


def _read_registry(data: str | bytes) -> object:
    path = _scratch() / "ids.json"
    path.write_bytes(bytes(data))  # type: ignore[arg-type]
    return read_registry(path, "data/ids.json")


# --- vocabularies: the tokens each format is made of, and generic breakers ---------------------

YAML_BREAKERS = (
    ":", ": ", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!", "|", ">-", "'", '"', "%", "@", "`",
    "#", "---", "...", "~", "null", "true", "no", "[]", "{}", "''", "<<: *a", "&a [*a]", "!!str", "!!bool x",
    "!!int ''", "!!int x", "!!float x", "!!timestamp x", "!!binary x", "!!set [1]", "!!omap [1]", "!!null x",
    "!!python/object:os.system", "2025-13-45", "2025-02-30", "1e999", "0x", "9" * 4400, "[" * 1200 + "]" * 1200,
)
JSON_BREAKERS = (
    "{", "}", "[", "]", ",", ":", '"', "null", "0", "-", "1e999", "NaN", '"\\n"', '"\\u0000"', '"\\ud800"', "{}",
    "[]", '"file": ""', '"file": "."', '"file": null', '"file": 5', '"line_sha256": null', '"line_sha256": 5',
    '"sha256": 5', '"text": 5', '"url": []', "9" * 4400, "[" * 1200,
)
TEXT_BREAKERS = ("\r", "\r\n", "\t", "\ufeff", "\x00", "\x0b", "\x0c", "\x85", "\u2028", "\u00a0", "\\", "'", '"',
                 ":", "-", "#", "\n\n", "\n\n\n", " ")


def _yaml_keys(path: str) -> tuple[str, ...]:
    keys = sorted(set(re.findall(r"^\s*-?\s*([A-Za-z_]+):", real(path), re.MULTILINE)))
    return tuple(t for k in keys for t in (f"{k}: ", f"{k}: []", f"{k}: null", f"- {k}: x", f"{k}:"))


def _lines(path: str, limit: int = 40) -> tuple[str, ...]:
    return tuple(line for line in real(path).split("\n")[:limit] if line.strip())


CAPTION_FILES = {"vtt": "tests/data/captions/narration.rolling.vtt", "srt": "tests/data/captions/narration.srt",
                 "json3": "tests/data/captions/narration.json3", "info": "tests/data/captions/narration.info.json"}
VTT_TOKENS = ("WEBVTT", "-->", " --> ", "00:00:01.000", "00:00:01,000", "99:99:99.999", "00:00:00.000 --> 00:00:00.000",
              "<c>", "</c>", "<00:00:02.500>", "<99:00:00.000>", "NOTE", "STYLE", "1", "\n\n", "Kind: captions")
CAPTION_TOKENS = ("---", "TIMESTAMPS", "0:00", "0:59", "9:99", "99:00", "1:00:00", "1:60:00", "12:31",
                  "00:00:13 What are we scaling?", "25:61:00 x", "69,220 views  Dec 23, 2025",
                  "1 views  Feb 30, 2025", "Read: https://x", "label:", "https://example.com/a",
                  "https://www.youtube.com/watch?v=_zgnSbu5GqE", "https://www.youtube.com/watch?v=short")
PODCAST_TOKENS = ("Transcript", "Discussion (0)", "Discussion (x)", "Episode Date: December 23, 2025",
                  "Episode Date: February 30, 2025", "Episode Date: Smarch 1, 2025", "Timestamps",
                  "00:00:00 A", "00:00:00", "99:99:99 x", "00:01:00 B 00:00:30 C", " - ",
                  "Dwarkesh Podcast - x", " Get full access to x")
SUMMARY_TOKENS = ("---", "## Key Points", "## Key Topics Discussed", "## Other", "title: x", "title:",
                  "blog_url: ", "layout: post", "# Key Points", "##")
NOTE_TOKENS = ("Summary", "Key Claims", "Tags", "Related", "  • ", "  • x", "  •", "• x", "#tag", "#Bad", "#",
               "last_validated: 2026-04-06 decay_rate: slow", "last_validated: 2026-99-99 decay_rate: slow",
               "last_validated: x decay_rate: y", "Thoughts on AI Progress (Dec 2025)")


def targets() -> list[Target]:
    """Every parser and curated-data loader, with its base file and the paths its errors may name."""
    src = SOURCE_FILES
    curated: list[tuple[str, str, Callable[[str, str], object]]] = [
        ("load_corrections", "data/asr_corrections.yaml", load_corrections),
        ("load_predictions", "data/predictions.yaml", load_predictions),
        ("load_not_predictions", "data/not_predictions.yaml",
         lambda t, p: load_not_predictions(t, p, _prediction_ids())),
        ("parse_claim_links", "data/claim_links.yaml", parse_claim_links),
        ("parse_people", "data/people.yaml", parse_people),
        ("parse_glossary", "data/glossary.yaml", parse_glossary),
        ("tag_paragraphs", "data/tags.yaml", lambda t, p: tag_paragraphs(t, p, _note_tags(), _paragraphs())),
    ]
    out = [
        Target("parse_essay", ESSAY, (ESSAY, LAYOUT), _parse_essay,
               (*_lines(ESSAY), *_lines(LAYOUT), *TEXT_BREAKERS)),
        Target("parse_essay_layout", LAYOUT, (LAYOUT, ESSAY), _parse_layout_then_essay,
               (*_yaml_keys(LAYOUT), *YAML_BREAKERS, "headings: []", "comments: []", "quotes: []")),
        Target("parse_captions", src["captions"], (src["captions"],), _text_call(parse_captions, src["captions"]),
               (*CAPTION_TOKENS, *TEXT_BREAKERS)),
        Target("parse_podcast", src["podcast"], (src["podcast"],), _text_call(parse_podcast, src["podcast"]),
               (*PODCAST_TOKENS, *TEXT_BREAKERS)),
        Target("parse_summary", src["summary"], (src["summary"],), _text_call(parse_summary, src["summary"]),
               (*SUMMARY_TOKENS, *YAML_BREAKERS, *TEXT_BREAKERS)),
        Target("parse_knowledge_note", src["note"], (src["note"],), _text_call(parse_knowledge_note, src["note"]),
               (*NOTE_TOKENS, *TEXT_BREAKERS)),
        *(Target(name, path, (path,), _text_call(fn, path), (*_yaml_keys(path), *YAML_BREAKERS))
          for name, path, fn in curated),
        Target("verify_source", ESSAY, (ESSAY,), _verify_source, TEXT_BREAKERS, binary=True),
        Target("load_sources", "sources/manifest.json", ("sources/",), _load_sources,
               (*JSON_BREAKERS, *(f'"{Path(p).name}"' for p in src.values())), binary=True),
        Target("read_registry", "data/ids.json", ("data/ids.json",), _read_registry,
               (*JSON_BREAKERS, '"../../x"', '"p-x\\"><img>"', '"essay/../../x/"', '"retired": 1', '"successor": "A B"'),
               binary=True),
        Target("manifest_command", "sources/manifest.json", (str(_scratch() / "sources") + "/",), _manifest_command,
               (*JSON_BREAKERS, *(f'"{Path(p).name}"' for p in src.values()), '"../../etc/passwd"', '"video"'),
               binary=True),
        Target("read_captions_vtt", CAPTION_FILES["vtt"], (CAPTION_FILES["vtt"],),
               _text_call(read_captions, CAPTION_FILES["vtt"]), (*VTT_TOKENS, *TEXT_BREAKERS)),
        Target("read_captions_srt", CAPTION_FILES["srt"], (CAPTION_FILES["srt"],),
               _text_call(read_captions, CAPTION_FILES["srt"]), (*VTT_TOKENS, *TEXT_BREAKERS)),
        Target("read_captions_json3", CAPTION_FILES["json3"], (CAPTION_FILES["json3"],),
               _text_call(read_captions, CAPTION_FILES["json3"]), (*JSON_BREAKERS, '"tOffsetMs": -5', '"segs": 5')),
        Target("parse_video_info", CAPTION_FILES["info"], (CAPTION_FILES["info"],),
               _text_call(parse_video_info, CAPTION_FILES["info"]), (*JSON_BREAKERS, '"id": "x"', '"duration": -1')),
        Target("read_essay_markdown", "examples/essay.md", ("examples/essay.md",),
               _text_call(lambda t, p: read_essay(t, p), "examples/essay.md"),
               (*YAML_BREAKERS, "# ", "## ", "> ", "[^1]", "[^1]: note", "<!-- comments -->", *TEXT_BREAKERS)),
    ]
    return out


# --- strategies ----------------------------------------------------------------------------------

def _text(max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


def _payload(vocabulary: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(vocabulary), _text(12), st.sampled_from(TEXT_BREAKERS))


@st.composite
def random_sample(draw: st.DrawFn, target: Target) -> Sample:
    """Text made of the target's tokens and arbitrary unicode, joined by newlines (or not)."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(target.vocabulary), _text()), max_size=30))
    joiner = draw(st.sampled_from(("\n", "", " ", "\r\n", "\n\n")))
    text = joiner.join(pieces)
    if target.binary and draw(st.booleans()):
        return Sample(draw(st.binary(max_size=200)), "random")
    return Sample(text.encode("utf-8", "surrogatepass") if target.binary else text, "random")


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    start = starts[index % len(starts)]
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _mutate_text(draw: st.DrawFn, text: str, vocabulary: tuple[str, ...]) -> tuple[str, str]:
    """Apply one mutation to ``text``; return the new text and a short description of it."""
    kind = draw(st.sampled_from(("insert", "delete", "duplicate", "replace", "swap_lines", "delete_line",
                                 "duplicate_line", "insert_line", "truncate", "crlf", "bom", "tabs")))
    pos = draw(st.integers(0, len(text)))
    if kind == "insert":
        payload = draw(_payload(vocabulary))
        return text[:pos] + payload + text[pos:], f"insert({pos}, {payload[:40]!r})"
    if kind == "delete":
        n = draw(st.integers(1, 200))
        return text[:pos] + text[pos + n:], f"delete({pos}, {n})"
    if kind == "duplicate":
        n = draw(st.integers(1, 200))
        return text[:pos + n] + text[pos:pos + n] + text[pos + n:], f"duplicate({pos}, {n})"
    if kind == "replace":
        char = draw(st.characters(codec="utf-8"))
        return text[:pos] + char + text[pos + 1:], f"replace({pos}, {char!r})"
    lines = text.split("\n")
    i, j = pos % len(lines), draw(st.integers(0, len(lines) - 1))
    if kind == "swap_lines":
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap_lines({i + 1}, {j + 1})"
    if kind == "delete_line":
        del lines[i]
        return "\n".join(lines), f"delete_line({i + 1})"
    if kind == "duplicate_line":
        lines.insert(i, lines[i])
        return "\n".join(lines), f"duplicate_line({i + 1})"
    if kind == "insert_line":
        payload = draw(_payload(vocabulary))
        lines.insert(i, payload)
        return "\n".join(lines), f"insert_line({i + 1}, {payload[:40]!r})"
    if kind == "truncate":
        return text[:pos], f"truncate({pos})"
    if kind == "crlf":
        if draw(st.booleans()):
            return text.replace("\n", "\r\n"), "crlf(all)"
        start, end = _line_bounds(text, i)
        return text[:end] + "\r" + text[end:], f"crlf(line {i + 1})"
    if kind == "bom":
        return "\ufeff" + text, "bom()"
    start, end = _line_bounds(text, i)  # tabs: a line's leading spaces (or its start) become a tab
    line = text[start:end]
    return text[:start] + "\t" + line.lstrip(" ") + text[end:], f"tabs(line {i + 1})"


def _mutate_bytes(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """Apply one byte-level mutation (which may break UTF-8); return the bytes and a description."""
    kind = draw(st.sampled_from(("delete_byte", "insert_bytes", "flip_byte", "latin1")))
    pos = draw(st.integers(0, len(data)))
    if kind == "delete_byte":
        return data[:pos] + data[pos + 1:], f"delete_byte({pos})"
    if kind == "insert_bytes":
        payload = draw(st.binary(min_size=1, max_size=4))
        return data[:pos] + payload + data[pos:], f"insert_bytes({pos}, {payload!r})"
    if kind == "flip_byte" and pos < len(data):
        bit = draw(st.integers(0, 7))
        return data[:pos] + bytes([data[pos] ^ (1 << bit)]) + data[pos + 1:], f"flip_byte({pos}, bit {bit})"
    return data.decode("utf-8", "replace").encode("latin-1", "replace"), "latin1()"


@st.composite
def mutated_sample(draw: st.DrawFn, target: Target) -> Sample:
    """The target's real file under one to four mutations (bytes targets may also get byte damage)."""
    text = real(target.base)
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        text, step = _mutate_text(draw, text, target.vocabulary)
        steps.append(step)
    if not target.binary:
        return Sample(text, target.base, tuple(steps))
    data = text.encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        data, step = _mutate_bytes(draw, data)
        steps.append(step)
    return Sample(data, target.base, tuple(steps))


def samples(target: Target) -> st.SearchStrategy[Sample]:
    """Random text first (so failures shrink towards a short literal), then mutations of the real file."""
    return st.one_of(random_sample(target), mutated_sample(target))


# --- the property ----------------------------------------------------------------------------------

def error_problem(err: SourceError, target: Target) -> tuple[str, str] | None:
    """Return (kind, detail) of what is wrong with a SourceError's form, or None when it is one proper line."""
    text = str(err)
    if len(text.splitlines()) != 1:
        return "multi-line message", f"{len(text.splitlines())} lines: {text!r}"
    if not any(err.path == p or (p.endswith("/") and err.path.startswith(p)) for p in target.paths):
        return "wrong path", f"{err.path!r} is none of {list(target.paths)}"
    if err.line is not None and (not isinstance(err.line, int) or isinstance(err.line, bool) or err.line < 1):
        return "line not positive", f"line {err.line!r}: {text!r}"
    if err.column is not None and (not isinstance(err.column, int) or err.column < 1):
        return "column not positive", f"column {err.column!r}: {text!r}"
    where = err.path if err.line is None else f"{err.path}:{err.line}"
    if err.column is not None:
        where += f":{err.column}"
    if not text.startswith(f"{where}: "):
        return "message does not start with path:line[:col]", f"expected {where!r}: {text!r}"
    return None


class MalformedSourceError(AssertionError):
    """A SourceError was raised, but its text is not one ``path:line: message`` line for the target."""

    def __init__(self, kind: str, detail: str, err: SourceError) -> None:
        super().__init__(f"malformed SourceError ({kind}): {detail}")
        self.kind = kind
        self.err = err


def signature(exc: BaseException) -> str:
    """Return the exception type and the line that raised it: one bug, one signature."""
    if isinstance(exc, MalformedSourceError):
        return f"SourceError with {exc.kind}, raised at {_frame(exc.err.__traceback__, ours=False)}"
    return f"{type(exc).__name__} at {_frame(exc.__traceback__, ours=False)}"


def entry(exc: BaseException) -> str:
    """Return the innermost frame of essay_edition the exception passed through (where to fix it)."""
    if isinstance(exc, MalformedSourceError):
        exc = exc.err
    return _frame(exc.__traceback__, ours=True)


def _frame(tb: object, ours: bool) -> str:
    frames = list(traceback.extract_tb(tb))  # type: ignore[arg-type]
    if ours:
        frames = [f for f in frames if "essay_edition" in f.filename] or frames
    f = frames[-1]
    return f"{Path(f.filename).name}:{f.lineno} ({f.name})"


def judge(target: Target, sample: Sample) -> str:
    """Run the target on the sample: return 'ok' or 'error'; anything else breaking the property propagates."""
    try:
        target.call(sample.data)
    except SourceError as err:
        problem = error_problem(err, target)
        if problem:
            raise MalformedSourceError(*problem, err) from err
        return "error"
    return "ok"
