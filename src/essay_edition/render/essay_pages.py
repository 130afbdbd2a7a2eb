"""The essay's section pages: one page per section, every paragraph a raw HTML block.

Headings are Markdown (so MkDocs builds the table of contents and search entries); paragraphs are
raw HTML blocks made by templates, their text escaped character by character with sentence spans,
footnote references, forecast marks and mentions nested in by :func:`~.annotate.annotate`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import EditionModel, Footnote, Page, ParagraphRecord, SectionRecord, SentenceRecord
from .annotate import Annotation, annotate
from .backlinks import backlinks_html
from .entity_pages import mention_annotations
from .front_matter import front_matter
from .links import link
from .marks import prediction_marks
from .templating import fragment, render, start_tag

WORDS_PER_MINUTE = 238  # average silent reading speed for non-fiction (Brysbaert 2019)
PLAYER_API = "https://www.youtube.com/iframe_api"  # YouTube serves its IFrame API script only from here
PLAYER_HOST = "https://www.youtube-nocookie.com"  # the player itself: YouTube's privacy-enhanced host
PLAYER_STATUS = ("The narration loads from YouTube when you press play: the player script from www.youtube.com, "
                 "the player from www.youtube-nocookie.com. Nothing loads before.")
PLAYER_SKIPPED = "The narration skips this section: nothing on this page is read aloud."


@dataclass(frozen=True)
class NarrationRun:
    """A stretch of the narration reading one page: consecutive spoken paragraphs of one section."""

    page_url: str
    number: int
    title: str
    start: float
    end: float


def reading_minutes(texts: Sequence[str]) -> int:
    """Return the reading time of ``texts`` in whole minutes (at least 1)."""
    words = sum(len(t.split()) for t in texts)
    return max(1, round(words / WORDS_PER_MINUTE))


def paragraph_body(record: ParagraphRecord, footnotes: Sequence[Footnote], extra: Sequence[Annotation] = ()) -> str:
    """Return the paragraph's text as escaped HTML with sentence spans, footnote refs and extras."""
    text = record.paragraph.text
    anns = [Annotation(s.start, s.end, _sentence_tag(s), "</span>", 0) for s in record.sentences]
    for note in footnotes:
        pos = text.find(note.anchor_text + note.mark)
        if pos >= 0:
            at = pos + len(note.anchor_text)
            anns.append(Annotation(at, at + len(note.mark),
                                   start_tag("sup", class_="fnref", id=f"fnref-{note.mark}") +
                                   start_tag("a", href=f"#fn-{note.mark}", role="doc-noteref",
                                             aria_label=f"Footnote {note.mark}"), "</a></sup>", 5))
    anns.extend(extra)
    return annotate(text, anns)


def _sentence_tag(sentence: SentenceRecord) -> str:
    """Return a sentence's opening tag: its id and, when it is spoken, its narration seconds."""
    timing = sentence.narration
    return start_tag("span", class_="s", id=sentence.id, data_start=f"{timing.start:.2f}" if timing else None,
                     data_end=f"{timing.end:.2f}" if timing else None)


def paragraph_block(record: ParagraphRecord, video_id: str | None, footnotes: Sequence[Footnote],
                    extra: Sequence[Annotation] = (), label: str = "¶", backlinks: str = "") -> str:
    """Return one paragraph (or block quote) as a raw HTML block: its id, ▶ link, permalink labelled
    ``label`` (its "§3.2") and the list of what cites it (``backlinks``, HTML)."""
    body = Markup(paragraph_body(record, footnotes, extra))
    return render("paragraph.html", record=record, video_id=video_id, body=body, label=label,
                  backlinks=Markup(backlinks))


def narration_runs(m: EditionModel) -> list[NarrationRun]:
    """Return the narration's runs in spoken order: each a maximal stretch of one section's paragraphs."""
    records = {p.id: (s, p) for s in m.sections for p in s.paragraphs}
    order = m.alignment.order if m.alignment else sorted(
        (p.id for s in m.sections for p in s.paragraphs if p.narration), key=lambda pid: records[pid][1].narration.start)
    runs: list[NarrationRun] = []
    for pid in order:
        section, record = records.get(pid, (None, None))
        if section is None or record is None or record.narration is None:
            continue
        start, end = record.narration.start, record.narration.end
        if runs and runs[-1].page_url == section.page_url:
            last = runs[-1]
            runs[-1] = NarrationRun(last.page_url, last.number, last.title, min(last.start, start), max(last.end, end))
        else:
            runs.append(NarrationRun(section.page_url, section.number, section.title, start, end))
    return runs


