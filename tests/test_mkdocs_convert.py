"""Generated pages converted in worker processes come out as MkDocs itself converts them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from essay_edition import mkdocs_convert
from essay_edition.mkdocs_convert import CHUNK, ConvertedPage, start_conversions

PAGES = 2 * CHUNK + 3  # three tasks, so both workers get some


FRONT_MATTERS = {  # what MkDocs reads otherwise than the usual mapping between "---" lines
    5: "---\n- a list, not a mapping\n---\n",  # MkDocs keeps it as Markdown: the worker's cut differs
    7: "",  # no front matter
    9: "---\ndescription: Ends with dots\n...\n",
}


def page_markdown(number: int) -> str:
    links = f"[the next page](p{number + 1:03d}.md#part-two)" if number + 1 < PAGES else "[gone](missing.md)"
    front = FRONT_MATTERS.get(number, f"---\ndescription: Page {number}\n---\n")
    return (f"{front}\n# Page {number} <em>title</em>\n\n"
            f'<div class="raw" id="raw-{number}" markdown>\nSome *raw* HTML holding Markdown.\n</div>\n\n'
            f"## Part two {{#part-two}}\n\nText with {links}.\n")


@pytest.fixture
def config(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n  - toc:\n      permalink: true\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as a build has it between plugin events (File.generated reads it)
    return config


def site(config, page_class) -> Files:
    files = Files([File.generated(config, f"p{n:03d}.md", content=page_markdown(n)) for n in range(PAGES)])
    for file in files:
        page_class(None, file, config)
    return files


def rendered(page: Page) -> tuple:
    return (page.content, [(a.title, a.id, a.level, [(c.title, c.id) for c in a.children]) for a in page.toc],
            page.title, sorted(page.present_anchor_ids or ()), page.meta,
            {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()})


def convert_all(config, files: Files) -> list[tuple]:
    out = []
    for file in files.documentation_pages():
        file.page.read_source(config)
        file.page.render(config, files)
        out.append(rendered(file.page))
    return out


def test_worker_conversions_equal_mkdocs_own_and_repeat_its_warnings(config, caplog) -> None:
    mkdocs_files = site(config, Page)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        expected = convert_all(config, mkdocs_files)
    expected_warnings = [r.getMessage() for r in caplog.records]
    caplog.clear()
    assert any("missing.md" in w for w in expected_warnings)  # the last page's link is dead

    files = site(config, ConvertedPage)
    pool = start_conversions(config, files, workers=2)
    assert pool is not None
    try:
        assert all(f.page.conversion is not None for f in files)
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            converted = convert_all(config, files)
    finally:
        pool.shutdown()
    assert converted == expected
    assert [r.getMessage() for r in caplog.records] == expected_warnings  # logged here, so --strict counts them
    assert converted[0][2] == "Page 0 title" and "raw-0" in converted[0][3]
    assert converted[0][5]["p001.md"] == {"part-two": "p001.md#part-two"}  # checked against p001 by MkDocs


def test_a_page_whose_markdown_a_plugin_changed_is_converted_again(config) -> None:
    files = site(config, ConvertedPage)
    pool = start_conversions(config, files, workers=2)
    try:
        page = files.get_file_from_path("p001.md").page
        page.read_source(config)
        page.markdown = page.markdown.replace("Some *raw* HTML", "Changed *text*")  # as on_page_markdown may
        page.render(config, files)
    finally:
        pool.shutdown()
    assert "Changed <em>text</em>" in page.content and "Some" not in page.content


def test_few_pages_are_converted_where_they_are(config, monkeypatch) -> None:
    files = Files([File.generated(config, "one.md", content=page_markdown(0))])
    ConvertedPage(None, files.get_file_from_path("one.md"), config)
    assert start_conversions(config, files, workers=2) is None  # one task: nothing to share out
    page = files.get_file_from_path("one.md").page
    page.read_source(config)
    page.render(config, files)
    assert page.title == "Page 0 title" and mkdocs_convert._SOURCE is None
