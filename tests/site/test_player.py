"""Listening along, in Chromium: the docked player, what is spoken, seeking, page to page, the hosts.

YouTube is replaced at its own addresses: the IFrame API script (www.youtube.com/iframe_api) is answered
with a stand-in that builds the player iframe the way the API does (``host`` + ``/embed/<id>``), and the
player host answers with a blank page. Every other host is refused and recorded. The stand-in's clock
is set by the tests (``window.__yt.time``); what the page asks of the player is in ``window.__yt.calls``.
Expected times come from the exports (``essay.json``, ``essay-sync.vtt``, ``transcript.json``,
``podcast.json``), never from the page under test.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from site_helpers import DESKTOP, MOBILE, NO_MOTION_CSS, PALETTE_TOGGLE, SCHEMES, SEARCH_INPUT
from test_site_a11y import describe, run_axe

pytestmark = [pytest.mark.site, pytest.mark.browser]

API = "https://www.youtube.com/iframe_api"
PLAYER_HOST = "www.youtube-nocookie.com"

# The stand-in IFrame API: YT.Player replaces its element with an iframe on options.host, as the API does.
STANDIN_API = """
(function () {
  var yt = window.__yt = window.__yt || {calls: [], time: 0, state: -1, duration: 900};
  function Player(id, options) {
    var self = this, vars = options.playerVars || {}, frame = document.createElement("iframe");
    frame.id = id;
    frame.src = options.host + "/embed/" + options.videoId + "?enablejsapi=1&start=" + (vars.start || 0);
    document.getElementById(id).replaceWith(frame);
    yt.calls.push(["new", options.videoId, options.host, vars.start]);
    function state(s) { yt.state = s; if (options.events.onStateChange) options.events.onStateChange({data: s, target: self}); }
    self.seekTo = function (t) { yt.calls.push(["seekTo", t]); yt.time = t; };
    self.playVideo = function () { yt.calls.push(["playVideo"]); state(1); };
    self.pauseVideo = function () { yt.calls.push(["pauseVideo"]); state(2); };
    self.getCurrentTime = function () { return yt.time; };
    self.getPlayerState = function () { return yt.state; };
    self.getDuration = function () { return yt.duration; };
    self.destroy = function () { yt.calls.push(["destroy"]); frame.remove(); };
    self.getIframe = function () { return frame; };
    setTimeout(function () { options.events.onReady({target: self}); }, 0);
  }
  window.YT = {Player: Player, PlayerState: {ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5}};
  if (window.onYouTubeIframeAPIReady) window.onYouTubeIframeAPIReady();
})();
"""
STANDIN_PLAYER = ("<!doctype html><title>Player stand-in</title><body style='margin:0;height:100vh;display:grid;"
                  "place-items:center;background:#0f0f0f;color:#aaa;font:14px sans-serif'>video (test stand-in)")
HOST_NAME = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b")


@dataclass
class Listening:
    page: object
    requests: list[str] = field(default_factory=list)  # every request that left 127.0.0.1, in order
    errors: list[str] = field(default_factory=list)

    def calls(self, kind: str) -> list[list]:
        return [c for c in self.page.evaluate("window.__yt ? window.__yt.calls : []") if c[0] == kind]

    def at(self, seconds: float, settle: int = 700) -> None:
        """Move the stand-in's clock to `seconds`, as playback would, and let the player see it."""
        self.page.evaluate(f"window.__yt.time = {seconds}")
        self.page.wait_for_timeout(settle)


def _site_url(built_site: Path) -> str:
    """The site's canonical address (site_url), read from a page's canonical link."""
    soup = BeautifulSoup((built_site / "essay/what-are-we-scaling/index.html").read_text(encoding="utf-8"), "lxml")
    return soup.select_one("link[rel=canonical]")["href"].removesuffix("essay/what-are-we-scaling/")


