"""Every built page is valid HTML according to the Nu HTML Checker (vnu.jar from npm's vnu-jar)."""

from __future__ import annotations

import json
import re
import subprocess
import time
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.site

# Errors that come from Material's own template, not from our pages: (message pattern, pattern the
# offending source line must match). Nothing else is ever filtered.
MATERIAL_TEMPLATE_ERRORS = [
    # material/templates/base.html puts autocomplete="off" on its two hidden state checkboxes
    # (#__drawer, #__search) so browsers do not restore the drawer/search open after "back";
    # HTML allows autocomplete only on text-like inputs. The template is Material's, not ours.
    (
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
        re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'
        ),
    ),
    # material/templates/partials/toc.html labels the page's table of contents `for="__toc"`, but the
    # `#__toc` checkbox is written by partials/nav-item.html only for a page that is in the nav. Pages
    # kept out of the nav on purpose (claims/, tags/) have headings, hence the label, and no checkbox.
    (
        re.compile(
            r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control"
        ),
        re.compile(r'<label class="md-nav__title" for="__toc">'),
    ),
]


@cache
def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _from_material_template(message: dict) -> bool:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    line_no = message.get("lastLine")
    if not path.is_file() or not line_no:
        return False
    line = _lines(path)[line_no - 1]
    return any(m.search(message["message"]) and src.search(line) for m, src in MATERIAL_TEMPLATE_ERRORS)


def test_nu_html_checker_finds_no_error(vnu_command, built_site: Path, checker_report):
    pages = list(built_site.rglob("*.html"))
    start = time.monotonic()
    proc = subprocess.run(  # noqa: PLW1510 - the exit status is judged below
        [*vnu_command, "--skip-non-html", "--errors-only", "--format", "json", "--stdout", str(built_site)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.monotonic() - start
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    real = [m for m in errors if not _from_material_template(m)]
    checker_report(
        "Nu HTML Checker (vnu)",
        len(pages),
        seconds,
        f"{len(real)} errors, {len(errors) - len(real)} filtered (Material template)",
    )
    listing = "\n".join(
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(built_site) if m.get('url', '').startswith('file:') else m.get('url')}"
        f":{m.get('lastLine')}:{m.get('lastColumn')}: {m['message']}\n    {m.get('extract', '').strip()[:200]!r}"
        for m in real
    )
    assert not real, f"vnu: {len(real)} HTML errors:\n{listing}"
