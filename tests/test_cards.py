"""Share cards: 1200×630 PNGs drawn offline from a page's text, the same bytes for the same card."""

from __future__ import annotations

import io
import os
import socket
from pathlib import Path

import pytest
from PIL import Image

from essay_edition.errors import SourceError
from essay_edition.render import cards
from essay_edition.render.cards import (
    Card,
    cached_card_png,
    card_from_meta,
    card_key,
    card_path,
    card_png,
    place_card,
    wrap,
)

SITE = "Thoughts on AI progress (Dec 2025) — a reader's edition"
CLAIM = Card("He admits that some shifting is fair because AI has made immense progress.",
             "Misstated: Reversed. What the essay calls “often fair” is the bulls' criticism of goal-post shifting.",
             "Summary claim checked · Misstated", SITE, "bad")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to open a connection or resolve a name, refused and recorded."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network disabled in this test")

    for name in ("getaddrinfo", "create_connection"):
        monkeypatch.setattr(socket, name, refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_a_card_is_a_1200_by_630_png_drawn_without_network(no_network: list[str]) -> None:
    card_png.cache_clear()
    png = card_png(CLAIM)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert no_network == []


def test_the_same_card_gives_the_same_bytes_and_other_text_other_bytes() -> None:
    card_png.cache_clear()
    first = card_png(CLAIM)
    card_png.cache_clear()
    assert card_png(CLAIM) == first
    assert card_png(Card(CLAIM.title, "Supported: the essay says so.", CLAIM.label, SITE, "good")) != first


def test_the_card_shows_its_tone_and_ink_on_paper() -> None:
    image = Image.open(io.BytesIO(card_png(CLAIM))).convert("RGB")
    assert image.getpixel((600, 5)) == cards.TONES["bad"]  # the band
    assert image.getpixel((1190, 620)) == cards.PAPER
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 16)}
    assert cards.INK in colours and cards.MUTED in colours


@pytest.mark.parametrize("words", [1, 5, 40, 400])
def test_wrapped_lines_fit_the_width_and_say_when_text_was_left_out(words: int) -> None:
    font = cards._font("text", cards.TEXT_SIZE)
    text = " ".join(f"word{n}" for n in range(words))
    lines = wrap(text, font, 500, 3)
    assert 1 <= len(lines) <= 3
    assert all(font.getlength(line) <= 500 for line in lines)
    whole = " ".join(lines)
    assert whole == text or (whole.endswith("…") and text.startswith(whole[:-1].rstrip()))


def test_no_room_gives_no_lines() -> None:
    assert wrap("short", cards._font("text", cards.TEXT_SIZE), 500, 0) == []


def test_a_title_gets_the_largest_size_its_lines_fit_in() -> None:
    """The one-line measure that rules a size out never rules out one the title fits in: the layout is
    that of wrapping at each size in turn, for titles of every length (and one unbroken word)."""
    import random

    def wrapped_in_turn(title: str) -> tuple[list[str], int]:
        for size in cards.TITLE_SIZES:
            lines = wrap(title, cards._font("title", size), cards.TEXT_WIDTH, cards.TITLE_LINES + 1)
            if len(lines) <= cards.TITLE_LINES:
                return lines, size
        size = cards.TITLE_SIZES[-1]
        return wrap(title, cards._font("title", size), cards.TEXT_WIDTH, cards.TITLE_LINES), size

    words = (Path(__file__).parents[1] / "sources/essay.txt").read_text(encoding="utf-8").split()
    pick = random.Random(20).randrange
    titles = [" ".join(words[start:start + length]) for length in range(1, 70) for start in
              (pick(len(words) - length) for _ in range(6))] + ["W" * 90, CLAIM.title, "a  b\n c"]
    sizes = set()
    for title in titles:
        laid_out = cards._title_lines(title)
        assert laid_out == wrapped_in_turn(title), title
        sizes.add(laid_out[1])
    assert sizes == set(cards.TITLE_SIZES)  # every size was chosen by some title