@pytest.fixture
def listen(browser, served_site: str, built_site: Path):
    """`listen(path, viewport=DESKTOP, scheme='light', instant=False, offline=False)` -> Listening, the page loaded.

    With `instant`, Material's instant navigation is switched on (the feature added to the page's
    config, the sitemap pointed at this server): how the site behaves when served at its site_url.
    With `offline`, YouTube does not answer at all (its requests are aborted), as for a reader offline."""
    contexts = []
    site_url = _site_url(built_site)

    def open_(path: str, *, viewport: dict = DESKTOP, scheme: str = "light", instant: bool = False,
              offline: bool = False) -> Listening:
        context = browser.new_context(viewport=viewport, color_scheme="dark" if scheme == "dark" else "light")
        contexts.append(context)
        page = context.new_page()
        session = Listening(page)

        def route(request_route) -> None:
            request = request_route.request
            url, host = request.url, urlsplit(request.url).hostname
            if host == "127.0.0.1":
                if instant and urlsplit(url).path.endswith("/sitemap.xml"):
                    response = request_route.fetch()
                    request_route.fulfill(response=response, body=response.text().replace(site_url, served_site))
                elif instant and request.resource_type == "document":
                    response = request_route.fetch()
                    body = response.text().replace('"features": [', '"features": ["navigation.instant", ', 1)
                    request_route.fulfill(response=response, body=body)
                else:
                    request_route.continue_()
                return
            session.requests.append(url)
            if offline:
                request_route.abort()
            elif url.split("?")[0] == API:
                request_route.fulfill(body=STANDIN_API, content_type="text/javascript")
            elif host == PLAYER_HOST:
                request_route.fulfill(body=STANDIN_PLAYER, content_type="text/html")
            else:
                request_route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and session.errors.append(f"{m.text} @ {m.location}"))
        page.on("pageerror", lambda error: session.errors.append(f"uncaught: {error}"))
        page.goto(served_site + path, wait_until="networkidle")
        page.add_style_tag(content=NO_MOTION_CSS)
        if scheme == "dark" and page.evaluate("document.body.getAttribute('data-md-color-scheme')") != SCHEMES["dark"]:
            page.locator(PALETTE_TOGGLE).first.click()
        return session

    yield open_
    for context in contexts:
        context.close()


def _start(session: Listening) -> None:
    """Press the page's "Listen along" and wait until the stand-in plays."""
    session.page.locator(".player-load").click()
    session.page.wait_for_function("window.__yt && window.__yt.calls.some(c => c[0] === 'playVideo')")


@pytest.fixture(scope="session")
def sync_cues(built_site: Path) -> dict[str, dict]:
    """The essay's sync track: cue id -> {start, end, page, words, chars}."""
    text = (built_site / "data/essay-sync.vtt").read_text(encoding="utf-8")
    cues = {}
    for block in text.split("\n\n")[1:]:
        lines = block.strip().split("\n")
        if len(lines) < 3:
            continue
        start, end = (sum(float(x) * 60 ** i for i, x in enumerate(reversed(t.strip().split(":"))))
                      for t in lines[1].split("-->"))
        cues[lines[0]] = {"start": start, "end": end, **json.loads(lines[2])}
    return cues


def _sections(essay_data: dict) -> dict[str, dict]:
    return {s["url"]: s for s in essay_data["sections"]}


def _runs(essay_data: dict) -> list[dict]:
    """The narration's runs in spoken order, from essay.json: consecutive narrated paragraphs of one page."""
    spoken = sorted((p["narration"]["start"], p["narration"]["end"], s["url"]) for s in essay_data["sections"]
                     for p in s["paragraphs"] if p["narration"]["start"] is not None)
    runs: list[dict] = []
    for start, end, url in spoken:
        if runs and runs[-1]["url"] == url:
            runs[-1]["end"] = max(runs[-1]["end"], end)
        else:
            runs.append({"url": url, "start": start, "end": end})
    return runs


# --- hosts --------------------------------------------------------------------------------------


