"""What readers do, in Chromium: browse, search to a passage, share a link, move by keys.

Listening along (the docked player) is judged in test_player.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import (
    DESKTOP,
    MOBILE,
    SEARCH_INPUT,
    SEARCH_RESULT,
    middle_phrase,
    search_documents,
    search_href,
    wait_for_target_in_view,
)

pytestmark = [pytest.mark.site, pytest.mark.browser]


def test_home_to_section_then_search_lands_on_the_paragraph(open_page, essay_data):
    page, log = open_page("")
    section = essay_data["sections"][3]
    page.locator(f"ol.sections a[href$='{section['url']}']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(section["url"])
    paragraph = next(p for p in section["paragraphs"] if len(p["text"].split()) > 30)
    phrase = middle_phrase(paragraph["text"])
    box = page.locator(SEARCH_INPUT)
    box.click()
    box.press_sequentially(phrase)
    first = page.locator(SEARCH_RESULT).first
    first.wait_for(state="visible")
    first.locator("a").first.click()
    page.wait_for_function(f"location.hash === '#{paragraph['id']}'")
    assert page.url.split("#")[0].endswith(section["url"]), page.url
    wait_for_target_in_view(page, paragraph["id"])
    assert "?" not in page.url, f"search left its query in the shared URL: {page.url}"
    assert not log.console_errors and not log.foreign_requests, log


def test_search_index_has_an_entry_per_paragraph(built_site: Path, essay_data):
    hrefs = {search_href(d) for d in search_documents(built_site)}
    for section in essay_data["sections"]:
        for paragraph in section["paragraphs"]:
            assert paragraph["url"] in hrefs and paragraph["url"].endswith("#" + paragraph["id"])


def test_copy_link_then_open_it_highlights_the_paragraph(browser, served_site, essay_data):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    page = context.new_page()
    section = essay_data["sections"][0]
    paragraph = section["paragraphs"][2]
    page.goto(served_site + section["url"], wait_until="networkidle")
    para = page.locator(f"[id='{paragraph['id']}']")
    para.hover()
    para.locator("a.permalink").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert copied == canonical + "#" + paragraph["id"]
    assert page.locator(".toast").inner_text().startswith("Link copied")
    # Opening the shared link (here: on this server) scrolls to the paragraph and highlights it.
    fresh = context.new_page()
    fresh.goto(served_site + section["url"] + "#" + paragraph["id"], wait_until="networkidle")
    background = fresh.locator(f"[id='{paragraph['id']}']").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    box = fresh.locator(f"[id='{paragraph['id']}']").bounding_box()
    assert box is not None and 0 <= box["y"] < fresh.viewport_size["height"]
    context.close()


def test_sentence_links_and_text_fragments(open_page, essay_data):
    section = essay_data["sections"][1]
    sentence = section["paragraphs"][1]["sentences"][1]
    page, _ = open_page(sentence["url"])
    background = page.locator(f"[id='{sentence['id']}']").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    words = " ".join(sentence["text"].split()[:4])
    page2, log = open_page(section["url"] + "#:~:text=" + words.replace(" ", "%20"))
    assert not log.console_errors


def test_j_pressed_ten_times_moves_ten_paragraphs_and_k_comes_back(open_page, essay_data):
    section = max(essay_data["sections"], key=lambda s: len(s["paragraphs"]))
    ids = [p["id"] for p in section["paragraphs"]]
    assert len(ids) >= 10, "no section has ten paragraphs"
    page, log = open_page(section["url"])
    for _ in range(10):
        page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[9]
    for _ in range(3):
        page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == ids[6]
    page.wait_for_timeout(900)  # the smooth scroll settles with the paragraph at the top of the text
    box = page.locator(f"[id='{ids[6]}']").bounding_box()
    assert box is not None and 40 <= box["y"] <= 140, box
    # From where the reader scrolled to by hand, j goes on from the paragraph in view.
    page.mouse.wheel(0, -100000)
    page.wait_for_timeout(300)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[0]
    assert not log.console_errors and not log.foreign_requests, log


@pytest.mark.parametrize("path", ["essay/what-are-we-scaling/", "narration/youtube/"])
@pytest.mark.parametrize("view", ["desktop", "mobile", "dark", "print"])
def test_reader_screenshots(path, view, open_page, screenshot_dir):
    viewport = MOBILE if view == "mobile" else DESKTOP
    page, _ = open_page(path, viewport=viewport, scheme="dark" if view == "dark" else "light")
    if view == "print":
        page.emulate_media(media="print")
        assert not page.locator(".md-sidebar--primary").is_visible()
    name = path.strip("/").replace("/", "-")
    out = screenshot_dir / f"reader-{name}-{view}.png"
    page.screenshot(path=str(out), full_page=view == "print")
    assert out.stat().st_size > 10_000
