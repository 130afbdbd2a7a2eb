"""Cut Pagefind's word index into chunks sized for the site, and merge indexes made in parts.

Pagefind splits its word index into chunks of consecutive words, and a query loads the chunk of each of
its words. Pagefind 1.5 closes a chunk at a fixed 20,000 word positions (``chunk_index`` in its
``index/mod.rs``, marked "TODO: Parameterize"; neither its command line nor its Python API sets it), so
on a site of one essay the whole index is two or three chunks and a phrase of a few words loads all of
them: the index's cost does not shrink with the query. And its indexer holds every document of a run in
memory, which on a site of hundreds of essays is gigabytes. No option or library changes either, so this
module rewrites the index after Pagefind has written it, in Pagefind's own format (which ``cbor2`` reads
and writes byte for byte):

- ``pagefind-entry.json`` names each language's metadata file, ``pagefind.<hash>.pf_meta``;
- the metadata and each ``index/<hash>.pf_index`` are gzip of ``pagefind_dcd`` and a CBOR value; the
  metadata is ``[version, documents, chunks, filters, sorts, metadata fields]``, a document
  ``[fragment hash, word count]``, a chunk ``[from, to, hash]`` (the words ``from`` to ``to``);
- a chunk file is ``[words]``; a word is ``[word, documents, variants]``, a variant (an accented form
  Pagefind folds into the word) ``[form, documents]``; a word's document is ``[number, positions,
  metadata positions]``, numbered by difference from the word's document before (the first from 0),
  its metadata positions each led by a field's marker (``-1`` for the first field).

:func:`rechunk_index` keeps the words, their order and their bytes, and moves only the cut between
chunks, made much as Pagefind makes it (a chunk closes once it holds the target number of positions,
at a cut that keeps words of a longer common start together, :func:`_cut`; its bounds are the words
either side of the cut, the later one shortened to where the two differ, :func:`start_bound`), so the
search engine reads the result as it would a larger site's index.
The target grows with the square root of the documents' words (:func:`positions_per_chunk`): every
query loads the metadata, which lists every chunk, and one chunk per word, and the sum of the two is
least when both grow alike. :func:`merge_indexes` joins indexes of parts of the documents into the one a
single run would make, cut the same way, merging ranges of words (by their first character) side by side
in worker processes. An index in a form this module does not know raises
:class:`UnknownIndexFormat`, and the caller keeps Pagefind's own: search then works, loading more.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import math
import shutil
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from ..workers import forked_pool

SIGNATURE = b"pagefind_dcd"
"""What every compressed Pagefind file holds before its CBOR value."""

ENTRY = "pagefind-entry.json"

MIN_POSITIONS = 2000
"""The least positions a chunk closes at: a query of a few words then loads a few kilobytes of index."""

POSITIONS_PER_ROOT = 1.5
"""A chunk closes at this many times the square root of the documents' words (when above the least):
the ratio of a chunk entry's cost in the metadata to a position's in a chunk, over the words of a query."""


MERGE_RANGES = 8
"""The most ranges of words a merge cuts its index's words into, each from one first character up to
before another: the ranges are merged side by side in worker processes, and a range's last chunk closes
where the next range begins, between two words that share no character (where :func:`_cut` may close a
chunk too). A number of the merge's, not of the machine's workers, so every machine writes the same
index."""

OVERFULL = 1.5
"""A chunk that has reached its size closes at a cut between words that share at most one character,
or once it holds this many times its size."""


class UnknownIndexFormat(ValueError):
    """The index is not in the form this module reads; the message says what was unexpected."""


@dataclass(frozen=True)
class Rechunked:
    """What re-cutting did to one language's index: chunks before and after, and positions per chunk."""

    language: str
    chunks_before: int
    chunks_after: int
    positions_per_chunk: int


def positions_per_chunk(words: int) -> int:
    """Return the positions at which a chunk closes, for an index of documents of ``words`` words in all
    (the metadata lists each document's; about as many as the index has positions, with no need to read
    it)."""
    return max(MIN_POSITIONS, math.ceil(POSITIONS_PER_ROOT * math.sqrt(words)))


