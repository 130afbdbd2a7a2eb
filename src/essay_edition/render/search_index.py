"""Write the site's search index: Pagefind's, into ``<site>/pagefind/``, from the built pages and passages.

The documents of :mod:`essay_edition.render.search` are written to a temporary folder (a page's by the
process that read and split it) and indexed by Pagefind's indexer (the binary the ``pagefind`` package
carries, run as ``python -m pagefind``): a folder is read and indexed by the binary itself, in parallel,
where Pagefind's Python API answers one request per 0.1 s, so one request per passage would take minutes
on a site of many essays. The indexer holds every document of a run in memory, so a site of many
essays is indexed in parts of at most :data:`PART_BYTES` and the parts' indexes merged. Only the search
library and its index are kept: Pagefind's ready-made UIs are removed (the site's ``search.js`` draws
results in Material's search dialog), and the word index is cut into chunks sized for the site
(:mod:`essay_edition.render.search_chunks`). Documents are named by their order in the site, so two
builds write the same index.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..workers import chunks, forked_pool, return_freed_memory
from .search import (
    EssayLabel,
    SearchedEssay,
    essay_labels,
    essay_of,
    page_document,
    passage_document,
    passage_key,
    split_page,
)
from .search_chunks import Rechunked, UnknownIndexFormat, merge_indexes, rechunk_index

OUTPUT = "pagefind"
"""The index's folder in the site (``search.js`` loads ``<site root>/pagefind/pagefind.js`` on demand)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own UIs, which the site does not load."""

PART_BYTES = 8 * 1024 * 1024
"""The most document bytes one run of Pagefind's indexer is given: it holds every document of a run in
memory, so the documents of a larger site are indexed in parts and the parts' indexes merged
(:func:`essay_edition.render.search_chunks.merge_indexes`)."""

SPLIT_CHUNK = 200
"""Built pages per task when several processes read them."""

EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink"]
"""Page parts that are controls, not text (the listen-along bar, heading permalinks)."""


class SearchIndexError(RuntimeError):
    """Pagefind's indexer failed; the message is its own last line."""


@dataclass(frozen=True)
class SearchIndexSummary:
    """What was indexed: pages, passages, the index's files, what cutting its word index did, and what
    was not done as designed, for the build to warn about (empty if all was)."""

    pages: int
    passages: int
    files: int
    rechunked: tuple[Rechunked, ...] = ()
    warning: str = ""


@dataclass(frozen=True)
class _Splitting:
    """What the processes that read the built pages need: set before they are forked, never pickled."""

    folder: Path  # where the documents are written
    passages_by_page: dict[str, set[str]]  # page url -> the ids of its passages
    passage_keys: set[str]
    labels: list[EssayLabel]
    language: str


_SPLITTING: _Splitting | None = None


def _write_page_documents(pages: Sequence[tuple[int, str, str]]) -> tuple[int, dict[str, str]]:
    """Write the document of each (order, file path, page url) that search keeps; return how many were
    written and the start time of each passage found on them (by ``page/#id``)."""
    assert _SPLITTING is not None
    s = _SPLITTING
    written, starts = 0, {}
    for number, path, url in pages:
        split = split_page(Path(path).read_text(encoding="utf-8"), s.passages_by_page.get(url, set()), s.passage_keys)
        if split is None:
            continue
        starts.update({f"{url}#{pid}": start for pid, start in split.starts.items()})
        document = page_document(split, url, s.language, essay_of(url, s.labels))
        (s.folder / f"pages/{number:06d}.html").write_text(document, encoding="utf-8")
        written += 1
    return written, starts


