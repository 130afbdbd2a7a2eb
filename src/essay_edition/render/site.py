"""Stage 4, render: every page and export of one essay's edition, from the enriched model.

Pure: the model in, an :class:`~essay_edition.build.Edition` of strings and bytes out. Page paths
and URLs carry the essay's prefix, so several essays can share one site; links between pages are
made relative, so the site works under any base URL.
"""

from __future__ import annotations

from ..build import Edition, EditionModel
from ..enrich.align import paragraph_differences
from ..enrich.mentions import first_mentions
from ..enrich.retired import retired_passages
from .claims_pages import claim_page, claims_index_page, summaries_comparison_page
from .differences import classify_additions, differences_page
from .entity_pages import glossary_page, mention_annotations, people_page
from .essay_pages import comments_page, front_matter, player_bar, relative, section_page, yaml_text
from .exports import essay_export, to_json
from .home import home_page
from .jsonld import jsonld_article, jsonld_video
from .ledger import ledger_page, predictions_csv, predictions_export
from .library import LibraryEntry
from .marks import prediction_marks
from .search import SearchEntry
from .tag_pages import tag_page, tags_index_page
from .text import html_text
from .transcript_exports import captions_vtt, podcast_json, transcript_json
from .transcript_pages import podcast_transcript_page, youtube_transcript_page


def render_edition(m: EditionModel) -> Edition:
    """Return the pages, exports, navigation and search entries of one essay."""
    edition = Edition()
    _essay_pages(m, edition)
    _narration_pages(m, edition)
    _ledger_pages(m, edition)
    _claims_pages(m, edition)
    # Material's search weighs a title match a thousand times a text match (and a tag a million
    # times), so a passage's entry carries the passage as its title: a phrase from it then ranks it
    # above pages whose titles share a word or two. The text says which section it is in.
    edition.search_entries = [SearchEntry(p.url, p.paragraph.text, f"In “{s.title}”")
                              for s in m.sections for p in s.paragraphs]
    edition.nav = _nav(m)
    edition.library = LibraryEntry(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published, m.prefix,
                                   len(m.sections), len(m.ledger.predictions))
    return edition


def _jsonld(m: EditionModel) -> dict[str, object]:
    narrated = sorted((s.narration.start, s.title) for s in m.sections if s.narration)
    video = jsonld_video(m.captions.video_id, m.captions.title, m.captions.date or m.essay.published,
                         [(title, start) for start, title in narrated], duration=m.captions.cues[-1].end,
                         author=m.layout.author)
    return jsonld_article(m.essay.title, m.essay.subtitle, m.layout.author, m.essay.published,
                          m.layout.source_url, description=m.essay.subtitle,
                          keywords=[t.text for t in m.claims.note.tags], video=video)


def _essay_pages(m: EditionModel, edition: Edition) -> None:
    p, vid = m.prefix, m.captions.video_id
    thesis = next(((x.text, x_url) for s in m.sections for par in s.paragraphs for x in par.sentences
                   for x_url in [f"{par.page_url}#{x.id}"] if m.layout.thesis and m.layout.thesis in x.text), None)
    counts = {
        "predictions in the ledger": (len(m.ledger.predictions), f"{p}predictions/"),
        "summary claims checked": (len(m.claims.claims), f"{p}claims/"),
        "paragraphs timed to the narration": (sum(1 for s in m.sections for x in s.paragraphs if x.narration),
                                              f"{p}narration/differences/"),
    }
    home = home_page(m.essay, m.sections, m.layout.author, vid, m.layout.source_url, home_url=p, counts=counts,
                     thesis=thesis, structure_svg=structure_chart(m))
    edition.pages[f"{p}index.md"] = _add_meta(home, {"jsonld": _jsonld(m)})
    page_of = {x.id: s.page_url for s in m.sections for x in s.paragraphs}
    extras = prediction_marks(m.ledger.predictions, page_of, f"{p}predictions/")
    entities = {e.id: e for e in m.claims.entities}
    for mention in first_mentions(m.claims.mentions):
        href = None
        if mention.kind != "term":
            href = relative(page_of[mention.paragraph_id], f"{p}people/") + "#" + mention.entity_id
        extras.setdefault(mention.paragraph_id, []).extend(mention_annotations([mention], entities, {
            mention.entity_id: href} if href else {}))
    retired = retired_passages(m.registry, m.sections)
    for s in m.sections:
        page = section_page(m.essay, s, m.sections, vid, extras=extras,
                            retired=[r for r in retired if r.page_url == s.page_url])
        # No front-matter tags here: Material's search boosts tags a millionfold, which would rank
        # this page above the passage a reader searched for. Tag pages list the passages instead.
        edition.pages[s.page_path] = page
    edition.pages[f"{p}comments.md"] = comments_page(m.essay)
    edition.assets[f"{p}data/essay.json"] = to_json(essay_export(m.essay, m.sections, vid)).encode()


