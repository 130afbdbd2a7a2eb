"""The claims stage of the build: the summaries and the knowledge note checked against the essay,
and the people, works and terms the essay mentions, each verified against the raw text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import ClaimsModel, Entity, Essay, KnowledgeNote, Mention, SectionRecord, Summary, SummarySource
from ..parse.summaries import parse_knowledge_note, parse_summary
from ..sources import role_of, source_label, source_order
from .claims import claim_warnings, collect_claims, left_out_sections, link_claims, parse_claim_links
from .mentions import check_reference_urls, find_mentions, parse_glossary, parse_people

HEADINGS = {"summary": "TL;DR summary", "note": "Knowledge note"}  # what a heading calls a source of each role


def summary_source(key: str, document: Summary | KnowledgeNote) -> SummarySource:
    """Return how the pages name the summary or note under manifest key ``key``; a further one of its role
    carries its key's name: "TL;DR summary (gpt)", "the TL;DR summary (gpt)"."""
    return SummarySource(key, source_label(key, HEADINGS), source_label(key), document)


def build_claims(essay: Essay, sections: Sequence[SectionRecord], sources: Mapping[str, tuple[str, str]],
                 data: Mapping[str, tuple[str, str]]) -> ClaimsModel:
    """Return the linked claims of every summary and note; raise SourceError on a stale curated entry.

    ``sources`` maps each summary's or note's manifest key (``summary``, ``note``, ``summary-<name>``, …)
    to (text, display path); ``data`` maps ``claim_links`` to (text, display path).
    """
    order = sorted(sources, key=source_order)
    parsed = tuple(
        summary_source(key, parse_summary(*sources[key]) if role_of(key) == "summary" else
                       parse_knowledge_note(*sources[key]))
        for key in order
    )
    overrides = parse_claim_links(*data["claim_links"])
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    context = [essay.title, essay.subtitle, *(s.title for s in sections)]
    documents = [(s.key, s.document) for s in parsed]
    claims = link_claims(collect_claims(documents, overrides), paragraphs, overrides, context=context)
    by_section = [(s.title, [p.id for p in s.paragraphs]) for s in sections]
    left_out = {s.key: left_out_sections(claims, by_section, s.key) for s in parsed}
    return ClaimsModel(parsed, claims, left_out, claim_warnings(claims))


def build_mentions(sections: Sequence[SectionRecord], data: Mapping[str, tuple[str, str]],
                   raw_sources: Mapping[str, str]) -> tuple[list[Entity], list[Mention]]:
    """Return the curated people, works and terms, and their mentions in the essay's paragraphs.

    ``data`` maps ``people`` and ``glossary`` to (text, display path); ``raw_sources`` maps a source
    file name to its text, for checking the reference URLs curated entries cite.
    """
    people = parse_people(*data["people"])
    terms = parse_glossary(*data["glossary"])
    entities = [*people, *terms]
    check_reference_urls(entities, raw_sources)
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    return entities, find_mentions(paragraphs, people, terms)
