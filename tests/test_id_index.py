"""The id index: every current and retired passage id with its page, for links that never dead-end."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from edition_data import edition_model

from essay_edition.model import EditionModel, Page, RetiredPassage
from essay_edition.render.id_index import TEXT_CHARS, edition_index, page_title, site_index
from essay_edition.render.site import render_edition


@pytest.fixture(scope="module")
def model() -> EditionModel:
    return edition_model()


def rows(index: dict, key: str) -> dict[str, list]:
    """Return the index's rows of ``key`` by id, each with its page url in place of the page number."""
    pages = index["pages"]
    return {row[0]: [pages[row[1]][0], *row[2:]] for row in index[key]}


def test_every_current_id_is_indexed_with_its_page(model: EditionModel) -> None:
    index = render_edition(model).id_index
    ids = rows(index, "ids")
    for s in model.sections:
        assert ids[s.id][0] == s.page_url and s.title.startswith(ids[s.id][1].rstrip("…"))
        for p in s.paragraphs:
            assert ids[p.id][0] == p.page_url and p.paragraph.text.startswith(ids[p.id][1].rstrip("…"))
            assert all(ids[x.id][0] == p.page_url for x in p.sentences)
    count = len(model.sections) + sum(len(p.sentences) + 1 for s in model.sections for p in s.paragraphs)
    assert len(ids) == len(index["ids"]) == count
    assert all(len(row[2]) <= TEXT_CHARS for row in index["ids"])


def test_every_page_is_listed_with_its_title(model: EditionModel) -> None:
    edition = render_edition(model)
    pages = dict(map(tuple, edition.id_index["pages"]))
    assert set(pages) == {p.url for p in edition.pages.values()}
    assert pages["essay/what-are-we-scaling/"] == "What are we scaling?"
    assert page_title(Page("x.md", "---\ntitle: A &amp; B\n---\n\n# A & B\n")) == "A & B"
    assert page_title(Page("x.md", "# Heading\n", ("Group", "Nav title"))) == "Nav title"


def test_retired_ids_say_where_their_text_went(model: EditionModel) -> None:
    first = model.sections[0].paragraphs[0]
    second = model.sections[0].paragraphs[1]
    retired = [RetiredPassage("p-old-wording", "An older wording.", "essay/a-renamed-section/", first.url, "New.",
                              "reworded", ((first.url, "New."),)),
               RetiredPassage("p-old-whole", "Two passages once.", first.page_url, first.url, "One.", "split",
                              ((first.url, "One."), (second.url, "Two."))),
               RetiredPassage("s-cut-sentence", "A sentence cut.", first.page_url, None, None)]
    index = edition_index(replace(model, retired=retired), [])
    assert rows(index, "retired") == {
        "p-old-wording": ["essay/a-renamed-section/", "An older wording.", "reworded", [first.url]],
        "p-old-whole": [first.page_url, "Two passages once.", "split", [first.url, second.url]],
        "s-cut-sentence": [first.page_url, "A sentence cut.", "removed", []]}
    titles = dict(map(tuple, index["pages"]))
    assert titles["essay/a-renamed-section/"] == ""  # a page that is gone has no title


def test_the_site_index_merges_essays_and_renumbers_their_pages(model: EditionModel) -> None:
    one = edition_index(model, [])
    two = {"version": 1, "pages": [["two/essay/x/", "X"]], "ids": [["p-a", 0, "A"]],
           "retired": [["p-b", 0, "B", "removed", []]]}
    merged = json.loads(site_index([one, two]))
    assert merged["version"] == 1 and len(merged["pages"]) == len(one["pages"]) + 1
    assert rows(merged, "ids")["p-a"] == ["two/essay/x/", "A"] and rows(merged, "retired")["p-b"][0] == "two/essay/x/"
    assert rows(merged, "ids")[model.sections[0].id] == rows(one, "ids")[model.sections[0].id]


def test_the_site_index_is_compact_and_the_same_every_time(model: EditionModel) -> None:
    edition = render_edition(model)
    data = site_index([edition.id_index])
    assert data == site_index([render_edition(model).id_index])
    assert b"\n" not in data and data.startswith(b"{\"ids\":[[\"")  # one line, no indentation
    # Small enough to fetch on a 404: the opening of each passage, not the passage.
    assert len(data) / len(edition.id_index["ids"]) < 2.5 * TEXT_CHARS
