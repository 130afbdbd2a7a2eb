"""Write the site's search index: Pagefind's, into ``<site>/pagefind/``, from the built pages and passages.

The documents of :mod:`essay_edition.render.search` are written to a temporary folder and indexed by
one run of Pagefind's indexer (the binary the ``pagefind`` package carries, run as ``python -m
pagefind``): a folder is read and indexed by the binary itself, in parallel, where Pagefind's Python
API answers one request per 0.1 s, so one request per passage would take minutes on a site of many
essays. Only the search library and its index are kept: Pagefind's ready-made UIs are removed (the
site's ``search.js`` draws results in Material's search dialog). Documents are named by their order in the site, so two builds write the same index.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..workers import chunks, forked_pool
from .search import (
    PageSplit,
    SearchedEssay,
    essay_labels,
    essay_of,
    page_document,
    passage_document,
    passage_key,
    split_page,
)

OUTPUT = "pagefind"
"""The index's folder in the site (``search.js`` loads ``<site root>/pagefind/pagefind.js`` on demand)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own UIs, which the site does not load."""

SPLIT_CHUNK = 200
"""Built pages per task when several processes read them."""

EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink"]
"""Page parts that are controls, not text (the listen-along bar, heading permalinks)."""


class SearchIndexError(RuntimeError):
    """Pagefind's indexer failed; the message is its own last line."""


@dataclass(frozen=True)
class SearchIndexSummary:
    """What was indexed: pages, passages, and the index's files."""

    pages: int
    passages: int
    files: int


# What forked workers split pages with: set just before they are forked and inherited, never pickled.
_SPLITTING: tuple[dict[str, set[str]], set[str]] | None = None


def _split_pages(pages: Sequence[tuple[str, str]]) -> list[PageSplit | None]:
    """Return the split of each (file path, page url), in order (see :func:`split_page`)."""
    assert _SPLITTING is not None
    by_page, keys = _SPLITTING
    return [split_page(Path(path).read_text(encoding="utf-8"), by_page.get(url, set()), keys) for path, url in pages]


def _documents(site_dir: Path, essays: Sequence[SearchedEssay], language: str, workers: int = 1) -> dict[str, str]:
    """Return every document to index, by a relative path that orders them as the site does; the built
    pages are read and split in up to ``workers`` forked processes (never from a process running threads)."""
    global _SPLITTING
    labels = essay_labels(essays)
    entries = [e for essay in essays for e in essay.search_entries]
    keys = {passage_key(entry.title) for entry in entries}
    by_page: dict[str, set[str]] = {}
    for entry in entries:
        page, _, passage_id = entry.location.partition("#")
        by_page.setdefault(page, set()).add(passage_id)
    pages: list[tuple[int, str, str]] = []
    for number, path in enumerate(sorted(site_dir.rglob("*.html"))):
        rel = path.relative_to(site_dir).as_posix()
        if rel != "404.html" and not rel.startswith(f"{OUTPUT}/"):
            pages.append((number, str(path), rel.removesuffix("index.html")))
    tasks = chunks([(path, url) for _, path, url in pages], SPLIT_CHUNK)
    _SPLITTING = (by_page, keys)
    try:
        pool = forked_pool(len(tasks), workers)
        if pool is None:
            splits = [split for task in tasks for split in _split_pages(task)]
        else:
            with pool:
                splits = [split for task in pool.map(_split_pages, tasks) for split in task]
    finally:
        _SPLITTING = None
    documents: dict[str, str] = {}
    starts: dict[str, str] = {}
    for (number, _, url), split in zip(pages, splits):
        if split is None:
            continue
        starts.update({f"{url}#{pid}": start for pid, start in split.starts.items()})
        documents[f"pages/{number:06d}.html"] = page_document(split, url, language, essay_of(url, labels))
    for number, entry in enumerate(entries):
        essay = essay_of(entry.location, labels)
        documents[f"passages/{number:06d}.html"] = passage_document(entry, starts.get(entry.location), language,
                                                                    essay)
    return documents


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


def write_search_index(site_dir: Path, essays: Sequence[SearchedEssay], language: str = "en",
                       workers: int = 1) -> SearchIndexSummary:
    """Index the built site and its essays' passages into ``site_dir/pagefind``; return what was indexed.
    ``workers`` above 1 reads the built pages in that many forked processes (see :func:`_documents`)."""
    documents = _documents(site_dir, essays, language, workers)
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="essay-search-") as tmp:
        source = Path(tmp)
        for rel, text in documents.items():
            path = source / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _index(source, output.resolve())
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    passages = sum(rel.startswith("passages/") for rel in documents)
    files = sum(1 for p in output.rglob("*") if p.is_file())
    return SearchIndexSummary(len(documents) - passages, passages, files)
