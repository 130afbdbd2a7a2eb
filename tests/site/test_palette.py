"""The light/dark toggle, in Chromium: the edition's (overrides/partials/palette.html, its inline script and
docs/javascripts/palette.js) in place of Material's palette component, which restyled every page twice at
load. A reader must see no difference but one: a dark system gets the dark page from the first paint."""

from __future__ import annotations

import pytest
from site_helpers import DESKTOP, PALETTE_TOGGLE, SCHEMES

pytestmark = [pytest.mark.site, pytest.mark.browser]

SECTION = "essay/what-are-we-scaling/"
# The scripts a page runs after its HTML: blocked, what is left is the page's inline script.
DEFERRED = ("bundle.", "javascripts/palette.js")


def _block_deferred_scripts(context) -> None:
    context.route("**/*", lambda route: route.abort() if any(
        name in route.request.url for name in DEFERRED) else route.continue_())


def _context(browser, scheme: str, block_scripts: bool = False):
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    if block_scripts:
        _block_deferred_scripts(context)
    return context


def _state(page) -> dict:
    return page.evaluate("""() => ({
        scheme: document.body.getAttribute("data-md-color-scheme"),
        colorScheme: (document.querySelector('meta[name="color-scheme"]') || {}).content,
        themeColor: (document.querySelector('meta[name="theme-color"]') || {}).content,
        toggle: [...document.querySelectorAll("form[data-edition-palette] label")]
            .filter(label => !label.hidden).map(label => label.title),
        material: document.querySelectorAll("[data-md-component=palette]").length,
    })""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_systems_scheme_is_the_pages_before_any_deferred_script(browser, served_site, scheme):
    context = _context(browser, scheme, block_scripts=True)
    page = context.new_page()
    page.goto(served_site + SECTION, wait_until="domcontentloaded")
    state = _state(page)
    assert state["scheme"] == SCHEMES[scheme]
    assert state["colorScheme"] == scheme
    assert state["themeColor"] and state["themeColor"].startswith("#") and len(state["themeColor"]) == 7
    assert state["toggle"] == ["Switch to light mode" if scheme == "dark" else "Switch to dark mode"]
    assert state["material"] == 0  # Material's component is not mounted: the edition's script switches
    context.close()


def test_the_toggle_switches_and_the_next_page_opens_in_the_readers_choice(browser, served_site):
    context = _context(browser, "light")
    page = context.new_page()
    page.goto(served_site + SECTION, wait_until="networkidle")
    light = _state(page)
    page.locator(PALETTE_TOGGLE).click()
    dark = _state(page)
    assert dark["scheme"] == SCHEMES["dark"] and dark["colorScheme"] == "dark"
    assert dark["toggle"] == ["Switch to light mode"]
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert dark["themeColor"] == "#" + "".join(f"{int(v):02x}" for v in header[header.index("(") + 1:-1].split(",")[:3])
    assert light["colorScheme"] == "light"
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False
    # The choice is kept where Material keeps it (its inline script reads it too), and read on the next
    # page before any deferred script runs.
    stored = page.evaluate("__md_get('__palette')")
    assert stored["index"] == 1 and stored["color"]["scheme"] == SCHEMES["dark"]
    _block_deferred_scripts(context)
    page.goto(served_site, wait_until="domcontentloaded")
    assert _state(page)["scheme"] == SCHEMES["dark"]
    assert _state(page)["toggle"] == ["Switch to light mode"]
    context.close()


def test_enter_on_the_focused_toggle_switches_back_and_forth(browser, served_site):
    context = _context(browser, "light")
    page = context.new_page()
    page.goto(served_site + SECTION, wait_until="networkidle")
    page.focus("form[data-edition-palette] input:checked")
    page.keyboard.press("Enter")
    assert _state(page)["scheme"] == SCHEMES["dark"]
    page.keyboard.press("Enter")
    assert _state(page)["scheme"] == SCHEMES["light"]
    context.close()
