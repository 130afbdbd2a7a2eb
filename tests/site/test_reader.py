"""What readers do, in Chromium: browse, search to a passage, share a link, listen along.

The YouTube IFrame API is replaced by a stand-in (defined before any page script runs), so no
request leaves 127.0.0.1 and the tests can drive the player's clock.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from site_helpers import DESKTOP, MOBILE, SEARCH_INPUT, SEARCH_RESULT, middle_phrase, search_documents, search_href

pytestmark = [pytest.mark.site, pytest.mark.browser]

# A stand-in for the YouTube IFrame API: records calls, and its clock is set by the test.
FAKE_YT = """
window.__yt = {calls: [], time: 0};
window.YT = {Player: function (id, options) {
  var self = this;
  window.__yt.calls.push(["new", options.videoId, options.host]);
  self.seekTo = function (t) { window.__yt.calls.push(["seekTo", t]); window.__yt.time = t; };
  self.playVideo = function () { window.__yt.calls.push(["playVideo"]); };
  self.getCurrentTime = function () { return window.__yt.time; };
  setTimeout(function () { options.events.onReady({target: self}); }, 0);
}};
"""


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
    target = page.locator(f"[id='{paragraph['id']}']").bounding_box()
    assert target is not None and 0 <= target["y"] < page.viewport_size["height"]
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


def test_keyboard_moves_between_paragraphs(open_page, essay_data):
    section = essay_data["sections"][0]
    page, _ = open_page(section["url"])
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.wait_for_timeout(600)
    focused = page.evaluate("document.activeElement.id")
    assert focused in {p["id"] for p in section["paragraphs"]}


def test_listen_along_seeks_and_highlights_without_leaving_localhost(open_page, essay_data):
    section = essay_data["sections"][0]
    narrated = [p for p in section["paragraphs"] if p["narration"]["start"] is not None]
    page, log = open_page(section["url"])
    page.add_init_script(FAKE_YT)
    page.reload(wait_until="networkidle")
    assert not [r for r in log.requests if "127.0.0.1" not in r], "a request left 127.0.0.1 before any click"
    assert page.locator(".player-bar").is_visible()
    target = narrated[3]
    page.locator(f"[id='{target['id']}'] a.play").click()
    page.wait_for_function("window.__yt.calls.some(c => c[0] === 'seekTo')")
    calls = page.evaluate("window.__yt.calls")
    assert calls[0] == ["new", "_zgnSbu5GqE", "https://www.youtube-nocookie.com"]
    seek = next(c for c in calls if c[0] == "seekTo")
    assert math.isclose(seek[1], target["narration"]["start"], abs_tol=0.01)
    # The narration moves on: a time inside another paragraph highlights that paragraph.
    later = narrated[5]
    page.evaluate(f"window.__yt.time = {later['narration']['start'] + 0.5}")
    page.wait_for_function(f"document.getElementById('{later['id']}').classList.contains('is-speaking')")
    assert page.locator(".is-speaking").count() == 1
    assert not log.foreign_requests and not log.console_errors, log


def test_transcript_sentence_click_seeks_and_time_highlights_sentence(open_page, built_site: Path):
    transcript = json.loads((built_site / "data/transcript.json").read_text(encoding="utf-8"))
    page, log = open_page("narration/youtube/")
    page.add_init_script(FAKE_YT)
    page.reload(wait_until="networkidle")
    page.locator(".player-load").click()
    page.wait_for_function("window.__yt.calls.length > 0")
    sentence = transcript["sentences"][10]
    page.locator(f"[id='{sentence['id']}']").click()
    page.wait_for_function(f"window.__yt.calls.some(c => c[0] === 'seekTo' && Math.abs(c[1] - {sentence['start']}) < 0.01)")
    other = transcript["sentences"][20]
    page.evaluate(f"window.__yt.time = {(other['start'] + other['end']) / 2}")
    page.wait_for_function(f"document.getElementById('{other['id']}').classList.contains('is-speaking')")
    assert not log.foreign_requests and not log.console_errors, log


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