def player_bar(video_id: str, page_url: str = "", runs: Sequence[NarrationRun] = (), first: float | None = 0.0,
               sync: str | None = None) -> Markup:
    """Return the listen-along bar: a link to the narration on YouTube at ``first`` (None: the narration
    skips the page, and the bar says so), which player.js turns into the docked player.

    It carries what the player needs: the page's site URL and the way to the site root, the narration's
    runs in spoken order (``[page, section number, title, start, end]``, to follow the narration from page
    to page), the sync track's address. It is in the page from the start, so nothing below it moves when
    the script runs. Material's search skips it (``data-search-exclude``): its words are controls.
    """
    plan = json.dumps([[r.page_url, r.number, r.title, round(r.start, 2), round(r.end, 2)] for r in runs],
                      ensure_ascii=False, separators=(",", ":")) if runs else ""
    return fragment("player_bar.html", video_id=video_id, page=page_url, root=link(page_url, "") if page_url else "",
                    api=PLAYER_API, host=PLAYER_HOST, first=first, plan=plan, sync=sync, status=PLAYER_STATUS,
                    skipped=PLAYER_SKIPPED).rstrip("\n")  # type: ignore[return-value]


def section_page(m: EditionModel, section: SectionRecord, extras: Mapping[str, list[Annotation]],
                 runs: Sequence[NarrationRun] = ()) -> str:
    """Return the Markdown source of one section page."""
    texts = [p.paragraph.text for p in section.paragraphs]
    first = section.paragraphs[0].sentences[0].text if section.paragraphs[0].sentences else texts[0]
    notes = [f for f in m.essay.footnotes if any(f.anchor_text + f.mark in t for t in texts)]
    video_id = m.captions.video_id if m.captions else None
    labels = m.paragraph_labels()
    blocks = [Markup(paragraph_block(p, video_id, notes, extras.get(p.id, ()), labels[p.id],
                                     backlinks_html(m.cited_by.get(p.id, ()), section.page_url, labels[p.id], m.prefix)))
              for p in section.paragraphs]
    retired = [r for r in m.retired if r.page_url == section.page_url]
    # No table of contents (a section page has one heading): its column holds the backlinks instead.
    meta = {"title": section.title, "description": first[:200], "hide": ["toc"]}
    return front_matter(meta) + render(
        "section.md", section=section, count=len(m.sections), minutes=reading_minutes(texts), video_id=video_id,
        retired=retired, player=section_player(m, section, runs) if video_id else "", blocks=blocks, notes=notes)


def section_player(m: EditionModel, section: SectionRecord, runs: Sequence[NarrationRun]) -> Markup:
    """Return a section's listen-along bar: from its first spoken second, or saying the narration skips it."""
    assert m.video_id is not None
    first = section.narration.start if section.narration else None
    sync = link(section.page_url, f"{m.prefix}data/essay-sync.vtt")
    return player_bar(m.video_id, section.page_url, runs, first, sync)


def paragraph_extras(m: EditionModel) -> dict[str, list[Annotation]]:
    """Return, per paragraph id, the forecast marks and mention annotations its block carries."""
    page_of = {x.id: s.page_url for s in m.sections for x in s.paragraphs}
    extras = prediction_marks(m.ledger.predictions, page_of, f"{m.prefix}predictions/")
    entities = {e.id: e for e in m.entities}
    for mention in m.shown_mentions:
        page = "glossary" if mention.kind == "term" else "people"
        hrefs = {mention.entity_id: link(page_of[mention.paragraph_id], f"{m.prefix}{page}/#{mention.entity_id}")}
        extras.setdefault(mention.paragraph_id, []).extend(mention_annotations([mention], entities, hrefs))
    return extras


def pages(m: EditionModel) -> Iterable[Page]:
    """Return one page per essay section, in the nav group "The essay"."""
    extras = paragraph_extras(m)
    runs = narration_runs(m) if m.video_id else []
    for s in m.sections:
        # No front-matter tags here: Material's search boosts tags a millionfold, which would rank
        # this page above the passage a reader searched for. Tag pages list the passages instead.
        yield Page(s.page_path, section_page(m, s, extras, runs), ("The essay", s.title))
