"""The search index's documents (render/search.py) and its writer (render/search_index.py)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest

from essay_edition.render.library import LibraryEntry
from essay_edition.render.search import (
    EXCLUDE_MARKER,
    EssayLabel,
    SearchEntry,
    essay_labels,
    essay_of,
    passage_document,
    split_page,
)
from essay_edition.render.search_index import OUTPUT, UNUSED, write_search_index

HOSTILE = '<script>alert(1)</script> "quoted" & <img src=x onerror=alert(2)>'


def _page(article: str, head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><title>A page - Site</title>{head}</head><body><nav>menu</nav>"
            f"<article class='md-content__inner md-typeset'>{article}</article><footer>foot</footer></body></html>")


SECTION = _page(
    "<h1 id='sec'>A section</h1>"
    "<p class='para' id='p-one' data-start='75.5'>First passage, about <abbr title='x'>robotics</abbr>.</p>"
    "<p class='para' id='p-two'>Second passage, not narrated.</p>"
    "<div class='footnote'><p id='fn-1'>A footnote.</p></div>"
)


@dataclass
class FakeEdition:
    search_entries: list[SearchEntry]
    library: LibraryEntry | None = None
    pages: dict[str, str] = field(default_factory=dict)


def _library(title: str, prefix: str) -> LibraryEntry:
    return LibraryEntry(title, "", "", "", prefix, 1, 0)


def test_split_page_cuts_the_passages_and_keeps_their_times():
    split = split_page(SECTION, {"p-one", "p-two"}, set())
    assert split is not None
    assert "p-one" not in split.article and "Second passage" not in split.article
    assert "A footnote." in split.article and "A section" in split.article
    assert split.starts == {"p-one": "1:15"}  # p-two has no narration start
    assert split.title == "A page - Site"
    assert ">menu<" not in split.article and ">foot<" not in split.article


def test_split_page_drops_quotes_of_a_passage_but_not_partial_ones():
    claim = _page("<h1 id='c'>A claim</h1><blockquote><p>First   passage, about robotics.</p></blockquote>"
                  "<p>It says “about robotics” and more.</p>")
    split = split_page(claim, set(), {"first passage about robotics"})
    assert split is not None
    assert "First" not in split.article and "It says" in split.article


def test_split_page_keeps_ids_only_where_a_result_lands_and_titles_entries_by_their_heading():
    page = _page("<h1 id='t'>Ledger</h1>"
                 "<section class='entry' id='forecast-a'><h3>Forecast A <a class='headerlink' href='#forecast-a'>#</a></h3>"
                 "<p id='quote-a'>Quoted <span class='sentence' id='s-1'>words</span> here.</p>"
                 "<h4 id='words-in-quotation-marks'>Words</h4></section>"
                 "<dl><dt id='term'>Term</dt><dd>Meaning</dd></dl>")
    split = split_page(page, set(), set())
    assert split is not None
    root = lxml.html.fragment_fromstring(split.article, create_parent="div")
    ids = {e.get("id"): e for e in root.xpath("//*[@id]")}
    assert sorted(ids) == ["forecast-a", "quote-a", "t", "term"]  # the sentence's and the h4's are dropped
    assert ids["t"].tag == "h1"
    assert ids["forecast-a"].tag == "h3" and ids["forecast-a"].getparent().get("id") is None  # the entry's heading
    # Other landing elements give their id to an empty mark at their start (Pagefind keeps anchors' text).
    for name, owner, text in (("quote-a", "p", "Quoted words here."), ("term", "dt", "Term")):
        mark = ids[name]
        assert mark.text is None and len(mark) == 0 and mark.getparent().tag == owner
        assert mark.getparent().index(mark) == 0 and mark.getparent().text_content() == text


def test_split_page_sets_adjacent_elements_apart_but_not_text_that_goes_on():
    page = _page("<dl><dt>True if</dt><dd>Model revenue</dd></dl>"
                 "<p><a href='x'>What are we scaling?</a><span>3 min read</span><span>I’m confused</span></p>"
                 "<p>Says <span class='fix'>atop LLMs</span>. Un<em>believ</em>able</p>")
    split = split_page(page, set(), set())
    assert split is not None
    text = " ".join(lxml.html.fragment_fromstring(split.article, create_parent="div").text_content().split())
    assert text == "True if Model revenue What are we scaling? 3 min read I’m confused Says atop LLMs. Unbelievable"


@pytest.mark.parametrize("page", [_page("<h1>Out</h1>", head=EXCLUDE_MARKER), "<html><body>no article</body></html>"])
def test_split_page_skips_pages_out_of_search(page):
    assert split_page(page, set(), set()) is None


def test_passage_document_escapes_the_text_and_carries_what_a_result_shows():
    entry = SearchEntry("one/essay/s/#p-x", HOSTILE, f"In “{HOSTILE}”")
    document = passage_document(entry, "1:15", "en", EssayLabel("Essay <b>one</b>", "one/"))
    assert "<script>" not in document and "<img" not in document
    assert 'data-pagefind-meta="href[content]" content="one/essay/s/#p-x"' in document
    assert 'data-pagefind-meta="time[content]" content="1:15"' in document
    assert 'data-pagefind-meta="essay[content]" content="Essay &lt;b&gt;one&lt;/b&gt;"' in document
    assert "data-pagefind-filter" not in document  # Pagefind writes filters in no fixed order


def test_essay_labels_only_on_a_site_of_several_essays_longest_prefix_first():
    one = FakeEdition([], _library("One", ""))
    assert essay_labels([one]) == []
    labels = essay_labels([one, FakeEdition([], _library("Two", "two/"))])
    assert essay_of("two/essay/x/", labels) == EssayLabel("Two", "two/")
    assert essay_of("essay/x/", labels) == EssayLabel("One", "")


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "essay" / "a-section").mkdir(parents=True)
    (site / "reference").mkdir()
    (site / "index.html").write_text(_page("<h1 id='home'>Home</h1><p>Welcome to the edition.</p>"))
    (site / "essay" / "a-section" / "index.html").write_text(SECTION)
    (site / "reference" / "index.html").write_text(_page("<h1>API</h1>", head=EXCLUDE_MARKER))
    (site / "404.html").write_text(_page("<h1>Not found</h1>"))
    return site


def _documents(site: Path) -> list[dict]:
    return [json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
            for p in sorted((site / OUTPUT / "fragment").glob("*.pf_fragment"))]


def test_write_search_index_indexes_passages_and_pages_into_the_site(tmp_path: Path):
    site = _site(tmp_path)
    entries = [SearchEntry("essay/a-section/#p-one", "First passage, about robotics.", "In “A section”"),
               SearchEntry("essay/a-section/#p-two", "Second passage, not narrated.", "In “A section”")]
    summary = write_search_index(site, [FakeEdition(entries, _library("An essay", ""))])
    assert (summary.pages, summary.passages) == (2, 2)  # home and the section; reference and 404 are out
    assert (site / OUTPUT / "pagefind.js").is_file() and not [n for n in UNUSED if (site / OUTPUT / n).exists()]
    documents = {d["meta"]["href"]: d for d in _documents(site)}
    assert set(documents) == {"./", "essay/a-section/", "essay/a-section/#p-one", "essay/a-section/#p-two"}
    assert documents["essay/a-section/#p-one"]["meta"]["time"] == "1:15"
    assert documents["essay/a-section/#p-one"]["meta"]["title"] == "In “A section”"
    assert "essay" not in documents["essay/a-section/#p-one"]["meta"]  # one essay: no essay names
    assert "First passage" not in documents["essay/a-section/"]["content"]


def test_write_search_index_twice_writes_the_same_bytes(tmp_path: Path):
    trees = []
    for run in ("one", "two"):
        site = _site(tmp_path / run)
        entries = [SearchEntry("essay/a-section/#p-one", "First passage, about robotics.", "In “A section”")]
        write_search_index(site, [FakeEdition(entries, _library("An essay", ""))])
        trees.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / OUTPUT).rglob("*"))
                      if p.is_file()})
    assert trees[0] == trees[1]


def test_pages_read_by_several_processes_give_the_same_documents(tmp_path: Path, monkeypatch):
    from essay_edition.render import search_index

    site = _site(tmp_path)
    for n in range(5):  # more pages than one task takes
        folder = site / "essay" / f"more-{n}"
        folder.mkdir(parents=True)
        folder.joinpath("index.html").write_text(_page(f"<h1 id='m{n}'>More {n}</h1><p>Page {n} of more.</p>"))
    monkeypatch.setattr(search_index, "SPLIT_CHUNK", 2)
    entries = [SearchEntry("essay/a-section/#p-one", "First passage, about robotics.", "In “A section”")]
    essays = [FakeEdition(entries, _library("An essay", ""))]
    written = []
    for workers in (1, 2):
        folder = tmp_path / f"documents-{workers}"
        counts = search_index._write_documents(folder, site, essays, "en", workers=workers)
        written.append((counts, {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                                 for p in sorted(folder.rglob("*.html"))}))
    (counts, documents), again = written
    assert counts == (7, 1) and len([k for k in documents if k.startswith("pages/")]) == 7
    assert again == written[0]


def test_a_failed_index_says_pagefinds_reason_in_one_line(tmp_path: Path):
    from essay_edition.render.search_index import SearchIndexError, _index

    with pytest.raises(SearchIndexError) as failure:
        _index(tmp_path / "no-such-folder", tmp_path / "out")
    message = str(failure.value)
    assert message.startswith("Pagefind could not index the site (exit ") and "\n" not in message


def test_a_site_indexed_in_parts_finds_what_one_indexed_at_once_finds(tmp_path: Path, monkeypatch):
    from test_search_chunks import _by_word

    from essay_edition.render import search_index

    entries = [SearchEntry("essay/a-section/#p-one", "First passage, about robotics.", "In “A section”"),
               SearchEntry("essay/a-section/#p-two", "Second passage, not narrated.", "In “A section”")]
    whole, parted = _site(tmp_path / "whole"), _site(tmp_path / "parted")
    write_search_index(whole, [FakeEdition(entries, _library("An essay", ""))])
    monkeypatch.setattr(search_index, "PART_BYTES", 400)  # a part per document
    summary = write_search_index(parted, [FakeEdition(entries, _library("An essay", ""))])
    assert summary.rechunked[0].chunks_before == 4 and not summary.warning  # four parts of a chunk each
    assert _by_word(parted / OUTPUT) == _by_word(whole / OUTPUT)
    assert not [n for n in UNUSED if (parted / OUTPUT / n).exists()]
    again = _site(tmp_path / "again")
    write_search_index(again, [FakeEdition(entries, _library("An essay", ""))])
    assert ({p.relative_to(again): p.read_bytes() for p in (again / OUTPUT).rglob("*") if p.is_file()}
            == {p.relative_to(parted): p.read_bytes() for p in (parted / OUTPUT).rglob("*") if p.is_file()})


def test_an_index_that_cannot_be_recut_is_kept_and_says_why(tmp_path: Path, monkeypatch):
    from essay_edition.render import search_index

    def unknown(output: Path):
        raise search_index.UnknownIndexFormat("pagefind.en_x.pf_meta: no list of [from, to, hash] chunks")

    monkeypatch.setattr(search_index, "rechunk_index", unknown)
    site = _site(tmp_path)
    summary = write_search_index(site, [FakeEdition([], _library("An essay", ""))])
    assert summary.warning == ("left in Pagefind's chunks, so a query loads more of it: "
                               "pagefind.en_x.pf_meta: no list of [from, to, hash] chunks")
    assert list((site / OUTPUT / "index").glob("*.pf_index"))


def test_parts_that_cannot_be_merged_are_indexed_at_once_and_the_build_is_told(tmp_path: Path, monkeypatch):
    from essay_edition.render import search_index

    def unknown(parts, output, workers=1):
        raise search_index.UnknownIndexFormat("b/pagefind-entry.json: not the same Pagefind version")

    monkeypatch.setattr(search_index, "merge_indexes", unknown)
    monkeypatch.setattr(search_index, "PART_BYTES", 400)
    site = _site(tmp_path)
    entries = [SearchEntry("essay/a-section/#p-one", "First passage, about robotics.", "In “A section”")]
    summary = write_search_index(site, [FakeEdition(entries, _library("An essay", ""))])
    assert summary.warning == ("the parts' indexes could not be merged, so every document was indexed at once: "
                               "b/pagefind-entry.json: not the same Pagefind version")
    assert {d["meta"]["href"] for d in _documents(site)} == {"./", "essay/a-section/", "essay/a-section/#p-one"}
    assert summary.rechunked and summary.rechunked[0].chunks_before == 1
