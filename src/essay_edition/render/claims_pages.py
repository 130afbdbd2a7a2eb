"""Markdown pages for the summaries' claims: one page per claim, an index, and the comparison page.

Pure functions from the enriched model to page source. Source text (claims, paragraphs, notes) is
data: it is escaped with :func:`html_text` inside raw HTML blocks and with :func:`md_inline` inside
Markdown, so no Markdown, attribute list, HTML or link syntax in it takes effect. Front matter is
written by :func:`essay_pages.front_matter` (``yaml.safe_dump``). Links are relative ``<a>``
elements: ``base`` (the way from the page to the site root, ``../../`` from ``claims/<id>/``)
followed by a site-relative URL such as a paragraph's ``essay/<section>/#p-…``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import LinkedClaim, QuoteCheck
from ._markup import KIND_LABELS, SOURCE_LABELS, VERDICT_LABELS, block_text, link, opening, truncate, verdict_badge
from .essay_pages import clock, front_matter, youtube_url
from .text import md_inline

CLAIM_BASE = "../../"  # from claims/<id>/ to the site root
TITLE_CHARS = 90
DESCRIPTION_CHARS = 200


def claim_page(claim: LinkedClaim, paragraph_urls: Mapping[str, str], paragraph_texts: Mapping[str, str],
               narration_starts: Mapping[str, float | None], essay_title: str, video_id: str | None,
               *, paragraph_labels: Mapping[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """Return the Markdown source of ``claims/<claim id>.md`` and its front-matter fields (unescaped)."""
    meta = {
        "title": truncate(claim.text, TITLE_CHARS),
        "description": truncate(claim.text, DESCRIPTION_CHARS),
        "og_type": "article",
    }
    parts = [
        front_matter(dict(meta)),
        f"# {md_inline(meta['title'])}\n\n",
        f'<p class="claim-meta">{verdict_badge(claim.verdict)} {md_inline(_provenance(claim))}</p>\n\n',
        _quote_block(claim.text, "claim-text"),
        "## Verdict\n\n",
        f"**{md_inline(VERDICT_LABELS[claim.verdict])}.** {md_inline(claim.note)}\n\n",
        _quotes_section(claim.quotes, "##"),
        f"## What the essay says\n\nFrom *{md_inline(essay_title)}*:\n\n" if claim.support else
        "## What the essay says\n\nNo paragraph of the essay is offered in support of this claim.\n\n",
    ]
    for support in claim.support:
        pid = support.paragraph_id
        parts.append(_quote_block(paragraph_texts[pid], "essay-paragraph"))
        links = [link(f"Read it in the essay ({_label(pid, paragraph_labels)})", CLAIM_BASE + paragraph_urls[pid])]
        start = narration_starts.get(pid)
        if start is not None and video_id:
            links.append(link(f"▶ Listen from {clock(start)}", youtube_url(video_id, start), "play"))
        how = "chosen by hand" if support.curated else "automatic match"
        links.append(md_inline(f"similarity {support.score:.0f}/100, {how}"))
        parts.append(" · ".join(links) + "\n\n")
    parts.append(link("All claims", "../") + "\n")
    return "".join(parts), meta


def claims_index_page(claims: Sequence[LinkedClaim], *, paragraph_labels: Mapping[str, str] | None = None) -> str:
    """Return the Markdown source of ``claims/index.md``: every claim with its verdict, by source."""
    meta = {
        "title": "Claims the summaries make",
        "description": "Every key point and key claim of two summaries of the essay, checked against the essay.",
    }
    parts = [front_matter(dict(meta)), f"# {md_inline(meta['title'])}\n\n", _tally(claims)]
    for source, label in SOURCE_LABELS.items():
        items = [c for c in claims if c.source == source]
        if not items:
            continue
        parts.append(f"## {md_inline(label)}\n\n| Claim | Verdict | Essay paragraphs |\n|---|---|---|\n")
        for claim in items:
            paragraphs = ", ".join(md_inline(_label(s.paragraph_id, paragraph_labels)) for s in claim.support)
            parts.append(f"| {link(truncate(claim.text, 120), claim.id + '/')} "
                         f"| {verdict_badge(claim.verdict)} | {paragraphs or 'none'} |\n")
        parts.append("\n")
    return "".join(parts)


def summaries_comparison_page(claims: Sequence[LinkedClaim], paragraph_urls: Mapping[str, str],
                              paragraph_texts: Mapping[str, str], left_out: Mapping[str, Sequence[str]],
                              *, base: str = "../", paragraph_labels: Mapping[str, str] | None = None,
                              section_urls: Mapping[str, str] | None = None) -> str:
    """Return the Markdown source of "what the summaries say vs what the essay says".

    ``left_out`` maps a source ("summary", "note") to the titles of the essay sections its claims
    never point to; ``section_urls`` (title → site-relative URL) links them when given.
    """
    meta = {
        "title": "What the summaries say vs what the essay says",
        "description": "Each point of two third-party summaries of the essay, with a verdict, "
                       "the paragraphs it rests on and what it leaves out.",
    }
    parts = [front_matter(dict(meta)), f"# {md_inline(meta['title'])}\n\n", _tally(claims)]
    for source, label in SOURCE_LABELS.items():
        items = [c for c in claims if c.source == source]
        if items:
            parts.append(f"## {md_inline(label)}\n\n")
            counts: dict[str, int] = {}
            for claim in items:
                counts[claim.kind] = counts.get(claim.kind, 0) + 1
                parts.append(_comparison_item(counts[claim.kind], claim, paragraph_urls, paragraph_texts, base,
                                              paragraph_labels))
    parts.append("## What the summaries leave out\n\n")
    for source, label in SOURCE_LABELS.items():
        titles = left_out.get(source, ())
        if not titles:
            parts.append(f"The {md_inline(label)} draws on every section of the essay.\n\n")
            continue
        parts.append(f"No statement of the {md_inline(label)} draws on these sections of the essay:\n\n")
        for title in titles:
            target = (section_urls or {}).get(title)
            parts.append(f"- {link(title, base + target) if target else md_inline(title)}\n")
        parts.append("\n")
    return "".join(parts)


def _comparison_item(number: int, claim: LinkedClaim, paragraph_urls: Mapping[str, str],
                     paragraph_texts: Mapping[str, str], base: str, labels: Mapping[str, str] | None) -> str:
    heading = f"From the prose, {number}" if claim.kind == "prose" else f"{KIND_LABELS[claim.kind]} {number}"
    links = [
        link(f"{_label(s.paragraph_id, labels)} “{opening(paragraph_texts[s.paragraph_id], 6)}”",
             base + paragraph_urls[s.paragraph_id])
        for s in claim.support
    ]
    return "".join([
        f"### {md_inline(heading[0].upper() + heading[1:])}\n\n",
        _quote_block(claim.text, "claim-text"),
        f"{verdict_badge(claim.verdict)} · {link('claim page', base + 'claims/' + claim.id + '/')}\n\n",
        f"**In the essay:** {', '.join(links) if links else 'no paragraph'}\n\n",
        f"**Note:** {md_inline(claim.note)}\n\n",
        _quotes_section(claim.quotes, "####"),
    ])


def _quotes_section(quotes: Sequence[QuoteCheck], level: str) -> str:
    if not quotes:
        return ""
    rows = []
    for check in quotes:
        if check.verbatim:
            status = "in the essay word for word"
        else:
            status = f"not word for word in the essay (closest passage {check.similarity:.0f}/100 similar)"
        rows.append(f"- “{md_inline(check.quote)}”: {md_inline(status)}\n")
    return f"{level} Words in quotation marks\n\n" + "".join(rows) + "\n"


def _quote_block(text: str, css: str) -> str:
    return f'<blockquote class="{css}"><p>{block_text(text)}</p></blockquote>\n\n'


def _provenance(claim: LinkedClaim) -> str:
    where = f", line {claim.span.line}" if claim.span else ""
    return f"{SOURCE_LABELS[claim.source]}, {KIND_LABELS[claim.kind]}{where}"


def _label(paragraph_id: str, labels: Mapping[str, str] | None) -> str:
    return (labels or {}).get(paragraph_id, f"¶ {paragraph_id}")


def _tally(claims: Sequence[LinkedClaim]) -> str:
    counts = {v: sum(1 for c in claims if c.verdict == v) for v in VERDICT_LABELS}
    shown = [f"{verdict_badge(v)} {n}" for v, n in counts.items() if n]
    return f"{len(claims)} statements checked: " + " · ".join(shown) + "\n\n"
