"""Links never dead-end: unknown, moved and retired passage ids and missing pages lead somewhere useful.

Driven in Chromium against the offline build of a copy of the project whose id registry holds three
retired ids (offline_build.py), served by a server that answers a missing address with the site's
404.html and status 404, as static hosts do.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from offline_build import GONE_PAGE, OfflineBuild, build_offline

pytestmark = [pytest.mark.site, pytest.mark.browser]


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> OfflineBuild:
    built = build_offline(tmp_path_factory.getbasetemp() / "offline-build")
    assert built.returncode == 0, built.output
    return built


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; a missing address gets 404.html with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def host(offline: OfflineBuild) -> Iterator[str]:
    """Base URL of the offline site served with its 404 page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(offline.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def visit(browser, host: str) -> Iterator[Callable[[str], tuple[object, list[str]]]]:
    """`visit(path)` -> (page, errors): loaded and settled; errors are console errors and foreign requests."""
    contexts = []

    def open_(path: str) -> tuple[object, list[str]]:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        errors: list[str] = []

        def guard(route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                errors.append(f"request to another host: {route.request.url}")
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        # A missing address is answered with status 404 by design; the browser logs that as an error.
        page.on("console", lambda m: m.type == "error" and "status of 404" not in m.text and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e} (at {(e.stack or '').splitlines()[1:2]})"))
        page.goto(host + path, wait_until="networkidle")
        return page, errors

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def essay(offline: OfflineBuild) -> list[dict]:
    """The sections of the offline site's data/essay.json, each with its page url and paragraphs."""
    data = json.loads((offline.site / "data" / "essay.json").read_text(encoding="utf-8"))
    return data["sections"]


def page_of(url: str) -> str:
    return url.split("#", 1)[0].lstrip("/")


def path_of(page, host: str) -> str:
    return page.url.removeprefix(host)


def test_an_unknown_id_on_an_existing_page_says_so_and_offers_the_page(visit, essay, host) -> None:
    first = page_of(essay[0]["paragraphs"][0]["url"])  # essay/what-are-we-scaling/ for this essay
    page, errors = visit(f"{first}#p-no-such-id")
    notice = page.locator("#id-notice")
    notice.wait_for(state="visible")
    assert "#p-no-such-id" in notice.inner_text() and path_of(page, host) == f"{first}#p-no-such-id"
    assert page.evaluate("document.activeElement.id") == "id-notice"  # read out and reachable by keyboard
    assert notice.get_by_role("link", name="Read this page from the start").count() == 1
    assert errors == []


def test_a_cut_short_id_offers_the_passage_it_nearly_names(visit, essay, host) -> None:
    target = essay[-1]["paragraphs"][0]
    first = page_of(essay[0]["paragraphs"][0]["url"])
    page, errors = visit(f"{first}#{target['id'][:-3]}")
    notice = page.locator("#id-notice")
    notice.wait_for(state="visible")
    link = notice.locator("li a").first
    link.click()
    page.wait_for_load_state("networkidle")
    assert path_of(page, host) == f"{page_of(target['url'])}#{target['id']}"
    assert page.locator(f"[id='{target['id']}']").is_visible()
    assert errors == []


def test_an_id_on_the_wrong_page_opens_its_page(visit, essay, host) -> None:
    target = essay[-1]["paragraphs"][-1]
    page, errors = visit(f"{page_of(essay[0]['paragraphs'][0]['url'])}#{target['id']}")
    page.wait_for_url(f"**/{page_of(target['url'])}#{target['id']}")
    assert page.locator(f"[id='{target['id']}']").is_visible() and page.locator("#id-notice").count() == 0
    assert errors == []


def test_a_retired_id_on_its_page_says_where_the_text_went(visit, offline, host) -> None:
    retired = offline.retired["p-an-earlier-wording"]
    page, errors = visit(f"{retired.old_page}#{retired.id}")
    note = page.locator(f"[id='{retired.id}']")
    assert note.is_visible() and "changed" in note.inner_text()
    note.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert path_of(page, host) == retired.successor
    assert errors == []


def test_a_retired_id_whose_page_is_gone_leads_to_its_note(visit, offline, host) -> None:
    retired = offline.retired["p-from-a-renamed-section"]
    assert retired.old_page == GONE_PAGE
    page, errors = visit(f"{GONE_PAGE}#{retired.id}")  # the 404 page finds the id and opens the page of its note
    page.wait_for_url(f"**/essay/*/#{retired.id}")
    assert not path_of(page, host).startswith(GONE_PAGE)
    note = page.locator(f"[id='{retired.id}']")
    assert note.is_visible() and "changed" in note.inner_text()
    note.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert path_of(page, host) == retired.successor
    assert errors == []


def test_a_retired_id_whose_text_was_removed_says_so(visit, offline) -> None:
    retired = offline.retired["s-a-sentence-since-cut"]
    page, errors = visit(f"essay/no-such-page/#{retired.id}")  # the 404 page sends it to its page's note
    page.wait_for_url(f"**/{retired.old_page}#{retired.id}")
    note = page.locator(f"[id='{retired.id}']")
    assert note.is_visible() and "removed" in note.inner_text()
    assert errors == []


def test_a_mistyped_page_address_offers_its_folder_and_the_closest_pages(visit, essay, host) -> None:
    first = page_of(essay[0]["paragraphs"][0]["url"])
    folder = first.split("/")[0] + "/"
    page, errors = visit(first.rstrip("/")[:-1] + "/")  # one letter short
    box = page.locator("#id-resolver[data-state='suggested']")
    box.wait_for()
    hrefs = [a.get_attribute("href") for a in box.locator("li a").all()]
    assert hrefs[0] == host + folder and host + first in hrefs
    assert errors == []


def test_the_folders_have_index_pages(offline: OfflineBuild, essay) -> None:
    for folder in ("essay", "narration", "about"):
        page = offline.site / folder / "index.html"
        assert page.is_file(), f"{folder}/ has no index page"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        links = {a["href"] for a in soup.select("article a[href]")}
        children = {p.parent.name + "/" for p in (offline.site / folder).glob("*/index.html")}
        assert children and all(any(href.endswith(child) for href in links) for child in children), folder
    assert len(essay) == len(list((offline.site / "essay").glob("*/index.html")))


def test_notices_pass_axe(visit, axe_script, essay) -> None:
    first = page_of(essay[0]["paragraphs"][0]["url"])
    for path, selector in ((f"{first}#p-no-such-id", "#id-notice"),
                           ("essay/no-such-page/", "#id-resolver[data-state='suggested']")):
        page, _ = visit(path)
        page.locator(selector).wait_for()
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("""(sel) => axe.run(document.querySelector(sel),
            {runOnly: ['wcag2a', 'wcag2aa']}).then(r => r.violations.map(v => v.id + ': ' + v.help))""", selector)
        assert result == [], path
