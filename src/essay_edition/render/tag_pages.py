"""Tag pages: for each of the knowledge note's tags, the essay paragraphs and claims under it.

Each page carries its tag in the front matter, so Material's tags plugin lists it on the tags index.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import LinkedClaim, SectionRecord
from .essay_pages import front_matter, relative
from .text import html_text, md_inline

EXCERPT_WORDS = 24


def tag_page(tag: str, paragraph_ids: Sequence[str], claims: Sequence[LinkedClaim],
             sections: Sequence[SectionRecord], page_url: str) -> str:
    """Return the Markdown source of one tag's page."""
    # Out of search: Material boosts tag matches a millionfold, so a listing page would outrank the
    # passages it lists for any query sharing a word with the tag.
    out = [front_matter({"title": f"#{tag}", "description": f"Essay passages and claims tagged {tag}.",
                         "tags": [tag], "search": {"exclude": True}}),
           f"# {md_inline('#' + tag)} {{#tag-{tag}}}\n",
           f"<p>The knowledge note tags the essay <code>#{html_text(tag)}</code>. These are the passages it concerns "
           f"({len(paragraph_ids)}) and the summary claims they support ({len(claims)}).</p>\n",
           "## Passages {#passages}\n"]
    wanted = set(paragraph_ids)
    items = []
    for s in sections:
        for p in s.paragraphs:
            if p.id in wanted:
                words = p.paragraph.text.split()
                excerpt = " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")
                items.append(f'<li><a href="{html_text(relative(page_url, p.url))}">{html_text(s.title)}</a>: '
                             f"{html_text(excerpt)}</li>")
    out.append("<ul>" + "".join(items) + "</ul>\n" if items else "<p>None.</p>\n")
    out.append("## Claims {#claims}\n")
    claim_items = [f'<li><a href="{html_text(relative(page_url, "claims/" + c.id + "/"))}">{html_text(c.text)}</a></li>'
                   for c in claims]
    out.append("<ul>" + "".join(claim_items) + "</ul>\n" if claim_items else "<p>None.</p>\n")
    return "\n".join(out)


def tags_index_page(paragraph_tags: dict[str, list[str]], claim_tags: dict[str, list[str]]) -> str:
    """Return the tags index: Material's tags listing, after a table of counts."""
    rows = "".join(f'<tr><td><a href="{html_text(tag)}/">#{html_text(tag)}</a></td><td>{len(pids)}</td>'
                   f"<td>{len(claim_tags.get(tag, []))}</td></tr>" for tag, pids in paragraph_tags.items())
    return (front_matter({"title": "Tags", "description": "The knowledge note's tags, with the passages under each."})
            + "# Tags {#tags}\n\n"
            + '<table><thead><tr><th scope="col">Tag</th><th scope="col">Passages</th><th scope="col">Claims</th>'
            + f"</tr></thead><tbody>{rows}</tbody></table>\n\n## Every tagged page {{#tagged-pages}}\n\n"
            + "<!-- material/tags -->\n")
