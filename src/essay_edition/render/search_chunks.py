"""Re-cut Pagefind's word index into chunks sized for the site, so a query loads a few small files.

Pagefind splits its word index into chunks of consecutive words, and a query loads the chunk of each of
its words. Pagefind 1.5 closes a chunk at a fixed 20,000 word positions (``chunk_index`` in its
``index/mod.rs``, marked "TODO: Parameterize"; neither its command line nor its Python API sets it), so
on a site of one essay the whole index is two or three chunks and a phrase of a few words loads all of
them: the index's cost does not shrink with the query. No option or library changes that, so this module
rewrites the chunks after Pagefind has written them, in Pagefind's own format (which ``cbor2`` reads and
writes byte for byte):

- ``pagefind-entry.json`` names each language's metadata file, ``pagefind.<hash>.pf_meta``;
- the metadata and each ``index/<hash>.pf_index`` are gzip of ``pagefind_dcd`` and a CBOR value; the
  metadata's third field lists the chunks as ``[from, to, hash]``, the words ``from`` to ``to``;
- a chunk is ``[words]``; a word is ``[word, pages, ...]``; a page is ``[page number, positions, ...]``.

The words keep their order and their bytes; only the cut between chunks moves, made as Pagefind makes
it (a chunk closes once it holds the target number of positions, :func:`_cut`; its bounds are the words
either side of the cut, the later one shortened to where the two differ, :func:`_boundaries`), so the
search engine reads the result as it would a larger site's index. The target grows with the square root of the index's positions
(:func:`positions_per_chunk`): every query loads the metadata, which lists every chunk, and one chunk per
word, and the sum of the two is least when both grow alike. An index in a form this module does not
know is left as Pagefind wrote it (:class:`UnknownIndexFormat`): search then works, loading more.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What every compressed Pagefind file holds before its CBOR value."""

ENTRY = "pagefind-entry.json"

MIN_POSITIONS = 2000
"""The least positions a chunk closes at: below it, a chunk is mostly a few words' bookkeeping."""

POSITIONS_PER_ROOT = 1.5
"""A chunk closes at this many times the square root of the index's positions (when above the least):
the ratio of a chunk entry's cost in the metadata to a position's in a chunk, over the words of a query."""


class UnknownIndexFormat(ValueError):
    """The index is not in the form this module reads; the message says what was unexpected."""


@dataclass(frozen=True)
class Rechunked:
    """What re-cutting did to one language's index: chunks before and after, and positions per chunk."""

    language: str
    chunks_before: int
    chunks_after: int
    positions_per_chunk: int


def positions_per_chunk(total_positions: int) -> int:
    """Return the positions at which a chunk closes, for an index of ``total_positions``."""
    return max(MIN_POSITIONS, math.ceil(POSITIONS_PER_ROOT * math.sqrt(total_positions)))


def word_positions(word: Sequence[Any]) -> int:
    """Return a word's weight in a chunk as Pagefind counts it: its positions plus one per page."""
    return sum(len(page[1]) + 1 for page in word[1])


def _read(path: Path) -> Any:
    """Return the CBOR value of a compressed Pagefind file."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownIndexFormat(f"{path.name}: no {SIGNATURE.decode()} signature")
    return cbor2.loads(data[len(SIGNATURE):])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any, taken: set[str]) -> str:
    """Write ``value`` as a compressed Pagefind file named by its content's hash; return the name's hash.

    The hash is the language and the first ``digits`` of a SHA-256 (more on a clash), so a rebuild of the
    same site writes the same names, and a changed chunk a new name that no cache holds stale."""
    data = SIGNATURE + cbor2.dumps(value)
    digest = hashlib.sha256(data).hexdigest()
    while (name := f"{prefix}_{digest[:digits]}") in taken:
        digits += 1
    taken.add(name)
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def _checked_words(value: Any, name: str) -> list[list[Any]]:
    """Return a chunk's words, or raise UnknownIndexFormat unless each is ``[word, [[page, [positions]]…]…]``."""
    if not (isinstance(value, list) and value and isinstance(value[0], list)):
        raise UnknownIndexFormat(f"{name}: a chunk is not a list of words")
    for word in value[0]:
        if not (isinstance(word, list) and len(word) >= 2 and isinstance(word[0], str) and isinstance(word[1], list)
                and all(isinstance(page, list) and len(page) >= 2 and isinstance(page[1], list) for page in word[1])):
            raise UnknownIndexFormat(f"{name}: a word is not [word, [[page, [positions]], …]]")
    return value[0]


