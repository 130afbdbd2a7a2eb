"""Re-cutting Pagefind's word index into smaller chunks (render/search_chunks.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.render import search_chunks
from essay_edition.render.search_chunks import (
    MIN_POSITIONS,
    OVERFULL,
    SIGNATURE,
    UnknownIndexFormat,
    _cut,
    _move_fragment,
    _ranges,
    merge_indexes,
    positions_per_chunk,
    rechunk_index,
    start_bound,
    word_positions,
)
from essay_edition.render.search_index import _index

WORDS = ("alpha beta gamma delta epsilon zeta theta iota kappa lambda omicron sigma upsilon omega "
         "robotics scaling learning pretraining diffusion economics labour capital forecast horizon").split()


def _pagefind_index(tmp_path: Path) -> Path:
    """Return the folder of a Pagefind index of a few pages, each a different mix of WORDS."""
    source, output = tmp_path / "documents", tmp_path / "pagefind"
    source.mkdir()
    for number in range(12):
        text = " ".join(WORDS[(number * 7 + k * 3) % len(WORDS)] for k in range(60 + number * 10))
        (source / f"{number:03d}.html").write_text(
            f"<!doctype html><html lang='en'><head><title>Page {number}</title></head>"
            f"<body><main data-pagefind-body><h1>Page {number}</h1><p>{text}</p></main></body></html>")
    _index(source, output)
    return output


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE)
    return cbor2.loads(data[len(SIGNATURE):])


def _meta(output: Path) -> tuple[Path, list]:
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    path = output / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    return path, _read(path)


def _words(output: Path) -> list[list]:
    _, meta = _meta(output)
    return [word for _, _, hash_ in meta[2] for word in _read(output / "index" / f"{hash_}.pf_index")[0]]


def _chunk_of(word: str, chunks: list) -> int | None:
    """The chunk Pagefind's engine loads for ``word``: the first whose bounds hold it."""
    return next((i for i, (start, end, _) in enumerate(chunks) if start <= word <= end), None)


def test_the_chunk_size_grows_with_the_square_root_of_the_index_from_a_floor():
    assert positions_per_chunk(0) == positions_per_chunk(50_000) == MIN_POSITIONS
    assert positions_per_chunk(4_000_000) == 3000
    assert positions_per_chunk(16_000_000) == 2 * positions_per_chunk(4_000_000)


def test_rechunking_keeps_every_word_in_order_in_the_chunk_its_bounds_name(tmp_path: Path, monkeypatch):
    output = _pagefind_index(tmp_path)
    words_before = _words(output)
    _, meta_before = _meta(output)
    assert len(meta_before[2]) == 1  # a small site: Pagefind writes one chunk
    monkeypatch.setattr(search_chunks, "MIN_POSITIONS", 40)
    monkeypatch.setattr(search_chunks, "POSITIONS_PER_ROOT", 0.5)
    done = rechunk_index(output)
    assert [(d.chunks_before, d.positions_per_chunk) for d in done] == [(1, 40)]
    meta_path, meta = _meta(output)
    assert done[0].chunks_after == len(meta[2]) > 5
    assert _words(output) == words_before  # the same words, pages and positions, in the same order
    assert meta[:2] == meta_before[:2] and meta[3:] == meta_before[3:]  # only the chunk list changed
    for number, (_, _, hash_) in enumerate(meta[2]):
        chunk = _read(output / "index" / f"{hash_}.pf_index")[0]
        assert all(_chunk_of(word[0], meta[2]) == number for word in chunk)
    assert {p.stem for p in (output / "index").iterdir()} == {hash_ for _, _, hash_ in meta[2]}
    assert [p.name for p in output.glob("*.pf_meta")] == [meta_path.name]


def test_rechunking_twice_changes_nothing(tmp_path: Path, monkeypatch):
    output = _pagefind_index(tmp_path)
    monkeypatch.setattr(search_chunks, "MIN_POSITIONS", 40)
    monkeypatch.setattr(search_chunks, "POSITIONS_PER_ROOT", 0.5)
    rechunk_index(output)
    first = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    rechunk_index(output)
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == first


def test_an_index_in_an_unknown_form_is_left_as_it_was(tmp_path: Path):
    output = _pagefind_index(tmp_path)
    meta_path, meta = _meta(output)
    meta[2] = [["a", "z"]]  # a chunk entry of two fields, not three
    meta_path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta)))
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    with pytest.raises(UnknownIndexFormat, match=r"pf_meta: no list of \[from, to, hash\] chunks"):
        rechunk_index(output)
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


@given(st.lists(st.text(alphabet="abcdé▶0", min_size=1, max_size=6), min_size=1, unique=True),
       st.integers(min_value=1, max_value=5))
