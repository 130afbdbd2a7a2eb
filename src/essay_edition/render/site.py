"""Stage 4, render: every page and export of one essay's edition, from the enriched model.

Pure: the model in, an :class:`~essay_edition.model.Edition` of pages and bytes out. Pages come
from the page registry (:mod:`.pages`); exports are listed in :func:`exports`. Paths and URLs carry
the essay's prefix, so several essays can share one site; links between pages are relative.
"""

from __future__ import annotations

from ..model import Edition, EditionModel, LibraryEntry, SearchEntry
from .exports import essay_export, to_json
from .id_index import edition_index
from .ledger import predictions_csv, predictions_export
from .ledger_feeds import predictions_atom, predictions_ics
from .links import link
from .pages import PageRegistry, default_kinds
from .previews import PREVIEWS_PATH, previews_json
from .structured_data import with_structured_data
from .sync_vtt import essay_sync_vtt
from .templating import render
from .transcript_exports import captions_vtt, podcast_json, transcript_json


def exports(m: EditionModel) -> dict[str, bytes]:
    """Return the data exports the edition's sources allow, by site path (``<prefix>data/…``)."""
    p = m.prefix
    video_id = m.captions.video_id if m.captions else None
    out = {f"{p}data/essay.json": to_json(essay_export(m.essay, m.sections, video_id, p, m.cited_by)),
           f"{p}{PREVIEWS_PATH}": previews_json(m)}
    if m.transcript is not None:
        out[f"{p}data/essay-sync.vtt"] = essay_sync_vtt(m.sections)
        out[f"{p}data/captions.vtt"] = captions_vtt(m.transcript)
        out[f"{p}data/transcript.json"] = to_json(transcript_json(m.transcript))
    if m.podcast is not None:
        out[f"{p}data/podcast.json"] = to_json(podcast_json(m.podcast))
    urls = {x.id: x.url for s in m.sections for x in s.paragraphs}
    starts = {x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs}
    rows = predictions_export(m.ledger.predictions, urls, starts)
    out[f"{p}data/predictions.json"] = to_json(rows)
    out[f"{p}data/predictions.csv"] = predictions_csv(rows)
    for old, target in m.moved_sections.items():  # a renamed section's old address leads to its new page
        page = f"{p}essay/{old}/"
        out[f"{page}index.html"] = render("redirect.html", title=m.essay.title, target=link(page, target) or "./")
    if m.site_url:  # calendars and feeds link back with absolute addresses
        predictions = [r.prediction for r in m.ledger.predictions]
        ledger_url = m.absolute(f"{p}predictions/")
        out[f"{p}data/predictions.ics"] = predictions_ics(predictions, ledger_url, f"Forecasts of “{m.essay.title}”")
        out[f"{p}data/predictions.atom"] = predictions_atom(
            predictions, ledger_url, m.absolute(f"{p}data/predictions.atom"), f"Forecasts of “{m.essay.title}”",
            m.layout.author or m.essay.title)
    return {path: text.encode() for path, text in out.items()}


def search_entries(m: EditionModel) -> list[SearchEntry]:
    """Return one search entry per essay paragraph.

    Material's search weighs a title match a thousand times a text match (and a tag a million
    times), so a passage's entry carries the passage as its title: a phrase from it then ranks it
    above pages whose titles share a word or two. The text says which section it is in.
    """
    return [SearchEntry(p.url, p.paragraph.text, f"In “{s.title}”") for s in m.sections for p in s.paragraphs]


def render_edition(m: EditionModel, kinds: PageRegistry | None = None) -> Edition:
    """Return the pages, exports and search entries of one essay (``kinds``: the page registry to use)."""
    edition = Edition()
    for page in (kinds or default_kinds()).render(m):
        edition.pages[page.path] = page
    with_structured_data(m, edition.pages)
    edition.assets = exports(m)
    edition.id_index = edition_index(m, edition.pages.values())
    edition.search_entries = search_entries(m)
    edition.library = LibraryEntry(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published, m.prefix,
                                   len(m.sections), len(m.ledger.predictions))
    return edition
