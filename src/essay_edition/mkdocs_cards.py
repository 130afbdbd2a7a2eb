"""The MkDocs plugin ``essay-edition-cards``: a share card (``og:image``) for every page of the site.

Generated and hand-written pages alike: once MkDocs has read every page (``on_env``), each page's
card is drawn from its front matter (``title``, ``description``, optional ``card_label`` and
``card_tone``) or its heading, with a kind label taken from the page's nav group or, for a page
outside the nav, from the page of its nearest folder ("Tags", "Predictions ledger"). New kinds of
page get cards with no change here. The cards are written under ``assets/cards/`` of the site being
built, and each page's ``og_image`` meta names its card for the theme (overrides/main.html).

Drawing is :func:`essay_edition.render.cards.card_png`: offline and deterministic, so cards are
cached on their content, in memory and in ``.cache/essay-edition/cards/`` beside mkdocs.yml
(option ``cache: false`` turns the folder off): a build draws only the cards whose text changed.
In ``mkdocs build`` the cards are drawn and written by forked worker processes while MkDocs writes
the pages (a card's address is known before it is drawn), and the build waits for them before it
ends (``on_post_build``); under ``mkdocs serve``, which runs threads and must not fork, they are drawn
on a small thread pool before the pages are written.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

from .errors import SourceError
from .render.cards import Card, cached_card_png, card_from_meta, card_path, card_png, draw_card, font_files
from .workers import chunks, forked_pool

THREADS = 2
CHUNK = 100  # cards per task of a build's workers
CACHE_DIR = ".cache/essay-edition/cards"


def kind_label(page: Page, titles: dict[str, str]) -> str:
    """Return the kind label of a page's card: its nav group's title, else its nearest folder page's title."""
    parent = page.parent
    while parent is not None and not parent.title:
        parent = parent.parent
    label = parent.title if parent is not None else ""
    folders = page.url.strip("/").split("/")[:-1]
    while not label and folders:
        label = titles.get("/".join(folders) + "/", "")
        folders.pop()
    return "" if label == page.title else label


def page_cards(pages: list[Page], site_name: str) -> dict[str, tuple[Page, Card]]:
    """Return each page's card with the page, by the card's site path."""
    titles = {p.url: p.title or "" for p in pages}
    return {card_path(p.url): (p, card_from_meta(p.meta, p.title or site_name, kind_label(p, titles), site_name))
            for p in pages}


class ShareCardsConfig(base.Config):
    """Plugin options: whether drawn cards are kept on disk for the next build."""

    cache = c.Type(bool, default=True)


def _draw_and_write(cards: Sequence[tuple[str, Card]], cache_dir: str | None) -> int:
    """Draw each card and write it to its path (absolute); return how many were written. (In a build's
    worker: a card is drawn once, so none is kept in memory.)"""
    for path, card in cards:
        png = cached_card_png(card, Path(cache_dir), draw=draw_card) if cache_dir else draw_card(card)
        write_file(png, path)
    return len(cards)


class ShareCardsPlugin(BasePlugin[ShareCardsConfig]):
    """Draw a share card per page and name it in the page's ``og_image`` meta."""

    def __init__(self) -> None:
        self.command = "build"
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.drawing: list[concurrent.futures.Future[int]] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a build (cards drawn by processes) or a serve (by threads)."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stop the build with one line when the card fonts are not installed."""
        try:
            font_files()
        except SourceError as err:
            raise PluginError(err.one_line()) from None
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Set every page's ``og_image`` meta and draw its card into the site folder (in a build: start
        drawing, for :meth:`on_post_build` to wait for)."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        cards = page_cards(pages, config.site_name)
        site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
        for path, (page, _) in cards.items():
            page.meta["og_image"] = site_url + path if site_url else get_relative_url(path, page.url)
        cache_dir = str(Path(config.config_file_path).parent / CACHE_DIR) if self.config.cache else None
        jobs = [(os.path.join(config.site_dir, path), card) for path, (_, card) in cards.items()]
        tasks = chunks(jobs, CHUNK)
        self.pool = forked_pool(len(tasks)) if self.command == "build" else None
        if self.pool is not None:
            self.drawing = [self.pool.submit(_draw_and_write, task, cache_dir) for task in tasks]
            return env
        draw = card_png if cache_dir is None else functools.partial(cached_card_png, cache_dir=Path(cache_dir))
        with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
            for (path, _), png in zip(jobs, pool.map(draw, [card for _, card in jobs])):
                write_file(png, path)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the cards being drawn; a card that could not be drawn fails the build."""
        try:
            for future in self.drawing:
                future.result()
        finally:
            self._stop()

    def on_build_error(self, *, error: Exception) -> None:
        """Stop drawing cards for a build that failed."""
        self._stop()

    def _stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.pool, self.drawing = None, []
