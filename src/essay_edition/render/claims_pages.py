"""The summaries' claims: one page per claim, an index, and the comparison page.

Claim text, paragraphs and notes are data: the templates escape them for raw HTML blocks and, with
the ``md`` filter, inside Markdown, so no Markdown, attribute list, HTML or link syntax in them
takes effect. Links are relative ``<a>`` elements made with :func:`~.links.link`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..model import EditionModel, LinkedClaim, Page
from ._markup import KIND_LABELS, VERDICT_LABELS, truncate
from .front_matter import NOT_IN_SEARCH, front_matter
from .templating import render

TITLE_CHARS = 90
DESCRIPTION_CHARS = 200
_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _summaries(n: int, kind: str = "") -> str:
    """Return "two summaries", "one third-party summary", "12 summaries"."""
    return f"{_COUNTS[n] if n < len(_COUNTS) else n} {kind}{'summary' if n == 1 else 'summaries'}"


def index_meta(n: int) -> dict[str, str]:
    """Return the claims index's title and description, for an essay with ``n`` summaries and notes."""
    return {"title": "Claims the summaries make",
            "description": f"Every key point and key claim of {_summaries(n)} of the essay, checked against the essay."}


def summaries_meta(n: int) -> dict[str, str]:
    """Return the comparison page's title and description, for an essay with ``n`` summaries and notes."""
    return {"title": "What the summaries say vs what the essay says",
            "description": f"Each point of {_summaries(n, 'third-party ')} of the essay, with a verdict, "
                           "the paragraphs it rests on and what it leaves out."}


def _context(m: EditionModel, page_url: str) -> dict[str, object]:
    """Return what every claims template reads: URLs, texts, labels and times of the paragraphs."""
    labels = m.paragraph_labels()
    assert m.claims is not None
    counts = {v: sum(1 for c in m.claims.claims if c.verdict == v) for v in VERDICT_LABELS}
    return {
        "page_url": page_url, "prefix": m.prefix, "claims": m.claims.claims,
        "urls": {x.id: x.url for s in m.sections for x in s.paragraphs},
        "texts": {x.id: x.paragraph.text for s in m.sections for x in s.paragraphs},
        "starts": {x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs},
        "label_of": lambda pid: labels.get(pid, f"¶ {pid}"),
        "tally": [(v, n) for v, n in counts.items() if n],
        "unreviewed": sum(1 for c in m.claims.claims if not c.curated),
        "video_id": m.captions.video_id if m.captions else None,
        "essay_title": m.essay.title,
        "names": claim_names(m.claims.claims, m.claims.source_names),
        "sources": [(s.key, s.heading) for s in m.claims.sources],
        "source_names": m.claims.source_names,
    }


# The colour of a claim's share card (render.cards.TONES), by verdict.
CARD_TONES = {"supported": "good", "partly": "mixed", "misstated": "bad", "unsupported": "bad", "not-in-essay": "bad"}


def verdict_description(claim: LinkedClaim, texts: dict[str, str]) -> str:
    """Return what a claim's share card says: its verdict first, then why (its note) or what the essay says."""
    label = VERDICT_LABELS[claim.verdict]
    if claim.note:
        why = claim.note
    elif claim.support:
        why = f"the essay says “{texts[claim.support[0].paragraph_id]}”"
    else:
        why = "no paragraph of the essay says it."
    return truncate(f"{label}: {why}", DESCRIPTION_CHARS)


def claim_page(m: EditionModel, claim: LinkedClaim) -> str:
    """Return the Markdown source of ``claims/<claim id>.md``.

    The page is out of the search index, as a forecast's own page is: the claim, its verdict and its note
    are on the summaries page, whose entry a search result lands on (and links here); indexed twice, every
    claim was two results and two documents in the index's page list, which every query loads."""
    texts = {x.id: x.paragraph.text for s in m.sections for x in s.paragraphs}
    meta = {"title": truncate(claim.text, TITLE_CHARS), "description": verdict_description(claim, texts),
            "og_type": "article", "card_label": f"Summary claim checked · {VERDICT_LABELS[claim.verdict]}",
            "card_tone": CARD_TONES[claim.verdict]}
    context = _context(m, f"{m.prefix}claims/{claim.id}/")
    provenance = context["names"].get(claim.id) or claim_name(  # type: ignore[attr-defined]
        claim, 1, context["source_names"].get(claim.source, claim.source))  # type: ignore[attr-defined]
    page = render("claim.md", **context, claim=claim, meta=meta, provenance=provenance, quote_level="##")
    return front_matter({**meta, **NOT_IN_SEARCH}) + page


def claim_name(claim: LinkedClaim, n: int, source: str) -> str:
    """Return how a reader names the ``n``-th claim of its kind in ``source`` (as a sentence names the
    summary or note): "Key claim 3 of the knowledge note"."""
    if claim.kind == "prose":
        return f"Sentence {n} of {source}’s prose"
    return f"{KIND_LABELS.get(claim.kind, claim.kind).capitalize()} {n} of {source}"


def claim_names(claims: Sequence[LinkedClaim], source_names: Mapping[str, str]) -> dict[str, str]:
    """Return each claim's name by id, numbered per source and kind in the summaries' order;
    ``source_names`` maps a source key to what a sentence calls it ("the knowledge note")."""
    counts: dict[tuple[str, str], int] = {}
    names = {}
    for claim in claims:
        key = (claim.source, claim.kind)
        counts[key] = counts.get(key, 0) + 1
        names[claim.id] = claim_name(claim, counts[key], source_names[claim.source])
    return names


def _numbered(claims: Sequence[LinkedClaim]) -> list[tuple[LinkedClaim, str]]:
    """Return each claim with its heading: "Key point 2", "From the prose, 1" (numbered per kind)."""
    counts: dict[str, int] = {}
    out = []
    for claim in claims:
        counts[claim.kind] = counts.get(claim.kind, 0) + 1
        n = counts[claim.kind]
        heading = f"From the prose, {n}" if claim.kind == "prose" else f"{KIND_LABELS[claim.kind]} {n}"
        out.append((claim, heading[0].upper() + heading[1:]))
    return out


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the claims index, the summaries comparison and one page per claim.

    Only the summaries comparison is in the search index: the claims index is a table of the same claims
    (their texts cut short) and a claim's page is one of its entries at length (see :func:`claim_page`)."""
    assert m.claims is not None
    p = m.prefix
    index, summaries = index_meta(len(m.claims.sources)), summaries_meta(len(m.claims.sources))
    yield Page(f"{p}claims/index.md", front_matter({**index, **NOT_IN_SEARCH}) + render(
        "claims_index.md", **_context(m, f"{p}claims/"), title=index["title"]), ("Claims and summaries", "Claims"))
    sections = {s.title: s.page_url for s in m.sections}
    yield Page(f"{p}summaries.md", front_matter(dict(summaries)) + render(
        "summaries.md", **_context(m, f"{p}summaries/"), title=summaries["title"], numbered=_numbered,
        left_out=m.claims.left_out, section_urls=sections),
        ("Claims and summaries", "Summaries vs the essay"))
    for claim in m.claims.claims:
        yield Page(f"{p}claims/{claim.id}.md", claim_page(m, claim))
