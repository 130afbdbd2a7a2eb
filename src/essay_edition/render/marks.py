"""In-text marks on the essay pages: where a prediction is made (and later, terms and people).

A mark wraps the quoted words without adding any text (copying a passage copies the essay's words);
the link to the ledger entry is an insertion whose visible label is CSS-generated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..enrich.predictions import ResolvedPrediction
from .annotate import Annotation
from .essay_pages import relative
from .text import html_text


def prediction_marks(resolved: Sequence[ResolvedPrediction], page_urls: dict[str, str],
                     ledger_url: str) -> dict[str, list[Annotation]]:
    """Return, per paragraph id, the annotations marking each prediction quote and linking its entry."""
    marks: dict[str, list[Annotation]] = defaultdict(list)
    for r in resolved:
        pred = r.prediction
        title = html_text(f"Forecast: {pred.title or pred.quote} ({pred.status})")
        href = html_text(relative(page_urls[r.paragraph_id], ledger_url) + "#" + pred.id)
        marks[r.paragraph_id].append(Annotation(
            r.start, r.end, f'<mark class="prediction" data-prediction="{html_text(pred.id)}" title="{title}">',
            "</mark>", 2))
        marks[r.paragraph_id].append(Annotation(
            r.end, r.end, f'<a class="pred-ref" href="{href}" aria-label="{title}: see the predictions ledger" '
                          f'data-label="forecast"></a>', "", 3))
    return dict(marks)