def _cut(words: Sequence[list[Any]], limit: int) -> Iterator[list[list[Any]]]:
    """Yield the words in runs, each closed once it holds ``limit`` positions (the last may hold fewer)."""
    run: list[list[Any]] = []
    size = 0
    for word in words:
        run.append(word)
        size += word_positions(word)
        if size >= limit:
            yield run
            run, size = [], 0
    if run:
        yield run


def _boundaries(runs: Sequence[Sequence[list[Any]]]) -> list[tuple[str, str]]:
    """Return each run's ``(from, to)``: its first and last word, the first cut to one character past the
    prefix it shares with the run before's last word.

    Pagefind cuts both sides of a boundary so; the last word of a run is left whole here, because the
    engine loads, for each word of a query, the chunk whose bounds hold it, and a word longer than its
    cut bound ("hobbi" in a chunk that ends at "hob") is in no chunk's bounds. Cut on one side, every
    word of the index is inside its own chunk's bounds and no earlier one's, and a word between two
    chunks' bounds begins no word of the index (it would otherwise sort inside one of them)."""
    bounds = [[run[0][0], run[-1][0]] for run in runs]
    for before, after in zip(bounds, bounds[1:]):
        last, first = before[1], after[0]
        common = 0
        while common < min(len(last), len(first)) and last[common] == first[common]:
            common += 1
        after[0] = first[:common + 1]
    return [(start, end) for start, end in bounds]


def rechunk_language(output: Path, language: str, meta_hash: str) -> tuple[str, Rechunked]:
    """Re-cut one language's chunks in ``output``; return its new metadata hash and what was done."""
    meta_path = output / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[0], str) and isinstance(meta[2], list)
            and all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c) for c in meta[2])):
        raise UnknownIndexFormat(f"{meta_path.name}: no list of [from, to, hash] chunks in its third field")
    old_chunks = [output / "index" / f"{hash_}.pf_index" for _, _, hash_ in meta[2]]
    words = [word for path in old_chunks for word in _checked_words(_read(path), path.name)]
    limit = positions_per_chunk(sum(word_positions(word) for word in words))
    runs = list(_cut(words, limit))
    prefix = meta_hash.split("_", 1)[0]
    taken: set[str] = set()
    new_chunks = []
    for run, (start, end) in zip(runs, _boundaries(runs)):
        new_chunks.append([start, end, _write(output / "index", prefix, 7, ".pf_index", [run], taken)])
    for path in old_chunks:
        if path.stem not in taken:
            path.unlink()
    meta[2] = new_chunks
    new_meta_hash = _write(output, f"pagefind.{prefix}", 10, ".pf_meta", meta, set()).removeprefix("pagefind.")
    if new_meta_hash != meta_hash:
        meta_path.unlink()
    return new_meta_hash, Rechunked(language, len(old_chunks), len(new_chunks), limit)


def rechunk_index(output: Path) -> list[Rechunked]:
    """Re-cut the chunks of every language of the Pagefind index in ``output``; return what was done per
    language. Raise UnknownIndexFormat, having changed nothing of a language, if its files are not in the
    form described above (a language re-cut before it stays re-cut: its files and entry agree)."""
    entry_path = output / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict):
        raise UnknownIndexFormat(f"{ENTRY}: no languages")
    done = []
    try:
        for language, about in languages.items():
            if not isinstance(about, dict) or not isinstance(about.get("hash"), str):
                raise UnknownIndexFormat(f"{ENTRY}: language {language!r} names no metadata hash")
            about["hash"], rechunked = rechunk_language(output, language, about["hash"])
            done.append(rechunked)
    finally:
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return done
