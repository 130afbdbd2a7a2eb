"""Synthetic corpora for the benchmarks: k distinct essays with narrations, made from the real sources.

Each copy is a complete essay input (its own sources folder with a re-recorded manifest, and its own
copy of every curated data file) that the pipeline must accept exactly as it accepts the real one:

* **renamed** – the essay's first line and ``title:`` in the layout get a copy-specific suffix (the old
  title stays a prefix, so any curated string quoting it still matches);
* **shuffled** – whole sections (heading plus everything up to the next heading) are reordered in the
  essay text and the layout's ``headings:`` list is reordered the same way, so a quote intro stays
  followed by its quote; the narration (captions) and the other sources are kept as they are;
* **perturbed** – a few single-word edits (synonyms) in sentences that no multi-word curated string
  (from any ``*.yaml`` in the data folder, including phrases quoted inside notes) touches; a word that
  is itself a curated string (a glossary form, a name) is never edited, and an edit is kept only if
  every curated string still occurs exactly as often as before;
* each copy has its own **empty id registry** (the committed one is not copied).

Only the files' formats are assumed (the essay's heading/section layout and the layout YAML's
``title``/``headings`` keys, the sources manifest); nothing is imported from the pipeline but
:func:`essay_edition.sources.write_manifest`, the documented way to re-record a manifest.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from essay_edition.sources import write_manifest

LAYOUT = "essay_layout.yaml"
REGISTRY = "ids.json"
MANIFEST = "manifest.json"
EDITS_PER_COPY = 4

# Single-word synonyms for the perturbation; none is a word the prediction finder looks for.
SYNONYMS = {
    "really": "truly", "very": "quite", "big": "large", "huge": "vast", "clearly": "plainly",
    "basically": "essentially", "obviously": "evidently", "interesting": "intriguing", "often": "frequently",
    "quickly": "rapidly", "hard": "difficult", "easy": "simple", "entire": "whole", "extremely": "exceedingly",
    "totally": "entirely", "incredibly": "remarkably", "smart": "clever", "fast": "quick", "people": "folks",
    "important": "crucial", "just": "simply", "actually": "really", "lots": "plenty", "thing": "matter",
    "things": "matters", "seems": "appears", "start": "begin", "bunch": "heap", "whole": "entire",
    "idea": "notion", "kind": "sort", "tons": "heaps", "mostly": "largely", "roughly": "approximately",
    "easily": "readily", "crazy": "insane", "rational": "sensible", "quite": "rather", "scarce": "sparse",
    "robust": "reliable", "currently": "presently", "relevant": "pertinent", "intrepid": "bold",
    "implications": "consequences", "underrating": "underestimating", "crafting": "making",
}
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
_QUOTED = re.compile(r"“([^”]{3,})”|‘([^’]{3,})’|\"([^\"]{3,})\"|'([^']{6,})'")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class SyntheticEssay:
    """One generated essay input: where its sources and data live, its title and URL prefix."""

    index: int
    root: Path
    sources_dir: Path
    data_dir: Path
    title: str
    prefix: str
    section_order: tuple[int, ...]
    edits: tuple[tuple[str, str], ...]


def _fold(text: str) -> str:
    """Case- and typography-fold (one char to one char, so offsets are kept)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD))


