/* Predictions ledger: what depends on the reader's date or choices.
   - Relative phrases ("in 23 days", "today") for every [data-relative] date, from the reader's clock;
     the page itself states absolute dates only (statuses "as of" the last review).
   - Today's line on the timeline, placed from the figure's data-domain-start/-end.
   - Today's counts in the summary (already due, due within 90 days, within a year).
   - Sorting the table by any column (aria-sort and an arrow on the sorted header), filtering it by
     status, stance and when forecasts fall due, and a reset to every forecast in essay order.
   Progressive enhancement only: the page is complete without this script, and the filters stay hidden
   unless it runs. Works with Material's instant navigation (document$). */
(function () {
  "use strict";

  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var SOON = 90, YEAR = 365;

  /* Days are counted on the calendar, not in hours: both dates become UTC midnights. */
  function todayNumber() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY;
  }

  function dayNumber(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return parts ? Date.UTC(+parts[1], +parts[2] - 1, +parts[3]) / DAY : NaN;
  }

  function longDate(number) {
    var d = new Date(number * DAY);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function relative(days) {
    if (days === 0) return "today";
    if (days === 1) return "tomorrow";
    if (days === -1) return "yesterday";
    var n = Math.abs(days), amount;
    if (n < 60) amount = n + " days";
    else if (n < 730) amount = Math.round(n / 30.44) + " months";
    else amount = "about " + Math.round(n / 365.25) + " years";
    return days > 0 ? "in " + amount : amount + " ago";
  }

  function dueGroup(days) {
    if (days < 0) return "past";
    if (days <= SOON) return "soon";
    if (days <= YEAR) return "year";
    return "later";
  }

  function fillRelative(root, today) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-relative]"), function (el) {
      var day = dayNumber(el.getAttribute("data-relative"));
      if (isNaN(day)) return;
      el.textContent = "(" + relative(day - today) + ")";
    });
  }

  function drawToday(figure, today) {
    var start = dayNumber(figure.getAttribute("data-domain-start"));
    var end = dayNumber(figure.getAttribute("data-domain-end"));
    var grid = figure.querySelector(".ledger-tl-grid");
    var markers = figure.querySelector(".ledger-tl-markers");
    if (isNaN(start) || isNaN(end) || !grid || !markers || today < start || today >= end) return;
    if (grid.querySelector(".ledger-tl-line--today")) return;
    var left = (100 * (today - start) / (end - start)).toFixed(2) + "%";
    var line = document.createElement("span");
    line.className = "ledger-tl-line ledger-tl-line--today";
    line.style.left = left;
    grid.appendChild(line);
    var label = document.createElement("span");
    label.className = "ledger-tl-marker ledger-tl-marker--today" +
      ((today - start) / (end - start) > 0.6 ? " ledger-tl-marker--end" : "");
    label.style.left = left;
    label.textContent = "today, " + longDate(today);
    markers.appendChild(label);
    markers.classList.add("has-today");
    var key = figure.querySelector("[data-ledger-today-key]");
    if (key) key.hidden = false;
    Array.prototype.forEach.call(figure.querySelectorAll(".ledger-tl-row[data-due]"), function (row) {
      row.classList.toggle("is-due", dayNumber(row.getAttribute("data-due")) < today);
    });
  }

  function countToday(item, rows, today) {
    var counts = { past: 0, soon: 0, year: 0, later: 0 };
    rows.forEach(function (row) { counts[dueGroup(dayNumber(row.getAttribute("data-due")) - today)] += 1; });
    // Three counts that add up to the whole (the 90-day ones are part of the year's, said in brackets).
    item.textContent = "Today, " + longDate(today) + ": " + counts.past + " already fell due, " +
      (counts.soon + counts.year) + " fall due within a year (" + counts.soon + " of them within 90 days), " +
      counts.later + " later.";
    item.hidden = false;
  }

  /* ---- the table: sorting ---- */

  function sortValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort-value");
    return value !== null ? value : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b, numeric) {
    if (numeric) return parseFloat(a) - parseFloat(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortRows(table, index, ascending) {
    var body = table.tBodies[0];
    var header = table.tHead.rows[0].cells[index];
    var numeric = header.getAttribute("data-sort") === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var result = compare(sortValue(a, index), sortValue(b, index), numeric);
      if (result === 0) return a.getAttribute("data-order") - b.getAttribute("data-order");
      return ascending ? result : -result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function essayOrder(table) {
    var body = table.tBodies[0];
    Array.prototype.slice.call(body.rows)
      .sort(function (a, b) { return a.getAttribute("data-order") - b.getAttribute("data-order"); })
      .forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
  }

  function makeSortable(table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      if (!th.hasAttribute("data-sort")) return;
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ledger-sort";
      button.textContent = label;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortRows(table, index, ascending);
      });
    });
  }

  /* ---- the table: filters ---- */

  function makeFilterable(table, controls, today) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var boxes = controls.querySelectorAll("input[data-filter]");
    var due = controls.querySelector("select[data-filter='due']");
    var count = controls.querySelector(".ledger-count");
    var reset = controls.querySelector("[data-ledger-reset]");

    function shown(kind) {
      var values = {};
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.getAttribute("data-filter") === kind && box.checked) values[box.value] = true;
      });
      return values;
    }

    function apply() {
      var statuses = shown("status"), stances = shown("stance");
      var group = due ? due.value : "all";
      var visible = 0;
      rows.forEach(function (row) {
        var when = dueGroup(dayNumber(row.getAttribute("data-due")) - today);
        var inGroup = group === "all" || when === group || (group === "year" && when === "soon");
        var show = statuses[row.getAttribute("data-status")] === true &&
          stances[row.getAttribute("data-stance")] === true && inGroup;
        row.hidden = !show;
        if (show) visible += 1;
      });
      if (count) {
        count.textContent = visible === rows.length ? "Showing all " + rows.length + " forecasts." :
          "Showing " + visible + " of " + rows.length + " forecasts.";
      }
    }

    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = true;
      box.addEventListener("change", apply);
    });
    if (due) {
      due.value = "all";
      due.addEventListener("change", apply);
    }
    if (reset) {
      reset.addEventListener("click", function () {
        Array.prototype.forEach.call(boxes, function (box) { box.checked = true; });
        if (due) due.value = "all";
        essayOrder(table);
        apply();
      });
    }
    controls.hidden = false;
    apply();
  }

  function init() {
    var today = todayNumber();
    fillRelative(document, today);
    var figure = document.querySelector("figure.ledger-timeline[data-domain-start]");
    if (figure) drawToday(figure, today);
    var table = document.getElementById("ledger-table");
    if (!table || !table.tHead || table.getAttribute("data-enhanced") === "true") return;
    table.setAttribute("data-enhanced", "true");
    var summary = document.querySelector("[data-ledger-today]");
    if (summary) countToday(summary, Array.prototype.slice.call(table.tBodies[0].rows), today);
    makeSortable(table);
    var controls = document.querySelector("[data-ledger-controls]");
    if (controls) makeFilterable(table, controls, today);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
