"""Share-card images (``og:image``): one 1200×630 PNG per page, drawn from the page's own text.

A card shows a kind label ("The essay", "Claim checked · misstated"), the page's title and its
description, over the site's name. It is drawn with Pillow in fonts that Debian's
``fonts-dejavu-core`` installs, found on disk at build time: nothing is fetched, and a missing font
stops the build with one line saying which package provides it. Pillow lays out and rasterises the
text; only the line breaking is ours (Pillow measures text but does not wrap it).

The same card in gives the same PNG bytes out: Pillow writes no time or software chunk, and text is
drawn with fixed fonts at fixed sizes. So a card can be cached on its content: :func:`card_png`
keeps cards in memory (a rebuild under ``mkdocs serve`` draws only the cards whose text changed) and
:func:`cached_card_png` on disk (:func:`place_card` links a site's file to it), under a key that also covers this module's code, Pillow's version
and the font files, so a change to any of them draws every card anew.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import SourceError

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
# Where distributions put the DejaVu fonts: Debian/Ubuntu, Fedora, Arch, Alpine.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu-sans-fonts"),
             Path("/usr/share/fonts/TTF"), Path("/usr/share/fonts/dejavu"))
FONT_FILES = {"label": "DejaVuSans-Bold.ttf", "title": "DejaVuSerif-Bold.ttf", "text": "DejaVuSans.ttf"}
FONT_PACKAGE = "fonts-dejavu-core"

PAPER = (252, 251, 247)
INK = (33, 33, 33)
MUTED = (84, 84, 84)
RULE = (214, 211, 200)
# Tones a page may ask for (front matter ``card_tone``): the colour of its band and label.
TONES = {
    "neutral": (48, 63, 159),   # Material's indigo 700, the site's primary colour
    "good": (27, 94, 32),
    "mixed": (138, 80, 0),
    "bad": (183, 28, 28),
}
TITLE_SIZES = (64, 56, 50, 44)
TITLE_LINES = 3
TEXT_SIZE = 30


@dataclass(frozen=True)
class Card:
    """What a share card shows: plain text (not HTML), and the tone of its band."""

    title: str
    description: str
    label: str
    site_name: str
    tone: str = "neutral"


def card_path(page_url: str) -> str:
    """Return the site path of the card for the page at site URL ``page_url`` (``assets/cards/….png``)."""
    stem = page_url.split("#", 1)[0].strip("/").removesuffix(".html").removesuffix("/index") or "index"
    return f"assets/cards/{stem}.png"


def card_from_meta(meta: dict[str, object], page_title: str, label: str, site_name: str) -> Card:
    """Return the card of a page from its front matter (``title``, ``description``, ``card_label``,
    ``card_tone``), whose values are HTML text as the theme prints them."""

    def text(key: str, default: str) -> str:
        value = meta.get(key)
        return html.unescape(str(value)) if isinstance(value, str) and value.strip() else default

    tone = text("card_tone", "neutral")
    return Card(" ".join(text("title", page_title).split()), " ".join(text("description", "").split()),
                text("card_label", label), site_name, tone if tone in TONES else "neutral")


@lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """Return the font file of each text role; raise SourceError naming the font and its package."""
    wanted = FONT_FILES["text"]
    folder = next((d for d in FONT_DIRS if (d / wanted).is_file()), None)
    if folder is None:
        raise SourceError(str(FONT_DIRS[0] / wanted), None,
                          f"not found: share cards are drawn in DejaVu fonts; install Debian's {FONT_PACKAGE} "
                          f"(apt-get install {FONT_PACKAGE})")
    files = {role: folder / name for role, name in FONT_FILES.items()}
    for path in files.values():
        if not path.is_file():
            raise SourceError(str(path), None, f"not found: install Debian's {FONT_PACKAGE}")
    return files


@lru_cache(maxsize=32)
def _font(role: str, size: int):  # -> ImageFont.FreeTypeFont
    from PIL import ImageFont

    return ImageFont.truetype(str(font_files()[role]), size)


def wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """Return ``text`` broken into at most ``max_lines`` lines no wider than ``width`` pixels, the last
    one ending in "…" when text was left out. A word wider than a line is cut."""
    if max_lines < 1:
        return []
    lines: list[str] = []
    current, current_length = "", 0.0
    space = _length(font, " ")
    for word in text.split():
        # A line is as long as its words and the spaces between them: the shaper joins no glyphs and
        # kerns no pair across a space (the tests check this on the essay's text). So each word is
        # measured once, and a trial line is summed, not measured again with every word it gains.
        trial_length = current_length + space + _length(font, word) if current else _length(font, word)
        if trial_length <= width:
            current, current_length = f"{current} {word}" if current else word, trial_length
            continue
        if current:
            lines.append(current)
        current = word
        while _length(font, current) > width:  # a single overlong word: cut it
            cut = _fit(current, font, width)
            lines.append(current[:cut])
            current = current[cut:]
        current_length = _length(font, current)  # the word's, measured above, unless it was cut
        if len(lines) >= max_lines:  # text is left over: the last line shown ends in an ellipsis
            return _ellipsis(lines[:max_lines], font, width)
    if current:
        lines.append(current)
    return lines


@lru_cache(maxsize=65536)
def _length(font, text: str) -> float:
    """Return the advance of ``text`` in ``font`` (fonts are made once per role and size, so the font
    object itself keys the cache). The words of a site's cards recur from card to card."""
    return font.getlength(text)