def test_nothing_leaves_localhost_before_play_and_after_only_the_hosts_the_status_names(listen, essay_data):
    section = next(s for s in essay_data["sections"] if s["narration"]["start"])
    session = listen(section["url"])
    page = session.page
    assert session.requests == [], "a request left 127.0.0.1 before the reader pressed play"
    page.locator(f"[id='{section['paragraphs'][0]['id']}']").click()  # reading, not asking: still nothing
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(300)
    assert session.requests == []
    _start(session)
    status = page.locator(".narration-dock .dock-status").inner_text()
    named = set(HOST_NAME.findall(status))
    contacted = {urlsplit(u).hostname for u in session.requests}
    assert contacted and contacted <= named, (contacted, status)
    assert urlsplit(session.requests[0]).hostname == "www.youtube.com"  # the API script, and the status says so
    frame = page.locator(".narration-dock iframe")
    assert urlsplit(frame.get_attribute("src")).hostname == PLAYER_HOST
    assert session.calls("new")[0][2] == f"https://{PLAYER_HOST}"
    assert math.isclose(session.calls("seekTo")[0][1], section["narration"]["start"], abs_tol=0.01)
    assert not session.errors, session.errors


def test_offline_the_player_says_youtube_did_not_answer_and_names_no_host_it_never_asked(listen, essay_data):
    section = next(s for s in essay_data["sections"] if s["narration"]["start"])
    session = listen(section["url"], offline=True)
    page = session.page
    page.locator(".player-load").click()
    status = page.locator(".narration-dock .dock-status")
    page.wait_for_function("document.querySelector('.narration-dock .dock-status').textContent.includes('could not')")
    said = status.inner_text() + " " + page.locator(".player-bar .player-status").inner_text()
    assert {urlsplit(u).hostname for u in session.requests} == {"www.youtube.com"}
    assert set(HOST_NAME.findall(said)) == {"www.youtube.com"}, said  # not the player's host: never asked
    assert page.locator(".narration-dock iframe").count() == 0
    asked = len(session.requests)
    page.locator(".narration-dock .dock-play").click()  # pressing play again tries again
    for _ in range(30):
        if len(session.requests) > asked:
            break
        page.wait_for_timeout(100)
    assert len(session.requests) == asked + 1 and session.requests[-1].split("?")[0] == API
    assert not [e for e in session.errors if "iframe_api" not in e and "ERR_FAILED" not in e], session.errors


def test_space_on_listen_along_starts_the_player_and_does_not_scroll(listen, essay_data):
    section = next(s for s in essay_data["sections"] if s["narration"]["start"])
    session = listen(section["url"])
    page = session.page
    page.locator(".player-load").focus()
    before = page.evaluate("scrollY")
    page.keyboard.press(" ")
    page.wait_for_function("window.__yt && window.__yt.calls.some(c => c[0] === 'playVideo')")
    assert page.evaluate("scrollY") == before
    assert not session.errors, session.errors


# --- the dock -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("path", ["essay/broadly-deployed-intelligence-explosion/", "narration/youtube/"])
def test_the_docked_player_stays_in_view_after_scrolling_5000_px(listen, path, viewport):
    session = listen(path, viewport=viewport)
    page = session.page
    _start(session)
    session.at(page.evaluate("parseFloat(document.querySelector('.player-bar').dataset.first)") + 20)
    before = page.evaluate("scrollY")
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(800)
    moved = page.evaluate("scrollY") - before
    bottom = page.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert moved >= min(5000, bottom - before) - 2 and moved > 0
    box = page.locator(".narration-dock").bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0
    assert box["y"] + box["height"] <= viewport["height"] + 0.5 and box["x"] + box["width"] <= viewport["width"] + 0.5
    controls = [".dock-play", ".dock-close", ".dock-time"]
    assert all(page.locator(f".narration-dock {c}").is_visible() for c in controls)
    # The reader scrolled away from the passage being spoken: "Back to now" is offered, and it works.
    follow = page.locator(".narration-dock .dock-follow")
    follow.wait_for(state="visible")
    follow.click()
    page.wait_for_function("""() => { const n = [...document.querySelectorAll('.md-content .is-speaking')].pop();
        const r = n.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }""", timeout=4000)
    assert not follow.is_visible()
    assert not session.errors, session.errors