def test_every_word_lies_in_its_own_run_and_no_earlier_one(words, size):
    words = sorted(words)
    runs = [[[w, []] for w in words[i:i + size]] for i in range(0, len(words), size)]
    bounds = [(run[0][0] if n == 0 else start_bound(runs[n - 1][-1][0], run[0][0]), run[-1][0], "")
              for n, run in enumerate(runs)]
    for number, run in enumerate(runs):
        assert all(_chunk_of(word[0], bounds) == number for word in run)


def _documents(folder: Path, numbers: range) -> Path:
    """Write documents ``numbers`` of a made-up site into ``folder``: some with a narration time, as
    passages have, so the parts of a site can differ in their metadata fields."""
    folder.mkdir(parents=True)
    for number in numbers:
        text = " ".join(WORDS[(number * 5 + k * 7) % len(WORDS)] for k in range(40 + number * 3))
        text += " naïve café" if number % 4 == 1 else " naive crème" if number % 4 == 2 else ""
        time = f'<meta data-pagefind-meta="time[content]" content="{number}:15">' if number % 3 == 0 else ""
        (folder / f"{number:03d}.html").write_text(
            f"<!doctype html><html lang='en'><head><title>Page {number}</title></head><body><main "
            f"data-pagefind-body><h1>Page {number} of {WORDS[number]}</h1><p>{text}</p></main>"
            f'<meta data-pagefind-meta="href[content]" content="p{number}/">{time}</body></html>')
    return folder


def _by_word(output: Path) -> dict[str, list]:
    """Each word of an index with, per document (by its href), the positions and the metadata positions
    by field name: what a search reads, whatever the order of the documents and the cut of the chunks."""
    _, meta = _meta(output)
    hrefs = [json.loads(gzip.decompress((output / "fragment" / f"{hash_}.pf_fragment").read_bytes())
                        .removeprefix(SIGNATURE))["meta"]["href"] for hash_, _ in meta[1]]
    def pages_of(listed: list) -> list:
        number, pages = 0, []
        for page in listed:
            number += page[0]
            pages.append((hrefs[number], page[1], [meta[5][-x - 1] if x < 0 else x for x in page[2]]))
        return sorted(pages)

    return {word[0]: (pages_of(word[1]), {form: pages_of(pages) for form, pages in word[2]})
            for word in _words(output)}