def _write_documents(folder: Path, site_dir: Path, essays: Sequence[SearchedEssay], language: str,
                     workers: int = 1) -> tuple[int, int]:
    """Write every document to index into ``folder``, named by a relative path that orders them as the
    site does; return how many pages and passages were written. The built pages are read, split and
    written in up to ``workers`` forked processes (never from a process running threads), so the pages'
    text is never all held by this process, which then runs the indexer."""
    global _SPLITTING
    labels = essay_labels(essays)
    entries = [e for essay in essays for e in essay.search_entries]
    by_page: dict[str, set[str]] = {}
    for entry in entries:
        page, _, passage_id = entry.location.partition("#")
        by_page.setdefault(page, set()).add(passage_id)
    pages: list[tuple[int, str, str]] = []
    for number, path in enumerate(sorted(site_dir.rglob("*.html"))):
        rel = path.relative_to(site_dir).as_posix()
        if rel != "404.html" and not rel.startswith(f"{OUTPUT}/"):
            pages.append((number, str(path), rel.removesuffix("index.html")))
    tasks = chunks(pages, SPLIT_CHUNK)
    for kind in ("pages", "passages"):
        (folder / kind).mkdir(parents=True, exist_ok=True)
    _SPLITTING = _Splitting(folder, by_page, {passage_key(entry.title) for entry in entries}, labels, language)
    try:
        pool = forked_pool(len(tasks), workers)
        if pool is None:
            done = [_write_page_documents(task) for task in tasks]
        else:
            with pool:
                done = list(pool.map(_write_page_documents, tasks))
    finally:
        _SPLITTING = None
    starts: dict[str, str] = {}
    for _, found in done:
        starts.update(found)
    for number, entry in enumerate(entries):
        document = passage_document(entry, starts.get(entry.location), language, essay_of(entry.location, labels))
        (folder / f"passages/{number:06d}.html").write_text(document, encoding="utf-8")
    return sum(written for written, _ in done), len(entries)


def _index(source: Path, output: Path) -> None:
    """Index the documents in ``source`` into ``output`` with Pagefind's command-line indexer.

    The command, not Pagefind's Python API: the API's service answers "files written" and is then
    stopped, and on a loaded machine it was stopped before it had finished writing
    ``pagefind-entry.json`` (a build left it empty); the command exits when everything is written.
    Its output is byte for byte the API's."""
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()[-1]
        raise SearchIndexError(f"Pagefind could not index the site (exit {done.returncode}): {said}")


def _parts(documents: Path, limit: int) -> list[Path]:
    """Return folders that together hold the documents under ``documents``, each of at most ``limit``
    bytes (or one document): ``documents`` itself if it is that small, else numbered folders beside it
    into which the documents are moved, in order, each keeping its path below ``documents``."""
    files = sorted(path for path in documents.rglob("*.html"))
    sizes = [path.stat().st_size for path in files]
    if sum(sizes) <= limit:
        return [documents]
    parts: list[Path] = []
    filled = 0
    for path, size in zip(files, sizes):
        if not parts or filled + size > limit:
            parts.append(documents.parent / "parts" / f"{len(parts):03d}")
            filled = 0
        target = parts[-1] / path.relative_to(documents)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
        filled += size
    return parts


def _index_in_parts(parts: Sequence[Path], output: Path, work: Path,
                    workers: int = 1) -> tuple[tuple[Rechunked, ...], str]:
    """Index the documents in ``parts`` into ``output``, one indexer run per part and the runs merged (in
    up to ``workers`` forked processes), or in one run if they cannot be merged; return what cutting the
    chunks did, and what was not done as designed (empty if all was)."""
    warning = ""
    if len(parts) == 1:
        _index(parts[0], output)
    else:
        indexes = []
        for number, part in enumerate(parts):
            indexes.append(work / f"index-{number:03d}")
            _index(part, indexes[-1])
        try:
            return tuple(merge_indexes(indexes, output, workers)), ""
        except UnknownIndexFormat as err:
            warning = f"the parts' indexes could not be merged, so every document was indexed at once: {err}"
            shutil.rmtree(output, ignore_errors=True)
            _index(parts[0].parent, output)
    try:
        return tuple(rechunk_index(output)), warning
    except UnknownIndexFormat as err:
        said = f"left in Pagefind's chunks, so a query loads more of it: {err}"
        return (), f"{warning}; {said}" if warning else said


def write_search_index(site_dir: Path, essays: Sequence[SearchedEssay], language: str = "en",
                       workers: int = 1) -> SearchIndexSummary:
    """Index the built site and its essays' passages into ``site_dir/pagefind``; return what was indexed.
    ``workers`` above 1 reads the built pages, and merges the indexes of a site indexed in parts, in that
    many forked processes (see :func:`_write_documents`)."""
    return_freed_memory()  # before forking the readers and running the indexer, the largest process of a build
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="essay-search-") as tmp:
        documents = Path(tmp) / "documents"
        pages, passages = _write_documents(documents, site_dir, essays, language, workers)
        rechunked, warning = _index_in_parts(_parts(documents, PART_BYTES), output.resolve(), Path(tmp), workers)
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    files = sum(1 for p in output.rglob("*") if p.is_file())
    return SearchIndexSummary(pages, passages, files, rechunked, warning)
