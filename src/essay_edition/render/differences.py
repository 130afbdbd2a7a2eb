"""The narration-differences page: what the narration skips, adds, reorders and rewords.

Built from the alignment: skipped paragraphs (narration ``None``), additions (narration spans no
paragraph claims: lead-ins, asides, the outro), the order sections are read in (an SVG chart made
at build time, readable without JavaScript), and word-level differences judged to be real wording
changes rather than caption errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..enrich.align import Alignment, NarrationSpan, WordDifference
from ..model import SectionRecord
from .essay_pages import clock, relative, youtube_url
from .text import html_text, md_inline

MIN_ADDITION_WORDS = 4  # shorter unclaimed runs are connectives ("Now,", "So", "And")
CHART_WIDTH, ROW, LEFT, TOP = 720, 26, 190, 28


@dataclass(frozen=True)
class Addition:
    """Words the narration adds: where, what, and what kind (lead-in, aside or outro)."""

    span: NarrationSpan
    kind: str
    section_id: str | None


def classify_additions(alignment: Alignment, sections: Sequence[SectionRecord]) -> list[Addition]:
    """Return the narration's additions of at least MIN_ADDITION_WORDS words, each classified."""
    starts = sorted((p.narration.start, s.id, p.id) for s in sections for p in s.paragraphs if p.narration)
    first_of_section = {min((p.narration.start for p in s.paragraphs if p.narration), default=-1.0): s.id
                        for s in sections}
    last_end = max((p.narration.end for s in sections for p in s.paragraphs if p.narration), default=0.0)
    out = []
    for span in alignment.unaligned:
        if len(span.text.split()) < MIN_ADDITION_WORDS:
            continue
        following = next((item for item in starts if item[0] >= span.end - 0.05), None)
        if span.start >= last_end - 0.05:
            out.append(Addition(span, "outro", None))
        elif following and following[0] in first_of_section and following[0] - span.end < 2.5:
            out.append(Addition(span, "lead-in", following[1]))
        else:
            out.append(Addition(span, "aside", following[1] if following else None))
    return out


def order_chart(sections: Sequence[SectionRecord], additions: Sequence[Addition], duration: float) -> str:
    """Return an SVG chart: one row per section (essay order), its paragraphs placed at narration time."""
    height = TOP + ROW * (len(sections) + 1) + 30
    scale = (CHART_WIDTH - LEFT - 10) / max(duration, 1.0)
    parts = [f'<svg class="order-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
             f'role="img" aria-labelledby="order-title order-desc">',
             '<title id="order-title">Essay order against narration time</title>',
             '<desc id="order-desc">One row per essay section, in essay order; each bar is a narrated paragraph, '
             'placed at the time it is spoken. Rows without bars are not narrated.</desc>']
    for minute in range(int(duration // 60) + 1):
        x = LEFT + minute * 60 * scale
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 24}"/>'
                     f'<text class="tick-label" x="{x:.1f}" y="{height - 10}" text-anchor="middle">{minute}:00</text>')
    for row, section in enumerate(sections):
        y = TOP + row * ROW
        label = html_text(f"{section.number}. {section.title}"[:30] + ("…" if len(section.title) > 27 else ""))
        parts.append(f'<g class="section-row"><title>{html_text(section.title)}</title>'
                     f'<text class="row-label" x="{LEFT - 8}" y="{y + 15}" text-anchor="end">{label}</text>')
        for p in section.paragraphs:
            if p.narration is None:
                continue
            x, w = LEFT + p.narration.start * scale, max(2.0, (p.narration.end - p.narration.start) * scale)
            parts.append(f'<rect class="para-bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}">'
                         f"<title>{html_text(p.paragraph.text[:60])}… {clock(p.narration.start)}</title></rect>")
        parts.append("</g>")
    y = TOP + len(sections) * ROW
    parts.append(f'<text class="row-label" x="{LEFT - 8}" y="{y + 15}" text-anchor="end">added by the narration</text>')
    for a in additions:
        x, w = LEFT + a.span.start * scale, max(2.0, (a.span.end - a.span.start) * scale)
        parts.append(f'<rect class="added-bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}">'
                     f"<title>{html_text(a.kind)} at {clock(a.span.start)}</title></rect>")
    parts.append("</svg>")
    return "\n".join(parts)


