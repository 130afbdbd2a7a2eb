"""Render the home page: the essay at a glance, its sections with reading and listening times."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Essay, SectionRecord
from .essay_pages import clock, front_matter, reading_minutes, relative, youtube_url
from .text import html_text, md_inline


def home_page(essay: Essay, sections: Sequence[SectionRecord], author: str, video_id: str,
              source_url: str, home_url: str = "", counts: dict[str, tuple[int, str]] | None = None,
              thesis: tuple[str, str] | None = None, structure_svg: str = "") -> str:
    """Return the Markdown source of the home page.

    ``home_url`` is the page's own site-relative URL (links are made relative to it); ``counts`` maps a
    label to (number, site-relative url) for the at-a-glance links; ``thesis`` is
    (verbatim sentence, its url); ``structure_svg`` an inline SVG picture of the essay's structure.
    """
    counts = counts or {}
    words = sum(len(p.paragraph.text.split()) for s in sections for p in s.paragraphs)
    fm = front_matter({"title": essay.title, "description": essay.subtitle})
    out = [fm, f"# {md_inline(essay.title)} {{#top}}\n",
           f'<p class="subtitle">{html_text(essay.subtitle)}</p>\n',
           f'<p class="byline">By {html_text(author)} · published {html_text(essay.published)} · '
           f'{words:,} words · {reading_minutes([p.paragraph.text for s in sections for p in s.paragraphs])} min read · '
           f'<a href="{html_text(source_url)}">original post</a></p>\n']
    if thesis:
        out.append(f'<blockquote class="thesis"><p>{html_text(thesis[0])}</p>'
                   f'<footer><a href="{html_text(relative(home_url, thesis[1]))}">Read it in context</a></footer></blockquote>\n')
    if counts:
        items = "".join(f'<li><a href="{html_text(relative(home_url, url))}"><strong>{n}</strong> {html_text(label)}</a></li>'
                        for label, (n, url) in counts.items())
        out.append(f'<ul class="glance">{items}</ul>\n')
    if structure_svg:
        out.append(f'<figure class="structure">\n{structure_svg}\n<figcaption>Each row is a section, in essay order. '
                   "Squares are its paragraphs (hollow: the narration skips it); the bar is when the narration reads "
                   "the section.</figcaption>\n</figure>\n")
    out.append("## Sections {#sections}\n")
    rows = []
    for s in sections:
        texts = [p.paragraph.text for p in s.paragraphs]
        opening = s.paragraphs[0].sentences[0].text if s.paragraphs[0].sentences else texts[0]
        if s.narration is not None:
            listen = (f'<a class="play" href="{html_text(youtube_url(video_id, s.narration.start))}" '
                      f'data-start="{s.narration.start:.2f}">▶ {clock(s.narration.start)}</a> '
                      f'({max(1, round((s.narration.end - s.narration.start) / 60))} min)')
        else:
            listen = "not narrated"
        rows.append(
            f'<li class="section-card"><a class="section-title" href="{html_text(relative(home_url, s.page_url))}">'
            f"{s.number}. {html_text(s.title)}</a>"
            f'<span class="section-times">{reading_minutes(texts)} min read · {listen}</span>'
            f'<span class="section-opening">{html_text(opening)}</span></li>')
    out.append('<ol class="sections">\n' + "\n".join(rows) + "\n</ol>\n")
    return "\n".join(out)