def curated_strings(data_dir: Path) -> list[str]:
    """Every string value of every curated YAML file, plus phrases quoted inside them (notes)."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node.strip())
            for match in _QUOTED.finditer(node):
                out.append(next(g for g in match.groups() if g).strip())
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(data_dir.rglob("*.y*ml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted({s for s in out if len(s) >= 2})


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def _counts(folded_text: str, folded_strings: list[str]) -> list[int]:
    return [folded_text.count(s) for s in folded_strings]


# --- the essay's shape: title, subtitle, sections, then comments after two blank lines -------------


def _body_end(lines: list[str]) -> int:
    for i in range(2, len(lines) - 1):
        if not lines[i].strip() and not lines[i + 1].strip():
            return i
    return len(lines)


def _split_sections(lines: list[str], headings: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """Return (lines before the first heading, one chunk of lines per section, lines after the body)."""
    end = _body_end(lines)
    body = lines[:end]
    starts = [i for i, line in enumerate(body) if i >= 2 and line.strip() in headings]
    if len(starts) != len(headings):
        raise ValueError(f"found {len(starts)} of the {len(headings)} layout headings in the essay")
    chunks = [body[a:b] for a, b in zip(starts, [*starts[1:], end], strict=False)]
    return body[: starts[0]], chunks, lines[end:]


# --- edits of the layout YAML that keep its comments and line numbers -----------------------------


def _top_value(text: str, key: str) -> yaml.Node:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError(f"{LAYOUT} is not a mapping")
    for k, v in root.value:
        if k.value == key:
            return v
    raise KeyError(f"{LAYOUT} has no {key!r}")


def _edit_layout(text: str, title: str, order: list[int]) -> str:
    """Return the layout text with a new title and its headings in ``order`` (indices into the old list)."""
    title_node = _top_value(text, "title")
    items = _top_value(text, "headings").value
    slices = [text[n.start_mark.index:n.end_mark.index] for n in items]
    replacements = [(n.start_mark.index, n.end_mark.index, slices[order[i]]) for i, n in enumerate(items)]
    replacements.append((title_node.start_mark.index, title_node.end_mark.index,
                         json.dumps(title, ensure_ascii=False)))
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# --- perturbation -----------------------------------------------------------------------------------


def _opening_end(line: str, words: int = 6) -> int:
    """Offset just past the first ``words`` words of a line (or its end)."""
    matches = list(_WORD.finditer(line))
    return matches[words - 1].end() if len(matches) >= words else len(line)


def _perturb(text: str, body_span: tuple[int, int], strings: list[str], rng: random.Random,
             protect: set[str]) -> tuple[str, list[tuple[str, str]]]:
    """Return the essay text with up to EDITS_PER_COPY synonym edits, and the edits made."""
    folded_strings = [_fold(s) for s in strings]
    phrases = [s for s in folded_strings if " " in s.strip()]
    words = {s for s in folded_strings if " " not in s.strip()}
    folded = _fold(text)
    covered = bytearray(len(text))
    for phrase in phrases:
        for start in _occurrences(folded, phrase):
            covered[start:start + len(phrase)] = b"\1" * len(phrase)
    # candidate sites: a synonym-table word in an uncovered sentence of a body paragraph
    candidates: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not body_span[0] <= line_start < body_span[1] or line.strip() in protect or line.rstrip().endswith(":"):
            continue
        pos = 0
        for sentence in _SENTENCE_END.split(line):
            s_start = line_start + line.index(sentence, pos)
            pos = s_start - line_start + len(sentence)
            if any(covered[s_start:s_start + len(sentence)]):
                continue
            opening_end = line_start + _opening_end(line)  # a paragraph's opening words name its id
            for match in _WORD.finditer(sentence):
                if s_start + match.start() >= opening_end and match[0].lower() in SYNONYMS \
                        and match[0].lower() not in words:
                    candidates.append((s_start + match.start(), s_start + match.end()))
    rng.shuffle(candidates)
    before = _counts(folded, folded_strings)
    edits: list[tuple[str, str]] = []
    shifts: list[tuple[int, int]] = []  # (original offset, length change) of the edits made
    for orig_start, orig_end in candidates:
        if len(edits) == EDITS_PER_COPY:
            break
        delta = sum(shift for at, shift in shifts if at < orig_start)
        start, end = orig_start + delta, orig_end + delta
        old = text[start:end]
        new = SYNONYMS[old.lower()]
        new = new.capitalize() if old[0].isupper() else new
        trial = text[:start] + new + text[end:]
        if _counts(_fold(trial), folded_strings) != before:
            continue
        shifts.append((orig_start, len(new) - len(old)))
        text, edits = trial, [*edits, (old, new)]
    return text, edits


def uncovered_sentence_count(sources_dir: Path, data_dir: Path) -> tuple[int, int]:
    """Return (sentences in body paragraphs, of which no multi-word curated string touches) — for reports."""
    essay_name = json.loads((sources_dir / MANIFEST).read_text(encoding="utf-8"))["essay"]["file"]
    text = (sources_dir / essay_name).read_text(encoding="utf-8")
    folded = _fold(text)
    phrases = [_fold(s) for s in curated_strings(data_dir) if " " in s.strip()]
    covered = bytearray(len(text))
    for phrase in phrases:
        for start in _occurrences(folded, phrase):
            covered[start:start + len(phrase)] = b"\1" * len(phrase)
    lines = text.split("\n")
    end = sum(len(line) + 1 for line in lines[:_body_end(lines)])
    total = free = 0
    offset = 0
    for line in lines:
        line_start, offset = offset, offset + len(line) + 1
        if line_start >= end or line_start < len(lines[0]) + len(lines[1]) + 2:
            continue
        for sentence in _SENTENCE_END.split(line):
            s_start = text.index(sentence, line_start)
            total += 1
            free += not any(covered[s_start:s_start + len(sentence)])
    return total, free


# --- one copy, and a corpus -------------------------------------------------------------------------


def empty_registry(data_dir: Path) -> None:
    """Give a data folder an empty id registry (the build starts one when the file is absent)."""
    (data_dir / REGISTRY).unlink(missing_ok=True)


def make_copy(index: int, sources_dir: Path, data_dir: Path, out_dir: Path, seed: int = 0) -> SyntheticEssay:
    """Write synthetic essay ``index`` under ``out_dir/eNN/`` (sources/ and data/) and describe it."""
    rng = random.Random(f"{seed}:{index}")
    root = out_dir / f"e{index:02d}"
    if root.exists():
        shutil.rmtree(root)
    src, data = root / "sources", root / "data"
    shutil.copytree(sources_dir, src)
    shutil.copytree(data_dir, data)
    empty_registry(data)

    manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    essay_path = src / str(manifest["essay"]["file"])
    lines = essay_path.read_text(encoding="utf-8").split("\n")
    layout_text = (data / LAYOUT).read_text(encoding="utf-8")
    layout = yaml.safe_load(layout_text)
    headings = [str(h) for h in layout["headings"]]

    title = f"{layout['title']} — synthetic copy {index:02d}"
    if lines[0].strip() != layout["title"]:
        raise ValueError(f"the essay's first line is not the layout title {layout['title']!r}")
    lines[0] = title
    head, chunks, tail = _split_sections(lines, headings)
    order = list(range(len(chunks)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    body_lines = head + [line for i in order for line in chunks[i]]
    body_text = "\n".join(body_lines)
    body_span = (len(lines[0]) + len(lines[1]) + 2, len(body_text))
    text = "\n".join(body_lines + tail)
    text, edits = _perturb(text, body_span, curated_strings(data), rng, set(headings) | {title, lines[1].strip()})
    essay_path.write_text(text, encoding="utf-8")
    (data / LAYOUT).write_text(_edit_layout(layout_text, title, order), encoding="utf-8")

    files = {role: str(entry["file"]) for role, entry in manifest.items()}
    origins = {role: f"synthetic copy {index:02d} of {entry.get('origin') or entry['file']}"
               if role == "essay" else str(entry.get("origin", "")) for role, entry in manifest.items()}
    write_manifest(src, files, origins)
    return SyntheticEssay(index, root, src, data, title, f"essays/e{index:02d}/", tuple(order), tuple(edits))


def make_corpus(count: int, sources_dir: Path, data_dir: Path, out_dir: Path, seed: int = 0) -> list[SyntheticEssay]:
    """Write ``count`` synthetic essays under ``out_dir`` (copy i is the same for every count)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [make_copy(i, sources_dir, data_dir, out_dir, seed) for i in range(count)]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic corpus of essays made from the real sources.")
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    repo = Path(args.root)
    for essay in make_corpus(args.count, repo / "sources", repo / "data", Path(args.out)):
        print(f"{essay.root}: sections {essay.section_order}, edits {list(essay.edits)}")
