"""The claims stage of the build: the summaries and the knowledge note checked against the essay,
and the people, works and terms the essay mentions, each verified against the raw text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import ClaimsModel, Entity, Essay, Mention, SectionRecord
from ..parse.summaries import parse_knowledge_note, parse_summary
from .claims import claim_warnings, collect_claims, left_out_sections, link_claims, parse_claim_links
from .mentions import check_reference_urls, find_mentions, parse_glossary, parse_people


def build_claims(essay: Essay, sections: Sequence[SectionRecord], summary_source: tuple[str, str] | None,
                 note_source: tuple[str, str] | None, data: Mapping[str, tuple[str, str]]) -> ClaimsModel:
    """Return the linked claims of the summary and the note, either of which may be absent (None);
    raise SourceError on a stale curated entry.

    The sources are (text, display path); ``data`` maps ``claim_links`` to (text, display path).
    """
    summary = parse_summary(*summary_source) if summary_source else None
    note = parse_knowledge_note(*note_source) if note_source else None
    overrides = parse_claim_links(*data["claim_links"])
    paragraphs = [(p.id, p.paragraph.text) for s in sections for p in s.paragraphs]
    context = [essay.title, essay.subtitle, *(s.title for s in sections)]
    claims = link_claims(collect_claims(summary, note, overrides), paragraphs, overrides, context=context)
    by_section = [(s.title, [p.id for p in s.paragraphs]) for s in sections]
    present = [name for name, parsed in (("summary", summary), ("note", note)) if parsed is not None]
    left_out = {source: left_out_sections(claims, by_section, source) for source in present}
    return ClaimsModel(summary, note, claims, left_out, claim_warnings(claims))


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