def test_play_pause_and_close(listen, essay_data):
    section = essay_data["sections"][0]
    session = listen(section["url"])
    page = session.page
    _start(session)
    page.locator(".dock-play").click()
    assert session.calls("pauseVideo")
    page.wait_for_function("document.querySelector('.dock-play').getAttribute('aria-label').startsWith('Play')")
    page.locator(".dock-play").click()
    assert len(session.calls("playVideo")) == 2
    page.locator(".dock-close").click()
    assert session.calls("destroy") and page.locator(".narration-dock").count() == 0
    assert page.locator(".md-content .is-speaking").count() == 0
    assert not session.errors, session.errors


# --- what is spoken -----------------------------------------------------------------------------


def test_a_time_update_highlights_the_sentence_and_the_word_being_spoken(listen, essay_data, sync_cues):
    section = essay_data["sections"][1]
    paragraph = next(p for p in section["paragraphs"] if p["narration"]["start"] is not None)
    sentence = next(s for s in paragraph["sentences"] if s["narration"] and len(sync_cues[s["id"]]["words"]) > 6)
    cue = sync_cues[sentence["id"]]
    times = [t for t, _ in cue["words"]]
    # Words timed apart from their neighbours (the track may give two words one second: both are lit).
    alone = [i for i in range(1, len(times) - 1) if times[i - 1] < times[i] < times[i + 1]]
    assert len(alone) >= 2, cue
    offset, word = cue["words"][alone[0]]
    moment = cue["start"] + offset + 0.02
    session = listen(section["url"])
    page = session.page
    _start(session)
    session.at(moment, settle=900)
    assert page.evaluate("[...document.querySelectorAll('.md-content .s.is-speaking')].map(n => n.id)") == [sentence["id"]]
    assert page.evaluate("[...document.querySelectorAll('.md-content .para.is-speaking, .md-content .essay-quote.is-speaking')]"
                         ".map(n => n.id)") == [paragraph["id"]]
    spoken_word = "CSS.highlights.get('spoken-word') ? [...CSS.highlights.get('spoken-word')].map(String).join(' ') : null"
    page.wait_for_function(f"({spoken_word}) === {json.dumps(word)}")
    # A later word, later.
    later_offset, later_word = cue["words"][alone[-1]]
    session.at(cue["start"] + later_offset + 0.02, settle=400)
    assert page.evaluate(spoken_word) == later_word
    # Word highlighting off: the sentence stays highlighted, the word does not; the choice is kept.
    page.locator(".dock-words").click()
    session.at(cue["start"] + offset + 0.02, settle=400)
    assert page.evaluate(spoken_word) is None
    assert page.locator(f"[id='{sentence['id']}']").evaluate("n => n.classList.contains('is-speaking')")
    page.reload(wait_until="networkidle")
    _start(session)
    assert page.locator(".dock-words").get_attribute("aria-pressed") == "false"
    assert not session.errors, session.errors


@pytest.mark.parametrize("reduced", [False, True], ids=["motion", "reduced-motion"])
def test_the_page_follows_the_narration_unless_the_reader_scrolled_away(listen, essay_data, reduced):
    section = max(essay_data["sections"], key=lambda s: sum(p["narration"]["start"] is not None for p in s["paragraphs"]))
    narrated = [p for p in section["paragraphs"] if p["narration"]["start"] is not None]
    session = listen(section["url"], viewport=MOBILE)
    page = session.page
    if reduced:
        page.emulate_media(reduced_motion="reduce")
    _start(session)
    last = narrated[-1]
    session.at(last["narration"]["start"] + 0.5, settle=400 if reduced else 1500)  # reduced motion: no glide
    visible = "n => { const r = n.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    assert page.locator(f"[id='{last['id']}']").evaluate(visible), "the page did not follow the narration"
    page.mouse.wheel(0, -4000)  # the reader goes back to the top
    page.wait_for_timeout(500)
    y = page.evaluate("scrollY")
    session.at(narrated[-2]["narration"]["start"] + 0.5, settle=1200)
    assert page.evaluate("scrollY") == y, "the page moved the reader who had scrolled away"
    assert page.locator(".dock-follow").is_visible()
    assert not session.errors, session.errors


# --- everything seeks ---------------------------------------------------------------------------