def word_positions(word: Sequence[Any]) -> int:
    """Return a word's weight in a chunk as Pagefind counts it, its variants' included: its positions
    plus one per page."""
    variants = word[2] if len(word) > 2 else []
    return sum(len(page[1]) + 1 for pages in (word[1], *(variant[1] for variant in variants)) for page in pages)


def _read(path: Path) -> Any:
    """Return the CBOR value of a compressed Pagefind file; raise UnknownIndexFormat if it is not one."""
    try:
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE):
            raise UnknownIndexFormat(f"{path.name}: no {SIGNATURE.decode()} signature")
        return cbor2.loads(data[len(SIGNATURE):])
    except (OSError, EOFError, zlib.error, cbor2.CBORDecodeError) as err:
        raise UnknownIndexFormat(f"{path.name}: not a compressed CBOR file ({err})") from None


def _encoded(value: Any) -> tuple[bytes, str]:
    """Return a Pagefind file's content for ``value`` (before compression), and its SHA-256 in hex."""
    data = SIGNATURE + cbor2.dumps(value)
    return data, hashlib.sha256(data).hexdigest()


def _compressed(data: bytes) -> bytes:
    """Return a Pagefind file's bytes as written: gzip at level 9, with no time in its header, so the
    same content always gives the same file."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _name(prefix: str, digest: str, digits: int, taken: set[str]) -> str:
    """Return a file's name (less its suffix) for a content of hash ``digest``, not among ``taken``, and
    add it there: the language and the first ``digits`` of the hash, more on a clash."""
    while (name := f"{prefix}_{digest[:digits]}") in taken:
        digits += 1
    taken.add(name)
    return name


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any, taken: set[str]) -> str:
    """Write ``value`` as a compressed Pagefind file named by its content's hash; return the name's hash.

    The hash is the language and the first ``digits`` of a SHA-256 (more on a clash), so a rebuild of the
    same site writes the same names, and a changed chunk a new name that no cache holds stale."""
    data, digest = _encoded(value)
    name = _name(prefix, digest, digits, taken)
    (folder / f"{name}{suffix}").write_bytes(_compressed(data))
    return name


def _write_meta(output: Path, prefix: str, meta: list[Any]) -> str:
    """Write a language's metadata into ``output``; return its hash, as the entry file names it."""
    return _write(output, f"pagefind.{prefix}", 10, ".pf_meta", meta, set()).removeprefix("pagefind.")


def _write_entry(output: Path, entry: dict[str, Any]) -> None:
    """Write the entry file, which names each language's metadata, into ``output`` (compact, as Pagefind does)."""
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _is_pages(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(page, list) and len(page) >= 2 and isinstance(page[0], int) and isinstance(page[1], list)
        for page in value)


def _checked_words(value: Any, name: str) -> list[list[Any]]:
    """Return a chunk's words, or raise UnknownIndexFormat unless each is ``[word, pages, variants]``: its
    pages ``[[page, [positions], …]…]``, and its variants (the accented forms Pagefind folds into it)
    ``[[form, pages]…]``."""
    if not (isinstance(value, list) and value and isinstance(value[0], list)):
        raise UnknownIndexFormat(f"{name}: a chunk is not a list of words")
    for word in value[0]:
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str) and _is_pages(word[1])
                and isinstance(word[2], list)
                and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and _is_pages(v[1])
                        for v in word[2])):
            raise UnknownIndexFormat(f"{name}: a word is not [word, [[page, [positions]], …], [[form, pages], …]]")
    return value[0]