def test_an_index_made_in_parts_and_merged_reads_as_one_made_at_once(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(search_chunks, "MIN_POSITIONS", 60)
    monkeypatch.setattr(search_chunks, "POSITIONS_PER_ROOT", 0.5)
    whole = tmp_path / "whole"
    _index(_documents(tmp_path / "all", range(14)), whole)
    parts = [tmp_path / "part-a", tmp_path / "part-b", tmp_path / "part-c"]
    for part, numbers in zip(parts, (range(0, 6), range(6, 7), range(7, 14))):  # part b: no narration time
        _index(_documents(tmp_path / f"documents-{part.name}", numbers), part)
    merged = tmp_path / "merged"
    done = merge_indexes(parts, merged)
    _, meta = _meta(merged)
    assert done[0].chunks_after == len(meta[2]) > 3 and meta[5] == ["href", "time", "title"]
    assert _by_word(merged) == _by_word(whole)
    assert _by_word(whole)["naiv"][1], "no accented variant to merge"
    assert json.loads((merged / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == 14
    assert sorted(p.name for p in merged.iterdir()) == sorted(
        [p.name for p in whole.iterdir() if p.suffix != ".pf_meta"] + [_meta(merged)[0].name])
    for number, (_, _, hash_) in enumerate(meta[2]):
        assert all(_chunk_of(word[0], meta[2]) == number for word in _read(merged / "index" / f"{hash_}.pf_index")[0])


def test_a_merge_in_ranges_writes_the_same_index_whatever_the_workers(tmp_path: Path, monkeypatch):
    """The words are merged in ranges of first characters, side by side in forked workers: the index is
    the same byte for byte with one process or two, reads as one made at once, and each range's chunks
    end where the next range's begin, between words that share no character."""
    monkeypatch.setattr(search_chunks, "MIN_POSITIONS", 60)
    monkeypatch.setattr(search_chunks, "POSITIONS_PER_ROOT", 0.5)
    whole = tmp_path / "whole"
    _index(_documents(tmp_path / "all", range(14)), whole)
    written = []
    for workers in (1, 2):
        parts = [tmp_path / f"{workers}-a", tmp_path / f"{workers}-b"]
        for part, numbers in zip(parts, (range(0, 8), range(8, 14))):
            _index(_documents(tmp_path / f"documents-{part.name}", numbers), part)
            rechunk_index(part)  # chunks of a few words: the ranges are shared out by the parts' chunks
        merged = tmp_path / f"merged-{workers}"
        merge_indexes(parts, merged, workers=workers)
        written.append({p.relative_to(merged): p.read_bytes() for p in merged.rglob("*") if p.is_file()})
        assert _by_word(merged) == _by_word(whole)
        assert not [p for p in (merged / "index").iterdir() if p.is_dir()]  # the ranges' folders are gone
    assert written[0] == written[1]
    _, meta = _meta(merged)
    firsts = {word[0][0] for word in _words(merged)}
    ranges = _ranges([search_chunks._Part(part, _meta(part)[1][2], 0, None) for part in parts])
    assert 2 < len(ranges) <= search_chunks.MERGE_RANGES
    assert ranges[0][0] == ranges[-1][1] == "" and all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    ends = {chunk[1] for chunk in meta[2]}
    for _, past in ranges[:-1]:  # the last word before each cut ends a chunk
        assert max(word for word in _by_word(merged) if word < past) in ends and past in firsts
    for number, (_, _, hash_) in enumerate(meta[2]):  # the engine finds each word in the chunk that holds it
        assert all(_chunk_of(word[0], meta[2]) == number for word in _read(merged / "index" / f"{hash_}.pf_index")[0])


def test_a_metadata_field_marker_past_a_parts_fields_is_an_unknown_form():
    pages = search_chunks._MergedPages()
    part = search_chunks._Part(Path("index-003"), [], 0, search_chunks._markers(["href", "title"], ["href", "time", "title"]))
    pages.add([[0, [4], [-2, 0]]], part)
    assert pages.pages == [[0, [4], [-3, 0]]]
    with pytest.raises(UnknownIndexFormat, match=r"^index-003: a metadata field marker -3 past its 2 fields$"):
        pages.add([[1, [2], [-3, 1]]], part)


def test_parts_of_different_pagefind_settings_are_not_merged(tmp_path: Path):
    parts = [tmp_path / "a", tmp_path / "b"]
    for part, numbers in zip(parts, (range(0, 3), range(3, 6))):
        _index(_documents(tmp_path / f"documents-{part.name}", numbers), part)
    entry = json.loads((parts[1] / "pagefind-entry.json").read_text())
    entry["version"] = "9.9.9"
    (parts[1] / "pagefind-entry.json").write_text(json.dumps(entry))
    with pytest.raises(UnknownIndexFormat, match=r"^b/pagefind-entry.json: not the same Pagefind version"):
        merge_indexes(parts, tmp_path / "merged")


def _shared(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


@given(st.lists(st.tuples(st.text(alphabet="abc", min_size=1, max_size=4), st.integers(1, 30)), unique_by=lambda w: w[0]),
       st.integers(min_value=5, max_value=60))
def test_a_chunk_closes_at_its_size_where_the_words_either_side_share_at_most_a_letter(words, limit):
    """Words that share a longer start stay in one chunk (a query's last word finds the words it begins
    in its own chunk only), unless the chunk would grow past OVERFULL times its size."""
    words = [[w, [[0, [0] * (n - 1)]], []] for w, n in sorted(words)]
    runs = list(_cut(words, limit))
    assert [w for run in runs for w in run] == words
    for run, following in zip(runs, runs[1:]):
        sizes = [sum(word_positions(w) for w in run[:i + 1]) for i in range(len(run))]
        assert sizes[-1] >= limit and (_shared(run[-1][0], following[0][0]) <= 1 or sizes[-1] >= OVERFULL * limit)
        for i in range(len(run) - 1):  # no earlier cut was allowed
            assert sizes[i] < limit or (_shared(run[i][0], run[i + 1][0]) > 1 and sizes[i] < OVERFULL * limit)


def test_a_fragment_named_as_another_parts_different_one_is_renamed_and_a_same_one_shared(tmp_path: Path):
    parts, target = [tmp_path / "a", tmp_path / "b", tmp_path / "c"], tmp_path / "merged"
    target.mkdir()
    for part, content in zip(parts, (b"one", b"two", b"one")):
        part.mkdir()
        (part / "en_1234567.pf_fragment").write_bytes(content)
    names = [_move_fragment(part, target, "en_1234567", "en") for part in parts]
    assert names[0] == names[2] == "en_1234567" and names[1].startswith("en_") and names[1] != names[0]
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"en_1234567.pf_fragment": b"one",
                                                                   f"{names[1]}.pf_fragment": b"two"}


def test_an_unreadable_chunk_leaves_the_index_as_it_was(tmp_path: Path, monkeypatch):
    output = _pagefind_index(tmp_path)
    _, meta = _meta(output)
    (output / "index" / f"{meta[2][0][2]}.pf_index").write_bytes(b"not gzip")
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    with pytest.raises(UnknownIndexFormat, match=r"pf_index: not a compressed CBOR file"):
        rechunk_index(output)
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
