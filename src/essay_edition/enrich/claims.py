"""Link what the summaries claim to the essay paragraphs that support (or fail to support) it.

Claims are the TL;DR summary's key points, the knowledge note's key claims, and any sentence of
either summary's prose that ``data/claim_links.yaml`` singles out. Each claim is scored against
every paragraph with rapidfuzz (see :mod:`._similarity`); up to three paragraphs above a threshold
are offered automatically. A curated entry gives the verdict and a note and may replace the
automatic paragraphs with its own, named by opening words or a verbatim phrase. Every curated
string is checked against the sources: a claim text or phrase that no longer matches exactly one
claim or paragraph is a SourceError carrying the YAML line. Claim ids are slugs of the claim text,
unique within its summary or note, so they stay the same from one build to the next and when another
summary is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..curated import load_yaml_document, validate, value_lines
from ..errors import DataWarning, SourceError
from ..model import (
    Claim,
    ClaimSource,
    KnowledgeNote,
    LinkedClaim,
    QuoteCheck,
    SourceLine,
    Summary,
    Support,
    Verdict,
)
from ..sources import key_name, source_order
from ._similarity import Scorer, best_similarity, contains_phrase, quoted_phrases, sentences

THRESHOLD = 40.0  # lowest score offered automatically
MARGIN = 15.0  # automatic candidates must be within this of the best one
TOP = 3  # at most this many automatic candidates
NEEDS_PARAGRAPHS: frozenset[str] = frozenset({"supported", "partly", "misstated"})
_SLUG_WORDS = re.compile(r"[a-z0-9]+")


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    claim: str = Field(min_length=1)
    source: str | None = Field(default=None, min_length=1)  # a summary's or note's manifest key
    verdict: Literal["supported", "partly", "misstated", "unsupported", "not-in-essay"]
    paragraphs: list[str] | None = None
    note: str = Field(min_length=1)


class _ClaimLinks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    claims: list[_Override]


@dataclass(frozen=True)
class ClaimOverride:
    """One curated entry of ``data/claim_links.yaml``, with the lines its strings are on."""

    claim: str
    source: ClaimSource | None
    verdict: Verdict
    paragraphs: tuple[str, ...] | None  # None: keep the automatic candidates
    note: str
    path: str
    line: int
    paragraph_lines: tuple[int, ...] = ()
    source_line: int = 0  # the line of its ``source:`` (0: none given)


def parse_claim_links(text: str, path: str) -> list[ClaimOverride]:
    """Return the curated claim entries of ``data/claim_links.yaml``; a schema error is a SourceError."""
    node = load_yaml_document(text, path)
    if not isinstance(node, dict):
        raise SourceError(path, 1, "expected a mapping with a 'claims' list")
    links = validate(_ClaimLinks, node, path)
    lines = value_lines(node)
    overrides = []
    for i, entry in enumerate(links.claims):
        line = lines.get(("claims", i), 1)
        phrase_lines = tuple(lines.get(("claims", i, "paragraphs", k), line) for k in range(len(entry.paragraphs or ())))
        overrides.append(ClaimOverride(
            entry.claim, entry.source, entry.verdict,
            None if entry.paragraphs is None else tuple(entry.paragraphs),
            " ".join(entry.note.split()), path, lines.get(("claims", i, "claim"), line), phrase_lines,
            lines.get(("claims", i, "source"), line) if entry.source is not None else 0,
        ))
    return overrides


def collect_claims(documents: Sequence[tuple[ClaimSource, Summary | KnowledgeNote]],
                   overrides: Sequence[ClaimOverride] = ()) -> list[Claim]:
    """Return, for each (source key, summary or note) in order, its key points or key claims, then each
    prose sentence a curated entry singles out; ``documents`` may be empty."""
    claims: list[Claim] = []
    prose: dict[ClaimSource, tuple[SourceLine, ...]] = {}
    for key, doc in documents:
        if isinstance(doc, Summary):
            kind, points, prose[key] = "key-point", doc.key_points, doc.key_topics
        else:
            kind, points, prose[key] = "key-claim", doc.key_claims, (doc.summary,)
        claims += [Claim(key, kind, p.text, p.span) for p in points]
    for override in overrides:
        if override.source is not None and override.source not in prose:
            raise SourceError(override.path, override.source_line, f"source {override.source!r} is not a summary or note of "
                              f"this essay; they are: {', '.join(prose) or 'none'}")
        if any(_selects(override, c) for c in claims):
            continue
        hits = [
            Claim(source, "prose", sentence, item.span)
            for source, items in prose.items() if override.source in (None, source)
            for item in items
            for sentence in _sentences_containing(item.text, override.claim)
        ]
        if not hits:
            where = f" of {override.source!r}" if override.source else ""
            raise SourceError(override.path, override.line,
                              f"claim {override.claim[:60]!r} is not in any key point, key claim or summary sentence{where}")
        if len(hits) > 1:
            raise SourceError(override.path, override.line,
                              f"claim {override.claim[:60]!r} occurs in {len(hits)} summary sentences; quote more of it")
        claims.append(hits[0])
    return claims


def link_claims(claims: Sequence[Claim], paragraphs: Sequence[tuple[str, str]],
                overrides: Sequence[ClaimOverride] = (), *, context: Sequence[str] = ()) -> list[LinkedClaim]:
    """Return every claim with its id, verdict, supporting paragraphs (with scores), note and quote checks.

    ``paragraphs`` are (paragraph id, exact text) in essay order; ``context`` is other essay text
    (title, subtitle, headings) that a claim's quotation marks may legitimately quote.
    """
    curated = _assign(claims, overrides)
    # Curated data is checked in full before any scoring, so a stale entry fails fast.
    chosen = {key: sorted(_resolve_phrases(o, paragraphs)) for key, o in curated.items() if o.paragraphs is not None}
    for key, entry in curated.items():
        if key in chosen:
            _check_verdict(entry, len(chosen[key]))
    texts = [text for _, text in paragraphs]
    scorer = Scorer(texts)
    ids = source_claim_ids(claims)
    linked = []
    for claim, claim_id in zip(claims, ids):
        override = curated.get(id(claim))
        ranked = scorer.ranked(claim.text)
        support = _auto_support(ranked, paragraphs)
        verdict: Verdict = "supported" if support else "unsupported"
        note = "Matched automatically; not reviewed."
        if override is not None:
            verdict, note = override.verdict, override.note
            if id(claim) in chosen:
                scores = dict(ranked)
                support = tuple(Support(paragraphs[i][0], scores[i], curated=True) for i in chosen[id(claim)])
            _check_verdict(override, len(support))
        quotes = tuple(_check_quote(q, [*texts, *context]) for q in quoted_phrases(claim.text))
        linked.append(LinkedClaim(claim_id, claim.source, claim.kind, claim.text, verdict, support, note,
                                  quotes, override is not None, claim.span))
    return linked


def source_claim_ids(claims: Sequence[Claim]) -> list[str]:
    """Return each claim's id: :func:`claim_ids` within its own source, so adding or editing one summary
    moves no other summary's ids (a claim's page address is shared). An id two sources both make goes,
    numbered, to the source that joined later: the first summary and the first note come before
    further ones (``summary-<name>``), then key order."""
    by_source: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        by_source.setdefault(claim.source, []).append(i)

    ids = [""] * len(claims)
    taken: set[str] = set()
    for source in sorted(by_source, key=lambda key: (bool(key_name(key)), source_order(key))):
        numbers = by_source[source]
        for i, slug in zip(numbers, claim_ids([claims[i].text for i in numbers])):
            base, k = slug, 2
            while slug in taken:
                slug, k = f"{base}-{k}", k + 1
            ids[i] = slug
            taken.add(slug)
    return ids


def claim_ids(texts: Sequence[str]) -> list[str]:
    """Return a readable, unique ``claim-…`` slug for each text, a function of the texts alone."""
    words = [_SLUG_WORDS.findall(t.lower().replace("’", "").replace("'", "")) or ["untitled"] for t in texts]
    ids: list[str] = []
    for i, ws in enumerate(words):
        n = 1
        while len("-".join(ws[:n])) < 40 and n < len(ws):
            n += 1
        while n < len(ws) and any(words[j][:n] == ws[:n] for j in range(len(words)) if j != i):
            n += 1
        slug = "claim-" + "-".join(ws[:n])[:80].rstrip("-")
        base, k = slug, 2
        while slug in ids:
            slug, k = f"{base}-{k}", k + 1
        ids.append(slug)
    return ids


def left_out_sections(claims: Iterable[LinkedClaim], sections: Sequence[tuple[str, Sequence[str]]],
                      source: ClaimSource | None = None) -> list[str]:
    """Return the titles of sections (title, paragraph ids) that no claim (of ``source``) points to."""
    pointed = {s.paragraph_id for c in claims if source in (None, c.source) for s in c.support}
    return [title for title, ids in sections if not pointed.intersection(ids)]


def claim_warnings(claims: Iterable[LinkedClaim]) -> list[DataWarning]:
    """Return a warning for each claim whose verdict was not reviewed in data/claim_links.yaml."""
    return [
        DataWarning(c.span.path if c.span else "?", c.span.line if c.span else None,
                    f"{c.id}: no curated verdict in data/claim_links.yaml (automatic: {c.verdict})")
        for c in claims if not c.curated
    ]


def _selects(override: ClaimOverride, claim: Claim) -> bool:
    return override.source in (None, claim.source) and override.claim in claim.text


def _sentences_containing(text: str, needle: str) -> list[str]:
    """Return the run of sentences covering each occurrence of ``needle`` in ``text``."""
    if needle not in text:  # no need to split text that cannot hold the claim
        return []
    bounds, pos = [], 0
    for sentence in sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        bounds.append((start, start + len(sentence)))
        pos = start + len(sentence)
    found, at = [], text.find(needle)
    while at >= 0:
        covering = [(a, b) for a, b in bounds if a < at + len(needle) and b > at]
        if covering:
            found.append(text[covering[0][0]:covering[-1][1]].strip())
        at = text.find(needle, at + 1)
    return list(dict.fromkeys(found))


def _assign(claims: Sequence[Claim], overrides: Sequence[ClaimOverride]) -> dict[int, ClaimOverride]:
    """Map each claim (by identity) to its curated entry; every entry must select exactly one claim."""
    assigned: dict[int, ClaimOverride] = {}
    for override in overrides:
        hits = [c for c in claims if _selects(override, c)]
        if len(hits) != 1:
            raise SourceError(override.path, override.line,
                              f"claim {override.claim[:60]!r} matches {len(hits)} claims, expected exactly one")
        if id(hits[0]) in assigned:
            first = assigned[id(hits[0])]
            raise SourceError(override.path, override.line,
                              f"claim {override.claim[:60]!r} is already curated on line {first.line}")
        assigned[id(hits[0])] = override
    return assigned


def _auto_support(ranked: Sequence[tuple[int, float]], paragraphs: Sequence[tuple[str, str]]) -> tuple[Support, ...]:
    if not ranked:
        return ()
    floor = max(THRESHOLD, ranked[0][1] - MARGIN)
    return tuple(Support(paragraphs[i][0], score) for i, score in ranked[:TOP] if score >= floor)


def _resolve_phrases(override: ClaimOverride, paragraphs: Sequence[tuple[str, str]]) -> list[int]:
    """Return the paragraph index each curated phrase names (opening words first, then anywhere)."""
    chosen: list[int] = []
    for k, phrase in enumerate(override.paragraphs or ()):
        line = override.paragraph_lines[k] if k < len(override.paragraph_lines) else override.line
        hits = [i for i, (_, text) in enumerate(paragraphs) if text.startswith(phrase)]
        hits = hits or [i for i, (_, text) in enumerate(paragraphs) if phrase in text]
        if not hits:
            raise SourceError(override.path, line, f"paragraph phrase {phrase[:60]!r} is no longer in the essay")
        if len(hits) > 1:
            raise SourceError(override.path, line,
                              f"paragraph phrase {phrase[:60]!r} occurs in {len(hits)} paragraphs; quote more words")
        if hits[0] in chosen:
            raise SourceError(override.path, line, f"paragraph phrase {phrase[:60]!r} names a paragraph twice")
        chosen.append(hits[0])
    return chosen


def _check_verdict(override: ClaimOverride, paragraph_count: int) -> None:
    if override.verdict in NEEDS_PARAGRAPHS and not paragraph_count:
        raise SourceError(override.path, override.line,
                          f"verdict {override.verdict!r} needs at least one paragraph of the essay")
    if override.verdict == "not-in-essay" and paragraph_count:
        raise SourceError(override.path, override.line, "verdict 'not-in-essay' cannot list essay paragraphs")


def _check_quote(phrase: str, texts: Sequence[str]) -> QuoteCheck:
    if any(contains_phrase(phrase, t) for t in texts):
        return QuoteCheck(phrase, True, 100.0)
    return QuoteCheck(phrase, False, best_similarity(phrase, texts))


__all__ = [
    "ClaimOverride", "claim_ids", "claim_warnings", "collect_claims", "left_out_sections", "link_claims",
    "parse_claim_links",
]
