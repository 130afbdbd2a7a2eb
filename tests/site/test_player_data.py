"""What the built pages give the player, checked against the exports (no browser).

Sentences carry their narration times; each page's bar carries its first spoken second (its
no-JavaScript link opens the video there), or says the narration skips it, and the narration's runs in
spoken order; timestamps carry their second; the sync track's word offsets point at the words.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from site_helpers import html_of

pytestmark = pytest.mark.site


def _bar(built_site: Path, url: str):
    bar = html_of(built_site, url).select_one(".player-bar[data-video-id]")
    assert bar is not None, url
    return bar


def test_every_spoken_sentence_carries_its_narration_times(built_site: Path, essay_data: dict) -> None:
    for section in essay_data["sections"]:
        soup = html_of(built_site, section["url"])
        for paragraph in section["paragraphs"]:
            for sentence in paragraph["sentences"]:
                span = soup.find(id=sentence["id"])
                assert span is not None and span.name == "span" and "s" in span["class"], sentence["id"]
                if sentence["narration"] is None:
                    assert not span.has_attr("data-start") and not span.has_attr("data-end"), sentence["id"]
                else:
                    assert float(span["data-start"]) == pytest.approx(sentence["narration"]["start"], abs=0.006)
                    assert float(span["data-end"]) == pytest.approx(sentence["narration"]["end"], abs=0.006)


def test_each_section_listens_from_its_first_spoken_second_or_says_it_is_skipped(built_site: Path,
                                                                                  essay_data: dict) -> None:
    for section in essay_data["sections"]:
        bar = _bar(built_site, section["url"])
        start = section["narration"]["start"]
        link = bar.select_one("a.player-load")
        if start is None:
            assert link is None and not bar.has_attr("data-first"), section["url"]
            assert "skips" in bar.get_text(), section["url"]
            continue
        assert float(bar["data-first"]) == pytest.approx(start, abs=0.006)
        query = parse_qs(urlsplit(link["href"]).query)
        assert query["t"] == [f"{int(start)}s"], (section["url"], link["href"])
        assert float(link["data-start"]) == pytest.approx(start, abs=0.006)


def test_the_bar_carries_the_narrations_runs_in_spoken_order(built_site: Path, essay_data: dict) -> None:
    spoken = sorted((p["narration"]["start"], p["narration"]["end"], s) for s in essay_data["sections"]
                    for p in s["paragraphs"] if p["narration"]["start"] is not None)
    runs: list[list] = []
    for start, end, section in spoken:
        if runs and runs[-1][0] == section["url"]:
            runs[-1][4] = max(runs[-1][4], end)
        else:
            number = essay_data["sections"].index(section) + 1
            runs.append([section["url"], number, section["title"], start, end])
    for url in [s["url"] for s in essay_data["sections"]] + ["narration/youtube/", "narration/podcast/"]:
        bar = _bar(built_site, url)
        plan = json.loads(bar["data-plan"])
        assert [r[:3] for r in plan] == [r[:3] for r in runs], url
        assert [r[3:] for r in plan] == [pytest.approx(r[3:], abs=0.006) for r in runs], url
        assert bar["data-page"] == url
        root = bar["data-root"]
        assert all((built_site / urlsplit(url + root + r[0]).path.lstrip("/")).exists() for r in plan), url


def test_essay_pages_point_the_player_at_the_sync_track(built_site: Path, essay_data: dict) -> None:
    for section in essay_data["sections"]:
        bar = _bar(built_site, section["url"])
        assert bar["data-sync"].endswith("data/essay-sync.vtt")
        assert (built_site / section["url"] / bar["data-sync"]).resolve() == (built_site / "data/essay-sync.vtt").resolve()
        assert urlsplit(bar["data-api"]).hostname == "www.youtube.com"
        assert urlsplit(bar["data-host"]).hostname == "www.youtube-nocookie.com"


def test_sync_word_offsets_point_at_the_words(built_site: Path, essay_data: dict) -> None:
    texts = {x["id"]: x["text"] for s in essay_data["sections"] for p in s["paragraphs"] for x in p["sentences"]}
    payloads = [json.loads(line) for line in (built_site / "data/essay-sync.vtt").read_text(encoding="utf-8").split("\n")
                if line.startswith("{")]
    assert payloads
    for cue in payloads:
        assert len(cue["chars"]) == len(cue["words"]), cue["id"]
        assert [texts[cue["id"]][a:b] for a, b in cue["chars"]] == [w for _, w in cue["words"]], cue["id"]


@pytest.mark.parametrize("url", ["narration/youtube/", "narration/podcast/"])
def test_transcript_timestamps_carry_their_second(built_site: Path, url: str) -> None:
    stamps = html_of(built_site, url).select(".md-content a.ts")
    assert stamps
    for stamp in stamps:
        seconds = float(stamp["data-start"])
        assert parse_qs(urlsplit(stamp["href"]).query)["t"] == [f"{int(seconds)}s"], stamp