def _shared_prefix(a: str, b: str) -> int:
    """Return how many characters ``a`` and ``b`` share at their start."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common


def _cut(words: Iterable[list[Any]], limit: int) -> Iterator[list[list[Any]]]:
    """Yield the words in runs of at least ``limit`` positions (the last may hold fewer), each closed
    before the first word that shares at most one character with the run's last, or at
    ``OVERFULL`` times the limit.

    The engine loads one chunk for a word of a query, and a query's last word also finds the words it
    begins ("check" finds "checkpoint") in that chunk only: a cut between two words that share a longer
    start ("checkable" | "checkpoint") hides the later from the prefix."""
    run: list[list[Any]] = []
    size = 0
    for word in words:
        if run and size >= limit and (_shared_prefix(run[-1][0], word[0]) <= 1 or size >= OVERFULL * limit):
            yield run
            run, size = [], 0
        run.append(word)
        size += word_positions(word)
    if run:
        yield run


def start_bound(last_before: str, first: str) -> str:
    """Return the lower bound of a chunk that begins at ``first``, after one that ends at ``last_before``:
    ``first`` cut to one character past the prefix the two share.

    Pagefind cuts both sides of a boundary so; a chunk's upper bound is its last word whole here, because
    the engine loads, for each word of a query, the chunk whose bounds hold it, and a word longer than its
    cut bound ("hobbi" in a chunk that ends at "hob") is in no chunk's bounds. Cut on one side, every word
    of the index is inside its own chunk's bounds and no earlier one's, and a word between two chunks'
    bounds begins no word of the index (it would otherwise sort inside one of them)."""
    return first[:_shared_prefix(last_before, first) + 1]


def _write_chunks(words: Iterable[list[Any]], limit: int, folder: Path, prefix: str) -> list[list[str]]:
    """Write the words, in order, as chunks of ``limit`` positions into ``folder``; return the metadata's
    list of them, ``[from, to, hash]`` each."""
    chunks: list[list[str]] = []
    taken: set[str] = set()
    for run in _cut(words, limit):
        start = start_bound(chunks[-1][1], run[0][0]) if chunks else run[0][0]
        chunks.append([start, run[-1][0], _write(folder, prefix, 7, ".pf_index", [run], taken)])
    return chunks


def _checked_meta(meta: Any, name: str) -> list[Any]:
    """Return the metadata, or raise UnknownIndexFormat unless its third field lists ``[from, to, hash]``."""
    if not (isinstance(meta, list) and len(meta) >= 3 and isinstance(meta[0], str) and isinstance(meta[2], list)
            and all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c) for c in meta[2])):
        raise UnknownIndexFormat(f"{name}: no list of [from, to, hash] chunks in its third field")
    if not (isinstance(meta[1], list) and all(isinstance(d, list) and len(d) == 2 and isinstance(d[0], str)
                                              and isinstance(d[1], int) for d in meta[1])):
        raise UnknownIndexFormat(f"{name}: no list of [fragment hash, word count] documents in its second field")
    return meta


def _chunk_words(folder: Path, meta: Sequence[Any]) -> Iterator[list[Any]]:
    """Yield the words of every chunk the metadata lists, in order, reading one chunk at a time."""
    for _, _, hash_ in meta[2]:
        path = folder / "index" / f"{hash_}.pf_index"
        yield from _checked_words(_read(path), path.name)


def rechunk_language(output: Path, language: str, meta_hash: str) -> tuple[str, Rechunked, list[Path]]:
    """Write one language's words in ``output`` again, cut anew, and its metadata; return the new
    metadata's hash, what was done, and the files it replaces (for the caller to remove once the entry
    file names the new metadata, so that an index stopped halfway still reads as it was)."""
    meta_path = output / f"pagefind.{meta_hash}.pf_meta"
    meta = _checked_meta(_read(meta_path), meta_path.name)
    old_chunks = [output / "index" / f"{hash_}.pf_index" for _, _, hash_ in meta[2]]
    words = list(_chunk_words(output, meta))  # all read, and checked, before anything is written
    limit = positions_per_chunk(sum(count for _, count in meta[1]))
    prefix = meta_hash.split("_", 1)[0]
    chunks = _write_chunks(words, limit, output / "index", prefix)
    written = {hash_ for _, _, hash_ in chunks}
    meta[2] = chunks
    new_meta_hash = _write_meta(output, prefix, meta)
    replaced = [path for path in old_chunks if path.stem not in written]
    if new_meta_hash != meta_hash:
        replaced.append(meta_path)
    return new_meta_hash, Rechunked(language, len(old_chunks), len(chunks), limit), replaced


def rechunk_index(output: Path) -> list[Rechunked]:
    """Re-cut the chunks of every language of the Pagefind index in ``output``; return what was done per
    language. Raise UnknownIndexFormat, having changed nothing that the index reads, if its files are not
    in the form described above."""
    entry_path = output / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict):
        raise UnknownIndexFormat(f"{ENTRY}: no languages")
    done, replaced, hashes = [], [], {}
    for language, about in languages.items():
        if not isinstance(about, dict) or not isinstance(about.get("hash"), str):
            raise UnknownIndexFormat(f"{ENTRY}: language {language!r} names no metadata hash")
        hashes[language], rechunked, old = rechunk_language(output, language, about["hash"])
        done.append(rechunked)
        replaced += old
    for language, hash_ in hashes.items():
        languages[language]["hash"] = hash_
    _write_entry(output, entry)
    for path in replaced:
        path.unlink()
    return done


@dataclass(frozen=True)
class _Part:
    """What merging a range of words needs of one part's index (pickled to the worker that merges it)."""

    folder: Path
    chunks: list[list[str]]  # the part's chunks, [from, to, hash] each, in order
    offset: int  # the number, in the merged index, of the part's first page
    markers: dict[int, int] | None  # a metadata field marker of the part's -> the merged index's; None if the same


