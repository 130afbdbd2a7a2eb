"""In-text marks on the essay pages: where a forecast is made.

A mark wraps the quoted words without adding any text (copying a passage copies the essay's words);
the link to the ledger entry is an insertion whose visible label is CSS-generated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..model import ResolvedPrediction
from .annotate import Annotation
from .links import link
from .templating import start_tag


def prediction_marks(resolved: Sequence[ResolvedPrediction], page_urls: Mapping[str, str],
                     ledger_url: str) -> dict[str, list[Annotation]]:
    """Return, per paragraph id, the annotations marking each prediction quote and linking its entry."""
    marks: dict[str, list[Annotation]] = defaultdict(list)
    for r in resolved:
        pred = r.prediction
        title = f"Forecast: {pred.title or pred.quote} ({pred.status})"
        href = link(page_urls[r.paragraph_id], f"{ledger_url}#{pred.id}")
        marks[r.paragraph_id].append(Annotation(
            r.start, r.end, start_tag("mark", class_="prediction", data_prediction=pred.id, title=title), "</mark>", 2))
        marks[r.paragraph_id].append(Annotation(
            r.end, r.end, start_tag("a", class_="pred-ref", href=href, aria_label=f"{title}: see the predictions ledger",
                                    data_label="forecast") + "</a>", "", 3))
    return dict(marks)