def _wrapped_by_measuring(text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy wrapping that measures each trial line whole: what :func:`wrap` must give."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width:
            cut = cards._fit(current, font, width)
            lines.append(current[:cut])
            current = current[cut:]
        if len(lines) >= max_lines:
            return cards._ellipsis(lines[:max_lines], font, width)
    if current:
        lines.append(current)
    return lines


@pytest.mark.parametrize("role,size", [("title", size) for size in cards.TITLE_SIZES]
                         + [("text", cards.TEXT_SIZE), ("label", 26), ("label", 24)])
def test_wrapping_by_summed_words_gives_the_lines_measured_whole(role: str, size: int) -> None:
    """:func:`wrap` sums a line from its words' lengths: on the essay's own text, in every font and size
    a card uses, the lines are those that measuring each trial line whole gives, and a line of words is
    exactly as long as its words and spaces."""
    import random

    font = cards._font(role, size)
    words = (Path(__file__).parents[1] / "sources/essay.txt").read_text(encoding="utf-8").split()
    pick = random.Random(size).randrange
    texts = [" ".join(words[start:start + length]) for length in (3, 12, 40, 90) for start in
             (pick(len(words) - length) for _ in range(25))] + ["W" * 90 + " and on", CLAIM.description]
    for text in texts:
        for width, max_lines in ((cards.TEXT_WIDTH, 3), (300, 8)):
            assert wrap(text, font, width, max_lines) == _wrapped_by_measuring(text, font, width, max_lines), text
        line = " ".join(text.split()[:12])
        assert font.getlength(line) == sum(font.getlength(word) for word in line.split()) \
            + font.getlength(" ") * line.count(" "), line


def test_a_stamped_line_has_the_pixels_of_the_line_drawn() -> None:
    """The site's name and a kind label are drawn once and stamped on each card: the same pixels."""
    from PIL import ImageDraw

    for role, size, text in (("label", 24, SITE), ("label", 26, "SUMMARY CLAIM CHECKED · MISSTATED"),
                             ("title", 64, "Wj—ƒ{}")):
        layers = cards._Layers((cards.INK,))
        layers.stamp(cards.INK, (cards.MARGIN, 500), text, cards._font(role, size))
        drawn = Image.new("L", (cards.WIDTH, cards.HEIGHT), 0)
        ImageDraw.Draw(drawn).text((cards.MARGIN, 500), text, font=cards._font(role, size), fill=255)
        assert layers.masks[0].tobytes() == drawn.tobytes(), text
        assert drawn.getbbox() is not None


def test_a_word_wider_than_the_line_is_cut() -> None:
    font = cards._font("title", 64)
    lines = wrap("x" * 200, font, 400, 40)
    assert "".join(lines) == "x" * 200 and all(font.getlength(line) <= 400 for line in lines)


def test_card_text_comes_from_front_matter_html_text() -> None:
    meta = {"title": "A &amp; B &lt;tag&gt;", "description": "It&#39;s\n  here", "card_label": "Forecast",
            "card_tone": "no-such-tone"}
    assert card_from_meta(meta, "Fallback", "Nav group", SITE) == Card("A & B <tag>", "It's here", "Forecast", SITE)
    assert card_from_meta({}, "Heading", "Nav group", SITE) == Card("Heading", "", "Nav group", SITE)


@pytest.mark.parametrize(("url", "path"), [
    ("", "assets/cards/index.png"),
    ("essay/what-are-we-scaling/", "assets/cards/essay/what-are-we-scaling.png"),
    ("one/claims/claim-x/#p-1", "assets/cards/one/claims/claim-x.png"),
    ("about/data.html", "assets/cards/about/data.png"),
    ("one/index.html", "assets/cards/one.png"),
])
def test_card_path(url: str, path: str) -> None:
    assert card_path(url) == path


def test_cards_are_cached_on_disk_by_content(tmp_path: Path) -> None:
    png = cached_card_png(CLAIM, tmp_path)
    stored = tmp_path / f"{card_key(CLAIM)}.png"
    assert stored.read_bytes() == png
    stored.write_bytes(b"kept")  # a second call reads the file rather than drawing
    assert cached_card_png(CLAIM, tmp_path) == b"kept"
    other = Card(CLAIM.title, CLAIM.description, CLAIM.label, SITE, "good")
    assert card_key(other) != card_key(CLAIM) and cached_card_png(other, tmp_path) != b"kept"
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png", ".png"]


def test_a_site_card_is_a_link_to_its_cached_copy_or_else_a_copy(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    place_card(CLAIM, str(site / "assets/cards/a.png"), cache)  # drawn into the cache, then linked
    stored = cache / f"{card_key(CLAIM)}.png"
    placed = site / "assets/cards/a.png"
    assert placed.read_bytes() == stored.read_bytes() == card_png(CLAIM)
    assert os.path.samefile(placed, stored)
    place_card(CLAIM, str(placed), cache)  # over the last build's file (a dirty build)
    assert os.path.samefile(placed, stored)

    def no_links(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    place_card(CLAIM, str(site / "b.png"), cache)
    assert (site / "b.png").read_bytes() == stored.read_bytes() and not os.path.samefile(site / "b.png", stored)


def test_missing_fonts_stop_the_build_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cards, "FONT_DIRS", (tmp_path / "dejavu",))
    cards.font_files.cache_clear()
    try:
        with pytest.raises(SourceError) as err:
            cards.font_files()
    finally:
        cards.font_files.cache_clear()
    assert err.value.one_line() == (
        f"{tmp_path}/dejavu/DejaVuSans.ttf: not found: share cards are drawn in DejaVu fonts; install Debian's "
        "fonts-dejavu-core (apt-get install fonts-dejavu-core)")
