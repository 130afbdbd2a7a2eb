"""The home page: the essay at a glance, its sections with reading and listening times."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import EditionModel, Page, SectionRecord
from .essay_pages import reading_minutes
from .front_matter import front_matter, with_meta
from .jsonld import edition_jsonld
from .structure import structure_chart
from .templating import render


@dataclass(frozen=True)
class Thesis:
    """The essay's thesis sentence as the home page quotes it, and where it is in the essay."""

    text: str
    url: str


def _thesis(m: EditionModel) -> Thesis | None:
    wanted = m.layout.thesis
    if not wanted:
        return None
    return next((Thesis(x.text, f"{p.page_url}#{x.id}") for s in m.sections for p in s.paragraphs
                 for x in p.sentences if wanted in x.text), None)


def _opening(s: SectionRecord) -> str:
    first = s.paragraphs[0]
    return first.sentences[0].text if first.sentences else first.paragraph.text


def home_page(m: EditionModel) -> str:
    """Return the Markdown source of the essay's home page."""
    p = m.prefix
    texts = [x.paragraph.text for s in m.sections for x in s.paragraphs]
    counts = [("predictions in the ledger", len(m.ledger.predictions), f"{p}predictions/")]
    if m.claims is not None:
        counts.append(("summary claims checked", len(m.claims.claims), f"{p}claims/"))
    if m.captions is not None:
        counts.append(("paragraphs timed to the narration",
                       sum(1 for s in m.sections for x in s.paragraphs if x.narration), f"{p}narration/differences/"))
    chart = structure_chart(m.sections, m.captions.cues[-1].end, p) if m.captions else ""
    page = front_matter({"title": m.essay.title, "description": m.essay.subtitle}) + render(
        "home.md", essay=m.essay, author=m.layout.author, source_url=m.layout.source_url, page_url=p,
        words=sum(len(t.split()) for t in texts), minutes=reading_minutes(texts), thesis=_thesis(m), counts=counts,
        chart=chart, sections=m.sections, video_id=m.captions.video_id if m.captions else None,
        minutes_of=lambda s: reading_minutes([x.paragraph.text for x in s.paragraphs]), opening_of=_opening,
        listen_minutes=lambda s: max(1, round((s.narration.end - s.narration.start) / 60)))
    return with_meta(page, {"jsonld": edition_jsonld(m)})


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the essay's home page."""
    yield Page(f"{m.prefix}index.md", home_page(m), ("Home",))
