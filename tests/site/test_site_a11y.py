"""axe-core (npm) finds no WCAG 2 A/AA violation on each page type, in Material's light and dark schemes."""

from __future__ import annotations

import time

import pytest
from site_helpers import SEARCH_INPUT, SEARCH_RESULT

pytestmark = [pytest.mark.site, pytest.mark.browser]

AXE_OPTIONS = {"runOnly": ["wcag2a", "wcag2aa"]}


def run_axe(page, axe_script, checker_report) -> list[dict]:
    """Inject axe.min.js and return its violations for the whole document."""
    page.add_script_tag(path=str(axe_script))
    start = time.monotonic()
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    checker_report("axe-core wcag2a+wcag2aa", 1, time.monotonic() - start, "one run per page x scheme")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_page(page_type, scheme, resolve_page, open_page, axe_script, checker_report):
    path = resolve_page(page_type)
    page, _ = open_page(path, scheme=scheme)
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe on /{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_search_results_open(scheme, open_page, search_target, axe_script, checker_report):
    page, _ = open_page("", scheme=scheme)
    box = page.locator(SEARCH_INPUT)
    box.click()
    box.press_sequentially(search_target.phrase.split()[0])
    page.locator(SEARCH_RESULT).first.wait_for(state="visible")
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe with search results open ({scheme}):\n{describe(violations)}"