def test_clicking_or_entering_a_sentence_seeks_to_its_time(listen, essay_data):
    section = essay_data["sections"][0]
    sentences = [s for p in section["paragraphs"] for s in p["sentences"] if s["narration"]]
    session = listen(section["url"])
    page = session.page
    page.locator(f"[id='{sentences[3]['id']}']").click()
    assert session.requests == [], "a sentence click loaded the player before the reader asked for it"
    _start(session)
    target = sentences[-2]
    page.locator(f"[id='{target['id']}']").click()
    assert math.isclose(session.calls("seekTo")[-1][1], target["narration"]["start"], abs_tol=0.01)
    other = sentences[5]
    page.locator(f"[id='{other['id']}']").evaluate("n => { n.tabIndex = -1; n.focus(); }")
    page.keyboard.press("Enter")
    assert math.isclose(session.calls("seekTo")[-1][1], other["narration"]["start"], abs_tol=0.01)
    assert not session.errors, session.errors


PREVENTED = """(selector) => { const link = document.querySelector(selector); let prevented = null;
  const look = e => { prevented = e.defaultPrevented; e.preventDefault(); };
  window.addEventListener('click', look);
  link.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, button: 0}));
  window.removeEventListener('click', look); return prevented; }"""


def test_transcript_timestamps_seek_in_page_and_stay_links_without_the_player(listen, built_site: Path):
    transcript = json.loads((built_site / "data/transcript.json").read_text(encoding="utf-8"))
    session = listen("narration/youtube/")
    page = session.page
    stamps = page.locator(".md-content a.ts[data-start]")
    assert stamps.count() > 3
    assert page.evaluate(PREVENTED, ".md-content a.ts[data-start]") is False, "without the player a timestamp is a link"
    assert stamps.first.get_attribute("href").startswith("https://www.youtube.com/watch?v=")
    _start(session)
    url = page.url
    stamp = stamps.nth(3)
    seconds = float(stamp.get_attribute("data-start"))
    stamp.click()
    assert page.url == url
    assert math.isclose(session.calls("seekTo")[-1][1], seconds, abs_tol=0.01)
    assert seconds in [pytest.approx(s["start"], abs=0.01) for s in transcript["sentences"]]
    sentence = transcript["sentences"][20]
    page.locator(f"[id='{sentence['id']}']").click()
    assert math.isclose(session.calls("seekTo")[-1][1], sentence["start"], abs_tol=0.01)
    session.at((sentence["start"] + sentence["end"]) / 2, settle=600)
    assert page.evaluate("[...document.querySelectorAll('.md-content .sentence.is-speaking')].map(n => n.id)") == [sentence["id"]]
    assert not session.errors, session.errors


def test_podcast_lines_seek_through_their_caption_time(listen, built_site: Path):
    podcast = json.loads((built_site / "data/podcast.json").read_text(encoding="utf-8"))
    line = podcast["lines"][12]
    session = listen("narration/podcast/")
    page = session.page
    assert page.evaluate(PREVENTED, f"[id='{line['id']}'] a.ts") is False
    _start(session)
    url = page.url
    # A click on the line's words (not its timestamp) seeks to the line's time in the narration.
    page.locator(f"[id='{line['id']}']").click(position={"x": 200, "y": 8})
    assert page.url == url
    assert math.isclose(session.calls("seekTo")[-1][1], line["start"], abs_tol=0.01)
    other = podcast["lines"][30]
    page.locator(f"[id='{other['id']}'] a.ts").click()
    assert page.url == url and math.isclose(session.calls("seekTo")[-1][1], other["start"], abs_tol=0.01)
    session.at(other["start"] + 0.1, settle=600)
    assert page.locator(f"[id='{other['id']}']").evaluate("n => n.classList.contains('is-speaking')")
    assert not session.errors, session.errors


# --- page to page -------------------------------------------------------------------------------


def _hand_over(essay_data: dict) -> tuple[dict, dict]:
    """A run and the next one on another page, preferring a hand-over out of essay order."""
    runs = _runs(essay_data)
    order = [s["url"] for s in essay_data["sections"]]
    pairs = [(a, b) for a, b in zip(runs, runs[1:]) if a["url"] != b["url"]]
    assert pairs, "the narration reads only one page"
    out_of_order = [(a, b) for a, b in pairs if order.index(b["url"]) != order.index(a["url"]) + 1]
    return (out_of_order or pairs)[0]


