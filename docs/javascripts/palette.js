/* The light/dark toggle in the header (overrides/partials/palette.html), in place of Material's palette
   component: the same radios, labels, storage ("__palette", which Material's inline script also reads)
   and <meta> tags, without the two whole-page style recalculations that component makes at every page
   load (overrides/partials/palette.html says why). The page's inline script
   (overrides/partials/javascripts/palette.html) shows the reader's choice before the first paint and
   gives window.editionPalette; this script switches. */
(function () {
  "use strict";

  var palette = window.editionPalette;
  if (!palette) return;
  var inputs = palette.inputs;

  function current() {
    return inputs.findIndex(function (input) { return input.checked; });
  }

  function switchTo(index) {
    // Material's style sheet turns transitions off under this attribute, so colours switch at once.
    document.body.setAttribute("data-md-color-switching", "");
    __md_set("__palette", { index: index, color: palette.show(index) });
    setTimeout(function () { document.body.removeAttribute("data-md-color-switching"); });
  }

  inputs.forEach(function (input, index) {
    input.addEventListener("change", function () { if (input.checked) switchTo(index); });
  });

  // Enter on the focused toggle switches too (Material's: a label is not a button to the keyboard).
  palette.form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(Math.max(current(), 0) + 1) % inputs.length];
    next.click();
    next.focus();
  });

  // The system's scheme changed: a palette that follows the system follows it.
  var light = matchMedia("(prefers-color-scheme: light)");
  if (light.addEventListener) light.addEventListener("change", function () {
    var index = current();
    if (index >= 0 && inputs[index].getAttribute("data-md-color-media") === "(prefers-color-scheme)") switchTo(index);
  });
})();
