/* Predictions ledger: sort the table by any column and filter it by status and by when predictions
   fall due. Progressive enhancement only: the table is complete without this script, and the
   controls stay hidden unless it runs. Works with Material's instant navigation (document$). */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort-value");
    return value !== null ? value : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b, numeric) {
    if (numeric) {
      var x = parseFloat(a), y = parseFloat(b);
      if (!isNaN(x) && !isNaN(y)) return x - y;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (th, index) {
      if (!th.hasAttribute("data-sort") || th.querySelector("button")) return;
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ledger-sort";
      button.textContent = label;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.setAttribute("aria-label", "Sort by " + label);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row.setAttribute("data-order", row.getAttribute("data-order") || i); });
        rows.sort(function (a, b) {
          var result = compare(cellValue(a, index), cellValue(b, index), numeric);
          if (result === 0) result = a.getAttribute("data-order") - b.getAttribute("data-order");
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(table, controls) {
    var body = table.tBodies[0];
    var statusButtons = controls.querySelectorAll("[data-filter-status]");
    var due = controls.querySelector("[data-filter-due]");
    var count = controls.querySelector(".ledger-count");

    function apply() {
      var shownStatuses = {};
      Array.prototype.forEach.call(statusButtons, function (b) {
        if (b.getAttribute("aria-pressed") === "true") shownStatuses[b.getAttribute("data-filter-status")] = true;
      });
      var group = due ? due.value : "all";
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var visible = shownStatuses[row.getAttribute("data-status")] === true &&
          (group === "all" || row.getAttribute("data-due-group") === group);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = "Showing " + shown + " of " + body.rows.length + " predictions.";
    }

    Array.prototype.forEach.call(statusButtons, function (button) {
      button.addEventListener("click", function () {
        var pressed = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", pressed ? "false" : "true");
        apply();
      });
    });
    if (due) due.addEventListener("change", apply);
    controls.hidden = false;
    apply();
  }

  function init() {
    var table = document.getElementById("ledger-table");
    if (!table || table.getAttribute("data-enhanced") === "true") return;
    table.setAttribute("data-enhanced", "true");
    makeSortable(table);
    var controls = document.querySelector("[data-ledger-controls]");
    if (controls) makeFilterable(table, controls);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
