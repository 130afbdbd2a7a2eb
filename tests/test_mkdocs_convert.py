"""Generated pages converted in worker processes come out as MkDocs itself converts them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from essay_edition import mkdocs_convert
from essay_edition.mkdocs_convert import CHUNK, ConvertedPage, HeldPages, start_conversions
from essay_edition.model.packed import pack, unpack

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


@pytest.mark.parametrize("rounds", [1, 4])
def test_worker_conversions_equal_mkdocs_own_and_repeat_its_warnings(config, caplog, monkeypatch, rounds) -> None:
    if rounds > 1:  # 83 pages in tasks of 10 make 9 tasks, in 4 rounds of 2 or 3 tasks
        monkeypatch.setattr(mkdocs_convert, "CHUNK", 10)
        monkeypatch.setattr(mkdocs_convert, "ROUND", 2)
    forked: list[int] = []  # the tasks of each round forked
    real_pool = mkdocs_convert.forked_pool
    monkeypatch.setattr(mkdocs_convert, "forked_pool", lambda tasks, workers: forked.append(tasks) or real_pool(tasks, workers))
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
    assert len(forked) == rounds and sum(forked) == -(-PAGES // mkdocs_convert.CHUNK)  # each round by new workers
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


def test_a_page_holds_its_html_packed_until_it_is_taken_back(config, monkeypatch) -> None:
    files = site(config, ConvertedPage)
    pool = start_conversions(config, files, workers=2)
    packs: list[str] = []
    real_pack = mkdocs_convert.pack
    monkeypatch.setattr(mkdocs_convert, "pack", lambda html: packs.append(html) or real_pack(html))
    try:
        pages = [files.get_file_from_path(f"p00{n}.md").page for n in range(3)]
        for page in pages:
            page.read_source(config)
            page.render(config, files)
    finally:
        pool.shutdown()
    unchanged, changed, marked = pages
    html, contents = unchanged.content, contents_of(unchanged)
    held = HeldPages()
    assert unchanged.hold(html, held) == "" and unchanged.held is not None
    assert packs == []  # as the worker packed it: not packed again
    assert not unchanged.toc.items  # the table of contents is held too
    assert changed.hold(changed.content + "<p>added by a plugin</p>", held) == "" and len(packs) == 1
    # A page that another plugin's on_env may rewrite keeps its HTML where that plugin looks for it:
    # an autorefs cross-reference in its HTML, a directive (an HTML comment) in its Markdown.
    with_ref = marked.content + '<autoref identifier="x">x</autoref>'
    assert marked.hold(with_ref, held) is with_ref and marked.held is None
    marked.file.content_string += "\n<!-- material/tags -->\n"
    assert marked.hold(marked.content, held) is marked.content and marked.held is None
    assert marked.toc.items
    unchanged.content, changed.content = "", ""
    unchanged.take_back()
    changed.take_back()
    assert unchanged.content == html and unchanged.held is None and contents_of(unchanged) == contents
    assert changed.content.endswith("<p>added by a plugin</p>") and "Page 1" in changed.content
    unchanged.take_back()  # nothing held: nothing changes
    assert unchanged.content == html
    held.close()


def contents_of(page: Page) -> list:
    return [(a.title, a.id, a.level, [(c.title, c.id) for c in a.children]) for a in page.toc]


_HELD: list[HeldPages] = []  # what the forked readers below inherit


def _read_held(place: tuple[int, int]) -> bytes:
    return _HELD[0].get(place)


def test_held_pages_are_read_back_by_forked_processes(tmp_path) -> None:
    from essay_edition.workers import forked_pool

    held = HeldPages(str(tmp_path))
    places = [held.put(f"record {n} “▶”".encode() * n) for n in range(1, 50)]
    assert list(tmp_path.iterdir()) == []  # an unnamed file: nothing is left behind, even by a killed build
    _HELD[:] = [held]
    pool = forked_pool(len(places), 2)
    assert pool is not None
    with pool:
        records = list(pool.map(_read_held, places))
    assert records == [f"record {n} “▶”".encode() * n for n in range(1, 50)]
    held.close()
    _HELD.clear()


def test_packed_html_comes_back_as_it_was() -> None:
    html = "<p>“Curly” — dashes, ▶ 1:02, naïve, 𝔸 and a lone \ud800 surrogate</p>"
    assert unpack(pack(html)) == html


def test_a_generated_page_file_holds_the_sites_packed_markdown(config) -> None:
    from mkdocs.structure.files import InclusionLevel

    from essay_edition.mkdocs_convert import PackedFile
    from essay_edition.model import Page as SitePage

    site_page = SitePage("essay/one.md", "---\ntitle: “One”\n---\n\n# One — naïve\n", ("One",))
    file = PackedFile.of_page(config, site_page, InclusionLevel.INCLUDED)
    assert file._content is site_page.packed_markdown  # shared with the site's page, not a copy
    assert file.content_string == site_page.markdown and file.content_bytes == site_page.markdown.encode()
    assert file.src_uri == "essay/one.md" and file.abs_src_path is None and file.is_modified()
    file.content_string = "\ufeff# Changed"  # as a plugin may set it; read as MkDocs reads a file's text
    assert file.content_string == "# Changed" and site_page.markdown.startswith("---")
    file.content_bytes = "# Bytes ▶".encode()
    assert file.content_string == "# Bytes ▶"


def test_a_page_holds_the_mappings_of_its_front_matter_packed_and_gives_them_back_in_order(config) -> None:
    import datetime

    files = site(config, ConvertedPage)
    page = files.get_file_from_path("p002.md").page
    page.read_source(config)
    page.render(config, files)
    jsonld = {"@type": "Article", "about": [{"name": "“Scaling”"}], "dateModified": datetime.date(2025, 12, 23)}
    page.meta = {"title": "T", "jsonld": jsonld, "search": {"exclude": True}, "tags": ["a"]}
    held = HeldPages()
    assert page.hold(page.content, held) == ""
    assert page.meta == {"title": "T", "tags": ["a"]}  # what another plugin's on_env reads stays
    page.meta["og_image"] = "card.png"  # as the cards plugin adds it meanwhile
    page.take_back()
    assert list(page.meta) == ["title", "jsonld", "search", "tags", "og_image"]
    assert page.meta["jsonld"] == jsonld and page.meta["search"] == {"exclude": True} and page.held is None
    held.close()
