/* The light/dark toggle in the header (overrides/partials/palette.html), in place of Material's palette
   component: the same radios, labels, storage ("__palette", which Material's inline script also reads)
   and <meta> tags, without the two whole-page style recalculations that component makes at every page
   load (overrides/partials/palette.html says why). The choice is applied before the first paint by
   overrides/partials/javascripts/palette.html; this script only switches it. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-edition-palette]");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var KEYS = ["media", "scheme", "primary", "accent"];

  function meta(name) {
    var tag = document.head.querySelector('meta[name="' + name + '"]');
    if (!tag) {
      tag = document.createElement("meta");
      tag.name = name;
      document.head.appendChild(tag);
    }
    return tag;
  }

  // What Material's component writes: the scheme's colour-scheme, and the header's colour as theme-color
  // (a browser's toolbar on a phone). At load the page's inline script wrote them (while restyling for a
  // new colour-scheme was cheap); here they follow a switch, when every element is restyled anyway.
  function updateMeta() {
    var header = document.querySelector("[data-md-component=header]");
    if (!header) return;
    var style = window.getComputedStyle(header);
    meta("color-scheme").content = style.colorScheme;
    var rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
    if (rgb.length === 3)
      meta("theme-color").content = "#" + rgb.map(function (v) { return (+v).toString(16).padStart(2, "0"); }).join("");
  }

  // Returns the colours of `input`, resolved against the system's scheme when it follows the system.
  function colorsOf(input) {
    var source = input;
    if (input.getAttribute("data-md-color-media") === "(prefers-color-scheme)")
      source = form.querySelector(matchMedia("(prefers-color-scheme: light)").matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    var color = {};
    KEYS.forEach(function (key) { color[key] = source.getAttribute("data-md-color-" + key); });
    return color;
  }

  function apply(index) {
    var color = colorsOf(inputs[index]);
    // Material's style sheet turns transitions off under this attribute, so colours switch at once.
    document.body.setAttribute("data-md-color-switching", "");
    KEYS.forEach(function (key) {
      if (color[key] !== null) document.body.setAttribute("data-md-color-" + key, color[key]);
    });
    inputs.forEach(function (input, at) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLLabelElement) label.hidden = at !== index;
    });
    __md_set("__palette", { index: index, color: color });
    updateMeta();
    setTimeout(function () { document.body.removeAttribute("data-md-color-switching"); });
  }

  inputs.forEach(function (input, index) {
    input.addEventListener("change", function () { if (input.checked) apply(index); });
  });

  // Enter on the focused toggle switches too (Material's: a label is not a button to the keyboard).
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var current = inputs.findIndex(function (input) { return input.checked; });
    var next = inputs[(Math.max(current, 0) + 1) % inputs.length];
    next.click();
    next.focus();
  });

  // The system's scheme changed: a palette that follows the system follows it.
  var light = matchMedia("(prefers-color-scheme: light)");
  var onSystemChange = function () {
    var current = inputs.findIndex(function (input) { return input.checked; });
    if (current >= 0 && inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)") apply(current);
  };
  if (light.addEventListener) light.addEventListener("change", onSystemChange);
})();