def differences_page(sections: Sequence[SectionRecord], alignment: Alignment, additions: Sequence[Addition],
                     differences: dict[str, Sequence[WordDifference]], video_id: str, page_url: str,
                     duration: float) -> str:
    """Return the Markdown source of the narration-differences page."""
    read_order = sorted((s for s in sections if s.narration), key=lambda s: s.narration.start)  # type: ignore[union-attr]
    skipped = [p for s in sections for p in s.paragraphs if p.narration is None]
    out = ["# How the narration differs from the essay {#top}\n",
           f'<p>The narration is not the essay read aloud. Of {sum(len(s.paragraphs) for s in sections)} '
           f"paragraphs it reads {sum(1 for s in sections for p in s.paragraphs if p.narration)} and skips "
           f"{len(skipped)}; it reads the sections in its own order and adds {len(additions)} passages of its own. "
           "Times link to the video.</p>\n",
           "## The order sections are read in {#order}\n",
           f'<figure class="order-figure">\n{order_chart(sections, additions, duration)}\n'
           "<figcaption>Rows are the essay's sections in essay order; bars are paragraphs at the moment they are "
           "spoken.</figcaption>\n</figure>\n",
           '<ol class="read-order">' + "".join(
               f'<li><a href="{html_text(relative(page_url, s.page_url))}">{html_text(s.title)}</a> — essay section '
               f'{s.number}, read from <a class="ts" href="{html_text(youtube_url(video_id, s.narration.start))}">'  # type: ignore[union-attr]
               f"{clock(s.narration.start)}</a></li>" for s in read_order) + "</ol>\n",  # type: ignore[union-attr]
           "## Added by the narration {#added}\n",
           _additions_html(additions, video_id)]
    out.append("## Section by section {#sections}\n")
    for s in sections:
        out.append(f"### {md_inline(s.title)} {{#diff-{s.id}}}\n")
        out.append(_section_html(s, differences, video_id, page_url))
    return "\n".join(out)


def _additions_html(additions: Sequence[Addition], video_id: str) -> str:
    if not additions:
        return "<p>Nothing.</p>\n"
    rows = "".join(
        f'<tr><td><a class="ts" href="{html_text(youtube_url(video_id, a.span.start))}">{clock(a.span.start)}</a></td>'
        f"<td>{html_text(a.kind)}</td><td>{html_text(a.span.text)}</td></tr>" for a in additions)
    return ('<table class="additions"><thead><tr><th scope="col">Time</th><th scope="col">Kind</th>'
            f'<th scope="col">What the narration says (captions)</th></tr></thead><tbody>{rows}</tbody></table>\n')


def _section_html(section: SectionRecord, differences: dict[str, Sequence[WordDifference]], video_id: str,
                  page_url: str) -> str:
    items = []
    for p in section.paragraphs:
        link = f'<a href="{html_text(relative(page_url, p.url))}">{html_text(" ".join(p.paragraph.text.split()[:8]))}…</a>'
        if p.narration is None:
            items.append(f'<li class="skipped"><strong>Skipped:</strong> {link}</li>')
            continue
        wording = [d for d in differences.get(p.id, ()) if d.cause == "wording"]
        asr = len(differences.get(p.id, ())) - len(wording)
        detail = "".join(
            f'<li><a class="ts" href="{html_text(youtube_url(video_id, d.time))}">{clock(d.time)}</a> '
            f"{_change(d)}</li>" for d in wording)
        summary = (f"read from {clock(p.narration.start)}; {len(wording)} wording change"
                   f"{'' if len(wording) == 1 else 's'}, {asr} caption error{'' if asr == 1 else 's'}")
        items.append(f"<li>{link} — {summary}" + (f'<ul class="changes">{detail}</ul>' if detail else "") + "</li>")
    return '<ul class="section-diff">' + "".join(items) + "</ul>\n"


def _change(d: WordDifference) -> str:
    if d.kind == "inserted":
        return f'added <ins>{html_text(d.narration)}</ins>'
    if d.kind == "deleted":
        return f'left out <del>{html_text(d.essay)}</del>'
    return f'<del>{html_text(d.essay)}</del> → <ins>{html_text(d.narration)}</ins>'