def _fit(text: str, font, width: int) -> int:
    """Return how many leading characters of ``text`` fit in ``width`` pixels."""
    n = len(text)
    while n > 1 and font.getlength(text[:n]) > width:
        n -= 1
    return n


def _ellipsis(lines: list[str], font, width: int) -> list[str]:
    """Return ``lines`` with an ellipsis ending the last one, words dropped until it fits."""
    last = lines[-1].rstrip(" ,;:.-–—")
    while last and font.getlength(last + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        last = last.rstrip(" ,;:.-–—")
    return [*lines[:-1], last + "…"]


def _title_lines(title: str) -> tuple[list[str], int]:
    """Return the title's lines and font size: the largest size that fits it in three lines whole."""
    for size in TITLE_SIZES:
        font = _font("title", size)
        # A title that fits in three lines is no wider in one line than the three and the spaces between
        # them (kerning aside, hence the slack of a few spaces more): one measure rules a size out, where
        # wrapping measured a line once for each of its words.
        if font.getlength(" ".join(title.split())) > TITLE_LINES * TEXT_WIDTH + 2 * TITLE_LINES * font.getlength(" "):
            continue
        lines = wrap(title, font, TEXT_WIDTH, TITLE_LINES + 1)
        if len(lines) <= TITLE_LINES:
            return lines, size
    size = TITLE_SIZES[-1]
    return wrap(title, _font("title", size), TEXT_WIDTH, TITLE_LINES), size


class _Layers:
    """A card drawn one colour at a time into coverage masks, flattened into one palette image.

    Why by hand: Pillow draws anti-aliased text on RGB images, whose PNG encoding (a filter tried on
    every row, three bytes a pixel) was most of a card's cost. A card has a handful of colours, so each
    is drawn as an 8-bit coverage mask and mapped to its own run of palette entries (the colour blended
    into the paper at ``LEVELS`` strengths): a one-byte-a-pixel image, encoded in a fraction of the time.
    """

    LEVELS = 63  # strengths per colour: four colours and the paper fill the 256 palette entries

    def __init__(self, colors: tuple[tuple[int, int, int], ...]) -> None:
        from PIL import Image

        assert 1 + len(colors) * self.LEVELS <= 256
        self.colors = colors
        self.masks = [Image.new("L", (WIDTH, HEIGHT), 0) for _ in colors]

    def draw(self, color: tuple[int, int, int]):  # -> ImageDraw.ImageDraw, which draws with fill=255
        from PIL import ImageDraw

        return ImageDraw.Draw(self.masks[self.colors.index(color)])

    def stamp(self, color: tuple[int, int, int], xy: tuple[int, int], text: str, font) -> None:
        """Draw a line that many cards share (the site's name, a kind label) from its drawing kept in
        memory: the same pixels as drawing it here (text is drawn at whole pixels, and Pillow fills the
        colour through the coverage as its text drawing does), without rasterising its glyphs again."""
        line, (left, top) = _line_mask(text, font)
        x, y = xy[0] + left, xy[1] + top
        self.masks[self.colors.index(color)].paste(255, (x, y, x + line.width, y + line.height), line)

    def png(self) -> bytes:
        """Return the layers as one palette PNG."""
        from PIL import Image, ImageChops

        image = Image.new("L", (WIDTH, HEIGHT), 0)
        for n, mask in enumerate(self.masks):
            # Only the box a colour was drawn in is mapped and merged: outside it the mask is 0 and
            # would leave the image as it is, and the boxes are a fraction of the card.
            box = mask.getbbox()
            if box is not None:
                image.paste(ImageChops.lighter(image.crop(box), mask.crop(box).point(_shades(n, self.LEVELS))), box)
        image.putpalette(_palette(self.colors, self.LEVELS))
        out = io.BytesIO()
        # zlib level 3, not Pillow's 6: the PNG is about a fifth larger and encodes in half the time,
        # which on a site of thousands of pages is most of what drawing its cards costs.
        image.save(out, format="PNG", compress_level=3)
        return out.getvalue()


@lru_cache(maxsize=64)
def _line_mask(text: str, font):  # -> tuple[Image.Image, tuple[int, int]]
    """Return a line of text drawn alone as a coverage mask, cropped to its ink, and where the crop
    starts from the point the line is drawn at (fonts are made once per role and size: see :func:`_length`)."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = font.getbbox(text)
    # Room on every side of the box: a glyph may reach past the box its font reports.
    pad = font.size
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), text, font=font, fill=255)
    box = mask.getbbox() or (0, 0, 1, 1)
    return mask.crop(box), (box[0] - pad + left, box[1] - pad + top)


@lru_cache(maxsize=8)
def _shades(layer: int, levels: int) -> tuple[int, ...]:
    """Return the lookup table that maps a layer's coverage (0–255) to its run of palette entries."""
    base = 1 + layer * levels
    return (0, *(base + v * (levels - 1) // 255 for v in range(1, 256)))


@lru_cache(maxsize=16)
def _palette(colors: tuple[tuple[int, int, int], ...], levels: int) -> tuple[int, ...]:
    """Return the palette of a card of these colours: the paper, then each colour blended into it at
    ``levels`` strengths."""
    palette = list(PAPER)
    for color in colors:
        for k in range(1, levels + 1):
            palette += [round(p + (c - p) * k / levels) for p, c in zip(PAPER, color)]
    return tuple(palette)


@lru_cache(maxsize=4096)
def card_png(card: Card) -> bytes:
    """Return the card as a 1200×630 PNG (the same card always gives the same bytes), kept in memory
    for the next time it is asked for (a rebuild under ``mkdocs serve``)."""
    return draw_card(card)


def draw_card(card: Card) -> bytes:
    """Return the card as a 1200×630 PNG, drawn now (the same card always gives the same bytes)."""
    tone = TONES[card.tone]
    layers = _Layers((tone, INK, MUTED, RULE))
    layers.draw(tone).rectangle((0, 0, WIDTH, 14), fill=255)
    y = 64
    if card.label:
        label_font = _font("label", 26)
        layers.stamp(tone, (MARGIN, y), wrap(card.label.upper(), label_font, TEXT_WIDTH, 1)[0], label_font)
        y += 58
    lines, size = _title_lines(card.title)
    title_font = _font("title", size)
    for line in lines:
        layers.draw(INK).text((MARGIN, y), line, font=title_font, fill=255)
        y += round(size * 1.22)
    footer = HEIGHT - 96
    if card.description:
        text_font = _font("text", TEXT_SIZE)
        y += 18
        step = round(TEXT_SIZE * 1.45)
        for line in wrap(card.description, text_font, TEXT_WIDTH, max(0, (footer - 24 - y) // step)):
            layers.draw(MUTED).text((MARGIN, y), line, font=text_font, fill=255)
            y += step
    layers.draw(RULE).line((MARGIN, footer, WIDTH - MARGIN, footer), fill=255, width=2)
    site_font = _font("label", 24)
    layers.stamp(MUTED, (MARGIN, footer + 28), wrap(card.site_name, site_font, TEXT_WIDTH, 1)[0], site_font)
    return layers.png()


@lru_cache(maxsize=1)
def renderer_key() -> str:
    """Return a digest of everything besides the card that decides its pixels: code, Pillow, fonts."""
    import PIL

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(PIL.__version__.encode())
    for role in sorted(FONT_FILES):
        digest.update(font_files()[role].read_bytes())
    return digest.hexdigest()


def card_key(card: Card) -> str:
    """Return the content key of a card's PNG: its fields and the renderer's digest."""
    fields = "\x1f".join((card.title, card.description, card.label, card.site_name, card.tone, renderer_key()))
    return hashlib.sha256(fields.encode()).hexdigest()


def cached_card_path(card: Card, cache_dir: Path) -> Path:
    """Return where the card's PNG is kept in ``cache_dir`` (named by its content key)."""
    return cache_dir / f"{card_key(card)}.png"


def cached_card_png(card: Card, cache_dir: Path, draw: Callable[[Card], bytes] = card_png) -> bytes:
    """Return the card's PNG from ``cache_dir`` when it was drawn before, else ``draw`` it and store it there."""
    path = cached_card_path(card, cache_dir)
    if path.is_file():
        return path.read_bytes()
    png = draw(card)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a build running alongside never reads half a file.
    with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".tmp", delete=False) as out:
        out.write(png)
    os.replace(out.name, path)
    return png


def place_card(card: Card, path: str, cache_dir: Path, draw: Callable[[Card], bytes] = draw_card) -> None:
    """Put the card's PNG at ``path`` as a hard link to its copy in ``cache_dir`` (drawn and stored
    there first if it is not yet), or as a copy of it where the two folders cannot share a file."""
    cached = cached_card_path(card, cache_dir)
    if not cached.is_file():
        cached_card_png(card, cache_dir, draw)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        os.unlink(path)  # a dirty build's card of the last build: a link is not made over a file
    except FileNotFoundError:
        pass
    try:
        # A site of many essays has thousands of cards, most unchanged since the last build: a link
        # costs no read or write of the PNG.
        os.link(cached, path)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(cached, path)