def _markers(part_fields: Sequence[str], fields: Sequence[str]) -> dict[int, int] | None:
    """Return each metadata field marker of a part (``-1`` for its first field) renumbered for the merged
    field list, or None where the two lists are the same."""
    if list(part_fields) == list(fields):
        return None
    return {-1 - number: -1 - fields.index(field) for number, field in enumerate(part_fields)}


def _range_words(part: _Part, first: str, past: str) -> Iterator[tuple[str, _Part, list[Any]]]:
    """Yield ``(word, part, word's entry)`` for each word of a part's index from ``first`` up to before
    ``past`` (single characters, ``""`` for no bound), in order, reading only the chunks that may hold them.

    A chunk's bounds may be cut short of its words, never short of their first character, so a bound
    compares with a character as its words do."""
    for start, end, hash_ in part.chunks:
        if past and start >= past:
            break
        if first and end < first:
            continue
        path = part.folder / "index" / f"{hash_}.pf_index"
        for word in _checked_words(_read(path), path.name):
            if (not first or word[0] >= first) and (not past or word[0] < past):
                yield word[0], part, word


def _merged_words(parts: Sequence[_Part], fields: Sequence[str], first: str, past: str) -> Iterator[list[Any]]:
    """Yield the words from ``first`` up to before ``past`` of every part's index in order, a word in
    several parts once, its pages renumbered.

    A word's pages are numbered by difference (the first from 0, each next from the one before), and
    each part numbers its own pages from 0: a part's pages follow the parts before it, so only the first
    of a part's pages of a word is renumbered, from the last page of that word in the parts before. A
    word's variants (its accented forms) each list their pages the same way, and are merged by form. In
    a page's metadata positions, a negative number marks the field the next positions are in, by its
    place in the part's list of fields: renumbered where that list is not the merged one."""
    streams = [_range_words(part, first, past) for part in parts]
    merged: _MergedWord | None = None
    for text, part, word in heapq.merge(*streams, key=lambda item: item[0]):  # stable: parts in order
        if merged is None or merged.word != text:
            if merged is not None:
                yield merged.packed()
            merged = _MergedWord(text)
        merged.pages.add(word[1], part)
        for form, pages in word[2]:
            merged.variant(form).add(pages, part)
    if merged is not None:
        yield merged.packed()


class _MergedPages:
    """One word's (or variant's) pages from the parts so far, numbered by difference."""

    def __init__(self) -> None:
        self.pages: list[list[Any]] = []
        self.last = 0  # the number of the last page listed

    def add(self, pages: list[list[Any]], part: _Part) -> None:
        """List a part's pages of the word, the part's pages numbered from its offset."""
        if not pages:
            return
        if part.markers is not None:
            markers = part.markers
            try:
                pages = [[page[0], page[1], [markers[x] if x < 0 else x for x in page[2]], *page[3:]]
                         if len(page) > 2 and page[2] else page for page in pages]
            except KeyError as err:
                raise UnknownIndexFormat(f"{part.folder.name}: a metadata field marker {err.args[0]} past its "
                                         f"{len(markers)} fields") from None
        first = part.offset + pages[0][0]
        self.pages.append([first - self.last, *pages[0][1:]])
        self.pages += pages[1:]
        self.last = part.offset + sum(page[0] for page in pages)


