"""Render the essay's pages: home, one page per section, and the reader comments.

Pages are Markdown sources whose headings are Markdown (so MkDocs builds the table of contents and
search entries) and whose paragraphs are raw HTML blocks with every source character escaped.
Front matter is produced with ``yaml.safe_dump``, never by string concatenation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import yaml

from ..enrich.retired import RetiredPassage
from ..model import Comment, Essay, Footnote, ParagraphRecord, SectionRecord
from .annotate import Annotation, annotate
from .text import html_text, md_inline

WORDS_PER_MINUTE = 238  # average silent reading speed for non-fiction (Brysbaert 2019)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(fields: dict[str, object]) -> str:
    """Return a YAML front matter block for a page; ``title`` and ``description`` are HTML-escaped.

    MkDocs' and Material's templates print these values without escaping (their Jinja environment
    has no autoescape), so they are escaped here, once, for every page.
    """
    safe = {k: html_text(v) if k in ("title", "description") and isinstance(v, str) else v
            for k, v in fields.items()}
    return "---\n" + yaml_text(safe) + "---\n\n"


def yaml_text(data: dict[str, object]) -> str:
    """Return ``data`` as block YAML, keys sorted, lines unwrapped (for front matter).

    Written by libyaml's emitter when PyYAML has it (the pure-Python one was 6 % of the pipeline);
    either emitter's text reads back to the same values.
    """
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)


def clock(seconds: float) -> str:
    """Return ``M:SS`` (or ``H:MM:SS``) for whole seconds, rounding down."""
    whole = int(math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def youtube_url(video_id: str, seconds: float) -> str:
    """Return the YouTube watch URL that starts at the floor of ``seconds``."""
    return f"https://www.youtube.com/watch?v={video_id}&t={int(math.floor(seconds))}s"


def reading_minutes(texts: Sequence[str]) -> int:
    """Return the reading time of ``texts`` in whole minutes (at least 1)."""
    words = sum(len(t.split()) for t in texts)
    return max(1, round(words / WORDS_PER_MINUTE))


def relative(from_url: str, to_url: str) -> str:
    """Return a relative link from a page URL (``a/b/``) to a site-relative URL (``c/#x``)."""
    depth = from_url.count("/")
    return "../" * depth + to_url


def _play_link(record: ParagraphRecord, video_id: str) -> str:
    # Labels are CSS-generated from data-label, so copying a passage copies the essay's words only.
    if record.narration is None:
        return ('<span class="narr-none" role="img" aria-label="Not in the narration" '
                'title="This paragraph is not read in the narration" data-label="not narrated"></span>')
    start = record.narration.start
    return (f'<a class="play" href="{html_text(youtube_url(video_id, start))}" data-start="{start:.2f}" '
            f'data-end="{record.narration.end:.2f}" aria-label="Play the narration from {clock(start)}" '
            f'data-label="▶ {clock(start)}"></a>')


def paragraph_body(record: ParagraphRecord, footnotes: Sequence[Footnote],
                   extra: Sequence[Annotation] = ()) -> str:
    """Return the paragraph's text as escaped HTML with sentence spans, footnote refs and extras."""
    text = record.paragraph.text
    anns = [Annotation(s.start, s.end, f'<span class="s" id="{s.id}">', "</span>", 0) for s in record.sentences]
    for note in footnotes:
        pos = text.find(note.anchor_text + note.mark)
        if pos >= 0:
            at = pos + len(note.anchor_text)
            anns.append(Annotation(at, at + len(note.mark),
                                   f'<sup class="fnref" id="fnref-{note.mark}"><a href="#fn-{note.mark}" '
                                   f'role="doc-noteref" aria-label="Footnote {note.mark}">',
                                   "</a></sup>", 5))
    anns.extend(extra)
    return annotate(text, anns)


def paragraph_block(record: ParagraphRecord, video_id: str, footnotes: Sequence[Footnote],
                    extra: Sequence[Annotation] = ()) -> str:
    """Return one paragraph (or block quote) as a raw HTML block with its id, ▶ link and permalink."""
    body = paragraph_body(record, footnotes, extra)
    tools = f'<span class="para-tools">{_play_link(record, video_id)}</span>'
    permalink = (f'<a class="permalink" href="#{record.id}" aria-label="Permalink to this paragraph" '
                 f'title="Copy a link to this paragraph" data-label="¶"></a>')
    timing = ""
    if record.narration is not None:
        timing = f' data-start="{record.narration.start:.2f}" data-end="{record.narration.end:.2f}"'
    if record.paragraph.kind == "quote":
        cite = html_text(record.paragraph.attribution or "")
        return (f'<blockquote class="essay-quote" id="{record.id}"{timing}>\n<p>{tools}{body}</p>\n'
                f'<footer>— <cite>{cite}</cite> {permalink}</footer>\n</blockquote>')
    return f'<p class="para" id="{record.id}"{timing}>{tools}{body}{permalink}</p>'


PLAYER_STATUS = "The narration loads from YouTube (youtube-nocookie.com) when you ask for it."


def player_bar(video_id: str) -> str:
    """Return the listen-along bar: a link to the narration on YouTube, which player.js turns into the
    in-page player. It is in the page from the start, so nothing below it moves when the script runs
    (a bar the script revealed shifted the section page by 0.108, Lighthouse's CLS). Material's search
    skips it (``data-search-exclude``): its words are controls, not the page's text."""
    vid = html_text(video_id)
    return (f'<div class="player-bar" data-video-id="{vid}" data-search-exclude>'
            f'<a class="md-button player-load" href="{html_text(youtube_url(video_id, 0))}">▶ Listen along</a>'
            f'<span class="player-status">{html_text(PLAYER_STATUS)}</span></div>\n')


def retired_notes(retired: Sequence[RetiredPassage]) -> str:
    """Return the anchors of retired ids on this page, each saying where its text went.

    They are collapsed until targeted (CSS ``:target``), so an old shared link still lands here.
    """
    notes = []
    for r in retired:
        where = (f' It now reads: <a href="{html_text(relative_in_page(r.page_url, r.successor_url))}">'
                 f"“{html_text(r.successor_text or '')}”</a>" if r.successor_url else " It was removed from the essay.")
        notes.append(f'<p class="retired-note" id="{html_text(r.id)}">The passage this link pointed to has changed '
                     f"since the link was shared. It read: “{html_text(r.text)}”.{where}</p>")
    return "\n".join(notes) + ("\n" if notes else "")


def relative_in_page(page_url: str, target_url: str) -> str:
    """Return ``#id`` for a target on the same page, else a link relative to ``page_url``."""
    if target_url.startswith(page_url + "#"):
        return target_url[len(page_url):]
    return relative(page_url, target_url)


def section_page(essay: Essay, section: SectionRecord, sections: Sequence[SectionRecord], video_id: str,
                 extras: dict[str, list[Annotation]] | None = None,
                 retired: Sequence[RetiredPassage] = ()) -> str:
    """Return the Markdown source of one section page."""
    extras = extras or {}
    texts = [p.paragraph.text for p in section.paragraphs]
    first = section.paragraphs[0].sentences[0].text if section.paragraphs[0].sentences else texts[0]
    fm = front_matter({"title": section.title, "description": first[:200]})
    meta = [f"Section {section.number} of {len(sections)}", f"{reading_minutes(texts)} min read"]
    if section.narration is not None:
        n = section.narration
        meta.append(f'narrated <a class="play" href="{html_text(youtube_url(video_id, n.start))}" '
                    f'data-start="{n.start:.2f}">▶ {clock(n.start)}–{clock(n.end)}</a>')
    else:
        meta.append("not in the narration")
    notes = [f for f in essay.footnotes if any(f.anchor_text + f.mark in t for t in texts)]
    blocks = [paragraph_block(p, video_id, notes, extras.get(p.id, ())) for p in section.paragraphs]
    out = [fm, f"# {md_inline(section.title)} {{#{section.id}}}\n",
           f'<p class="section-meta">{" · ".join(meta)}</p>\n', retired_notes(retired), player_bar(video_id),
           *[b + "\n" for b in blocks]]
    if notes:
        items = "".join(
            f'<li id="fn-{n.mark}"><p>The essay marks a footnote here, but its text is not part of the '
            f'source this edition is built from, so it is not shown. '
            f'<a href="#fnref-{n.mark}" role="doc-backlink" aria-label="Back to the text">↩</a></p></li>'
            for n in notes)
        out.append(f'<section class="footnotes" role="doc-endnotes" aria-label="Footnotes">\n<hr>\n<ol>{items}</ol>\n'
                   "</section>\n")
    return "\n".join(out)


def comments_page(essay: Essay) -> str:
    """Return the Markdown source of the reader-comments page, marked as not part of the essay."""
    fm = front_matter({"title": "Reader comments", "description": "Comments readers left under the essay."})
    out = [fm, "# Reader comments {#reader-comments}\n",
           '<div class="admonition warning not-essay"><p class="admonition-title">Not part of the essay</p>'
           "<p>These comments were left by readers under the essay. They are printed after it in the source "
           "text, but Dwarkesh Patel did not write them and they are not part of the essay.</p></div>\n"]
    for n, comment in enumerate(essay.comments, start=1):
        out.append(f"## Comment {n} {{#comment-{n}}}\n")
        out.append(_comment_html(comment))
    return "\n".join(out)


def _comment_html(comment: Comment) -> str:
    parts = []
    for line in comment.paragraphs:
        if line.startswith("> "):
            parts.append(f'<blockquote class="comment-quote"><p>{html_text(line[2:])}</p></blockquote>')
        else:
            parts.append(f"<p>{html_text(line)}</p>")
    return '<div class="reader-comment">\n' + "\n".join(parts) + "\n</div>\n"