@pytest.mark.parametrize("instant", [False, True], ids=["page-load", "instant-navigation"])
def test_playback_past_a_sections_last_passage_moves_to_the_page_read_next(listen, essay_data, instant):
    run, after = _hand_over(essay_data)
    session = listen(run["url"], instant=instant)
    page = session.page
    page.evaluate("window.__samePage = true")
    _start(session)
    session.at(run["end"] - 0.6, settle=600)
    assert page.url.endswith(run["url"])
    moment = run["end"] + 0.2
    page.evaluate(f"window.__yt.time = {moment}")
    page.wait_for_url(f"**/{after['url']}", timeout=10_000)
    page.wait_for_function("window.__yt && window.__yt.calls.some(c => c[0] === 'playVideo') && window.__yt.state === 1")
    if instant:  # the same document: the player kept playing, never rebuilt
        assert page.evaluate("window.__samePage") is True
        assert len(session.calls("new")) == 1
    else:  # a new document: the player is rebuilt where the narration was, and plays
        assert math.isclose(session.calls("seekTo")[-1][1], moment, abs_tol=0.01)
    # It goes on highlighting on the new page.
    first = next(p for s in essay_data["sections"] if s["url"] == after["url"] for p in s["paragraphs"]
                 if p["narration"]["start"] == after["start"])
    session.at(first["narration"]["start"] + 0.3, settle=800)
    assert page.locator(f"[id='{first['id']}']").evaluate("n => n.classList.contains('is-speaking')")
    assert page.locator(".narration-dock .dock-section").inner_text().startswith("§")
    assert not session.errors, session.errors


def test_a_skipped_section_says_so_and_resume_times_are_per_section(listen, essay_data):
    skipped = [s for s in essay_data["sections"] if s["narration"]["start"] is None]
    narrated = [s for s in essay_data["sections"] if s["narration"]["start"] is not None]
    if skipped:
        session = listen(skipped[0]["url"])
        bar = session.page.locator(".player-bar")
        assert session.page.locator(".player-load").count() == 0 and "skips" in bar.inner_text()
    one, two = narrated[0], narrated[1]
    session = listen(two["url"])
    page = session.page
    _start(session)
    heard = two["narration"]["start"] + 40
    session.at(heard, settle=600)
    page.locator(".dock-close").click()
    page.goto(page.url.replace(two["url"], one["url"]), wait_until="networkidle")
    assert page.locator(".player-resume").count() == 0, "another section's resume time was offered"
    page.goto(page.url.replace(one["url"], two["url"]), wait_until="networkidle")
    resume = page.locator(".player-resume")
    minutes, seconds = divmod(int(heard), 60)
    assert resume.inner_text() == f"Resume at {minutes}:{seconds:02d}"
    resume.click()
    page.wait_for_function("window.__yt && window.__yt.calls.some(c => c[0] === 'seekTo')")
    assert math.isclose(session.calls("seekTo")[-1][1], int(heard), abs_tol=0.01)


# --- keys ---------------------------------------------------------------------------------------


def test_keys_play_pause_play_from_here_and_list_themselves(listen, essay_data):
    section = essay_data["sections"][0]
    session = listen(section["url"])
    page = session.page
    search = page.locator(SEARCH_INPUT)
    search.click()
    search.press_sequentially("jkl?")
    assert search.input_value() == "jkl?" and session.requests == [], "a shortcut fired while typing in search"
    page.keyboard.press("Escape")
    page.locator("h1").click()
    page.keyboard.press("?")
    dialog = page.locator("dialog.keys-help")
    dialog.wait_for(state="visible")
    listed = dialog.locator("kbd").all_inner_texts()
    for key in ["j", "k", "J", "K", "l", "r", "Enter", "b", "w", "?"]:
        assert key in listed, (key, listed)
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.keyboard.press("l")  # play: loads the narration at the section's first spoken second
    page.wait_for_function("window.__yt && window.__yt.calls.some(c => c[0] === 'playVideo')")
    assert math.isclose(session.calls("seekTo")[-1][1], section["narration"]["start"], abs_tol=0.01)
    page.keyboard.press("l")
    assert session.calls("pauseVideo")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("r")  # play from this paragraph
    second = section["paragraphs"][1]
    assert math.isclose(session.calls("seekTo")[-1][1], second["narration"]["start"], abs_tol=0.01)
    assert not session.errors, session.errors