class _MergedWord:
    """A word's pages and variants merged from the parts, in the order the parts list them."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.pages = _MergedPages()
        self.variants: dict[str, _MergedPages] = {}

    def variant(self, form: str) -> _MergedPages:
        return self.variants.setdefault(form, _MergedPages())

    def packed(self) -> list[Any]:
        """Return the word as a chunk lists it."""
        return [self.word, self.pages.pages, [[form, pages.pages] for form, pages in self.variants.items()]]


def _merged_entry(entries: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, Any]:
    """Return the first part's entry file, or raise UnknownIndexFormat unless every part's agrees with
    it but for each language's metadata hash and page count."""
    def shape(entry: dict[str, Any]) -> Any:
        languages = entry.get("languages")
        if not isinstance(languages, dict) or not all(isinstance(v, dict) for v in languages.values()):
            return None
        return {**entry, "languages": {k: {**v, "hash": "", "page_count": 0} for k, v in languages.items()}}
    for entry, name in zip(entries, names):
        if shape(entry) is None or shape(entry) != shape(entries[0]):
            raise UnknownIndexFormat(f"{name}/{ENTRY}: not the same Pagefind version, languages and settings")
    return json.loads(json.dumps(entries[0]))


def _ranges(parts: Sequence[_Part]) -> list[tuple[str, str]]:
    """Return up to :data:`MERGE_RANGES` ranges of words, ``(first, past)``, each from a first character
    up to before another (``""`` for no bound), that share the parts' chunks out about evenly by the
    size of their files (a chunk counted at the first character of its first word)."""
    weights: dict[str, int] = {}
    for part in parts:
        for start, _, hash_ in part.chunks:
            size = (part.folder / "index" / f"{hash_}.pf_index").stat().st_size
            weights[start[:1]] = weights.get(start[:1], 0) + size
    total = sum(weights.values())
    cuts: list[str] = []
    filled = 0
    for character in sorted(weights):
        if filled and filled >= total * (len(cuts) + 1) / MERGE_RANGES:
            cuts.append(character)
        filled += weights[character]
    bounds = ["", *cuts, ""]
    return list(zip(bounds, bounds[1:]))


def _merge_range(task: tuple[Sequence[_Part], Sequence[str], str, str, int, Path]) -> list[tuple[str, str, str]]:
    """Merge one range of the parts' words and write its chunks into a folder of their own, each named by
    its content's hash; return each chunk's first word, last word and hash, in order (a worker's task)."""
    parts, fields, first, past, limit, folder = task
    folder.mkdir()
    written = []
    for run in _cut(_merged_words(parts, fields, first, past), limit):
        data, digest = _encoded([run])
        (folder / f"{digest}.pf_index").write_bytes(_compressed(data))
        written.append((run[0][0], run[-1][0], digest))
    return written