def _narration_pages(m: EditionModel, edition: Edition) -> None:
    p, vid = m.prefix, m.captions.video_id
    edition.pages[f"{p}narration/youtube.md"] = _with_front_matter(
        youtube_transcript_page(m.transcript), "Narration transcript (YouTube)",
        "The essay's narration, restored from the YouTube captions into timed, corrected sentences.", player_bar(vid))
    edition.pages[f"{p}narration/podcast.md"] = _with_front_matter(
        podcast_transcript_page(m.podcast, vid), "Podcast transcript",
        "The podcast transcript of the same narration, each line timed against the captions.", player_bar(vid))
    additions = classify_additions(m.alignment, m.sections)
    by_id = {t.paragraph_id: t for t in m.alignment.paragraphs}
    differences = {x.id: paragraph_differences(x.paragraph.text, m.words, by_id[x.id])
                   for s in m.sections for x in s.paragraphs if x.narration}
    edition.pages[f"{p}narration/differences.md"] = front_matter({
        "title": "How the narration differs",
        "description": "What the narration skips, adds, reorders and rewords, section by section."}) + \
        differences_page(m.sections, m.alignment, additions, differences, vid, f"{p}narration/differences/",
                         m.captions.cues[-1].end)
    edition.assets[f"{p}data/captions.vtt"] = captions_vtt(m.transcript).encode()
    edition.assets[f"{p}data/transcript.json"] = to_json(transcript_json(m.transcript)).encode()
    edition.assets[f"{p}data/podcast.json"] = to_json(podcast_json(m.podcast)).encode()


def _ledger_pages(m: EditionModel, edition: Edition) -> None:
    p = m.prefix
    urls = {x.id: x.url for s in m.sections for x in s.paragraphs}
    starts = {x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs}
    edition.pages[f"{p}predictions/index.md"] = front_matter({
        "title": "Predictions ledger",
        "description": f"Every forecast in the essay ({len(m.ledger.predictions)}), with its horizon and status."}) + \
        ledger_page(m.ledger.predictions, {k: relative(f"{p}predictions/", v) for k, v in urls.items()},
                    starts, m.today, m.captions.video_id)
    rows = predictions_export(m.ledger.predictions, urls, starts)
    edition.assets[f"{p}data/predictions.json"] = to_json(rows).encode()
    edition.assets[f"{p}data/predictions.csv"] = predictions_csv(rows).encode()


def _claims_pages(m: EditionModel, edition: Edition) -> None:
    p, c = m.prefix, m.claims
    # Claim, people and glossary pages link with a fixed base to the essay's root: strip the prefix.
    urls = {x.id: x.url[len(p):] for s in m.sections for x in s.paragraphs}
    texts = {x.id: x.paragraph.text for s in m.sections for x in s.paragraphs}
    labels = {x.id: f"§{s.number}.{n}" for s in m.sections for n, x in enumerate(s.paragraphs, start=1)}
    starts = {x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs}
    for claim in c.claims:
        page, _ = claim_page(claim, urls, texts, starts, m.essay.title, m.captions.video_id, paragraph_labels=labels)
        edition.pages[f"{p}claims/{claim.id}.md"] = page
    edition.pages[f"{p}claims/index.md"] = claims_index_page(c.claims, paragraph_labels=labels)
    sections = {s.title: s.page_url[len(p):] for s in m.sections}
    edition.pages[f"{p}summaries.md"] = summaries_comparison_page(
        c.claims, urls, texts, c.left_out, paragraph_labels=labels, section_urls=sections)
    edition.pages[f"{p}people.md"] = people_page([e for e in c.entities if e.kind != "term"], c.mentions, urls, texts,
                                                 paragraph_labels=labels)
    edition.pages[f"{p}glossary.md"] = glossary_page([e for e in c.entities if e.kind == "term"], c.mentions, urls,
                                                     texts, paragraph_labels=labels)
    claims_by_id = {x.id: x for x in c.claims}
    for tag, pids in m.paragraph_tags.items():
        edition.pages[f"{p}tags/{tag}.md"] = tag_page(tag, pids, [claims_by_id[i] for i in m.claim_tags[tag]],
                                                      m.sections, f"{p}tags/{tag}/")
    edition.pages[f"{p}tags/index.md"] = tags_index_page(m.paragraph_tags, m.claim_tags)


def _nav(m: EditionModel) -> list[object]:
    p = m.prefix
    return [
        {"Home": f"{p}index.md"},
        {"The essay": [{html_text(s.title): s.page_path} for s in m.sections]},
        {"The narration": [{"YouTube transcript": f"{p}narration/youtube.md"},
                           {"Podcast transcript": f"{p}narration/podcast.md"},
                           {"How the narration differs": f"{p}narration/differences.md"}]},
        {"Predictions ledger": f"{p}predictions/index.md"},
        {"Claims and summaries": [{"Claims": f"{p}claims/index.md"},
                                  {"Summaries vs the essay": f"{p}summaries.md"}]},
        {"People and works": f"{p}people.md"},
        {"Glossary": f"{p}glossary.md"},
        {"Tags": f"{p}tags/index.md"},
        {"Reader comments": f"{p}comments.md"},
    ]


def _with_front_matter(page: str, title: str, description: str, after_title: str = "") -> str:
    """Return a rendered page with front matter, and ``after_title`` inserted after its first heading."""
    head, _, rest = page.partition("\n")
    return front_matter({"title": title, "description": description}) + head + "\n\n" + after_title + rest


def _add_meta(page: str, fields: dict[str, object]) -> str:
    """Return ``page`` with ``fields`` merged into its front matter."""
    import yaml

    if not page.startswith("---\n"):
        return front_matter(fields) + page
    head, _, body = page[4:].partition("\n---\n")
    meta = yaml.load(head, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    meta.update(fields)
    return "---\n" + yaml_text(meta) + "---\n" + body


def structure_chart(m: EditionModel) -> str:
    """Return the home page's SVG: one mark per section against narration time, skipped paragraphs shown."""
    from .structure import structure_svg

    return structure_svg(m.sections, m.captions.cues[-1].end, m.prefix)