# --- screenshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["desktop", "mobile", "dark", "dark-mobile"])
def test_player_screenshots_mid_narration(listen, essay_data, sync_cues, screenshot_dir, view):
    section = essay_data["sections"][1]
    sentence = [s for p in section["paragraphs"] for s in p["sentences"] if s["narration"]][5]
    cue = sync_cues[sentence["id"]]
    session = listen(section["url"], viewport=MOBILE if "mobile" in view else DESKTOP,
                     scheme="dark" if "dark" in view else "light")
    page = session.page
    _start(session)
    page.mouse.move(1, 1)  # off the text: no hover mark on the sentence that scrolls under the pointer
    session.at(cue["start"] + cue["words"][min(6, len(cue["words"]) - 1)][0] + 0.02, settle=1500)
    assert page.locator(".md-content .s.is-speaking").count() == 1
    out = screenshot_dir / f"player-{view}.png"
    page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000
    assert not session.errors, session.errors


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_the_player_docked_and_the_keys_listed(listen, essay_data, axe_script, checker_report, scheme, viewport):
    section = max(essay_data["sections"], key=lambda s: len(s["paragraphs"]))
    last = [p for p in section["paragraphs"] if p["narration"]["start"] is not None][-1]
    session = listen(section["url"], viewport=viewport, scheme=scheme)
    page = session.page
    _start(session)
    session.at(last["narration"]["start"] + 1, settle=1500)
    page.mouse.wheel(0, -20000)  # away from the spoken passage: "Back to now" shows too
    page.locator(".dock-follow").wait_for(state="visible")
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe with the player docked ({scheme}):\n{describe(violations)}"
    page.locator(".dock-keys").click()
    page.locator("dialog.keys-help").wait_for(state="visible")
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe with the keys listed ({scheme}):\n{describe(violations)}"


def test_page_scripts_set_up_each_page_reached_by_instant_navigation(listen, essay_data):
    """Material's instant navigation swaps pages without loading them: every page script (the reading
    preferences, previews' titles, the player, the ledger) sets the new page up too."""
    first, second = (s["url"] for s in essay_data["sections"][:2])
    session = listen(first, instant=True)
    page = session.page
    page.locator("details.reading-prefs > summary").click()
    page.locator("input[name=ed-forecasts]").uncheck()
    page.evaluate("marker => { window.__sameDocument = marker }", "kept")
    page.locator("a.md-footer__link--next").click()  # the next section, in the nav's order
    page.wait_for_url(f"**/{second}")
    page.wait_for_function("() => document.querySelector('.reading-prefs .prefs-note') !== null")
    assert page.evaluate("() => window.__sameDocument") == "kept"  # no page load happened
    assert page.locator("input[name=ed-forecasts]").is_checked() is False  # the preferences were applied
    assert page.locator("abbr.term[title]").count() == 0  # previews took the browser's own tooltips away
    assert page.locator(".player-bar[data-page]").count() == 1
    assert not session.errors, session.errors


def test_the_home_charts_rows_open_their_sections_and_instant_navigation_survives(listen):
    """The home page's structure chart rows are links to their sections: a click opens the section, and
    the site's own links still navigate instantly afterwards, with no error."""
    session = listen("", instant=True)
    page = session.page
    rows = page.locator(".structure-chart a.time-chart-link")
    assert rows.count() >= 2
    target = rows.nth(1).evaluate("a => a.href")
    rows.nth(1).click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith(target.rstrip("/")))
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__kept = true")  # survives an instant navigation, not a page load
    page.locator(".md-nav a", has_text="Predictions ledger").first.click()
    page.wait_for_url("**/predictions/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__kept === true"), "the ledger link loaded a new page: instant navigation died"
    assert not session.errors, session.errors