def merge_indexes(parts: Sequence[Path], output: Path, workers: int = 1) -> list[Rechunked]:
    """Write into ``output`` one index of the documents of every Pagefind index in ``parts`` (each made
    from a share of them), its words cut as :func:`rechunk_index` cuts them; return what was done per
    language. Raise UnknownIndexFormat if a part is not in the form described above, or if the parts do
    not have the same Pagefind version and settings; ``output`` is then incomplete.

    Pagefind's indexer holds every document of a run in memory, so a site of many essays is indexed in
    parts, one run each, and merged here a chunk of each part at a time. The merged index is the one a
    single run would write, but for the order of the documents and the cut of the chunks: each word lists
    the same documents, with the same positions, and each document keeps its fragment. The words are
    merged in ranges of first characters (:func:`_ranges`), side by side in up to ``workers`` forked
    processes (never from a process running threads), while this one moves the documents' fragments;
    the index written is the same whatever the number of workers."""
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    entry = _merged_entry(entries, [part.name for part in parts])
    (output / "index").mkdir(parents=True, exist_ok=True)
    (output / "fragment").mkdir(exist_ok=True)
    for path in parts[0].iterdir():  # the engine: the same files in every part
        if path.is_file() and path.name != ENTRY and path.suffix != ".pf_meta":
            shutil.copyfile(path, output / path.name)
    done = []
    for language, about in entry["languages"].items():
        metas = []
        for part, part_entry in zip(parts, entries):
            path = part / f"pagefind.{part_entry['languages'][language]['hash']}.pf_meta"
            meta = _checked_meta(_read(path), f"{part.name}/{path.name}")
            if len(meta) != 6 or meta[3] or meta[4] or meta[0] != entry["version"]:
                raise UnknownIndexFormat(f"{part.name}/{path.name}: filters, sorts or a version this merge "
                                         "does not know")
            metas.append(meta)
        prefix = about["hash"].split("_", 1)[0]
        fields = sorted({field for meta in metas for field in meta[5]})
        offsets = [sum(len(meta[1]) for meta in metas[:number]) for number in range(len(metas))]
        shares = [_Part(part, meta[2], offset, _markers(meta[5], fields))
                  for part, meta, offset in zip(parts, metas, offsets)]
        limit = positions_per_chunk(sum(count for meta in metas for _, count in meta[1]))
        tasks = [(shares, fields, first, past, limit, output / "index" / f"range-{number:02d}")
                 for number, (first, past) in enumerate(_ranges(shares))]
        pool = forked_pool(len(tasks), workers)
        if pool is None:
            pages = _moved_fragments(parts, metas, output / "fragment", prefix)
            merged = [_merge_range(task) for task in tasks]
        else:
            with pool:
                futures = [pool.submit(_merge_range, task) for task in tasks]
                pages = _moved_fragments(parts, metas, output / "fragment", prefix)
                merged = [future.result() for future in futures]
        chunks: list[list[str]] = []
        taken: set[str] = set()
        for task, written in zip(tasks, merged):  # each range's chunks, in order
            folder = task[-1]
            for first_word, last_word, digest in written:
                name = _name(prefix, digest, 7, taken)
                (folder / f"{digest}.pf_index").replace(output / "index" / f"{name}.pf_index")
                chunks.append([start_bound(chunks[-1][1], first_word) if chunks else first_word, last_word, name])
            folder.rmdir()
        merged_meta = [entry["version"], pages, chunks, [], [], fields]
        about["hash"] = _write_meta(output, prefix, merged_meta)
        about["page_count"] = len(pages)
        done.append(Rechunked(language, sum(len(meta[2]) for meta in metas), len(chunks), limit))
    _write_entry(output, entry)
    return done


def _moved_fragments(parts: Sequence[Path], metas: Sequence[Sequence[Any]], target: Path,
                     prefix: str) -> list[list[Any]]:
    """Move every part's documents' fragments into ``target``; return the merged metadata's list of
    documents, ``[fragment hash, word count]`` each, the parts' in order."""
    pages: list[list[Any]] = []
    for part, meta in zip(parts, metas):
        moved: dict[str, str] = {}  # a part lists identical documents under one fragment
        for hash_, count in meta[1]:
            if hash_ not in moved:
                moved[hash_] = _move_fragment(part / "fragment", target, hash_, prefix)
            pages.append([moved[hash_], count])
    return pages


def _move_fragment(source: Path, target: Path, hash_: str, prefix: str) -> str:
    """Move a document's fragment file into ``target``; return its hash there: its own, or, if another
    part's different fragment has that name, one made from its content (a same fragment is shared)."""
    path = source / f"{hash_}.pf_fragment"
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    name, digits = hash_, 7
    while (target / f"{name}.pf_fragment").exists():
        if (target / f"{name}.pf_fragment").read_bytes() == content:
            return name
        name, digits = f"{prefix}_{digest[:digits]}", digits + 1
    path.replace(target / f"{name}.pf_fragment")
    return name
