(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table) { return; }
  var body = table.tBodies[0];
  var search = document.getElementById("finding-search");
  var severity = document.getElementById("finding-severity");
  var suppressed = document.getElementById("finding-suppressed");
  var count = document.getElementById("finding-count");
  var place = document.getElementById("finding-ou");
  var owner = document.getElementById("finding-owner");
  var overdue = document.getElementById("finding-overdue");
  var order = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
  function apply() {
    var text = search.value.toLowerCase();
    var level = severity.value;
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (!text || row.textContent.toLowerCase().indexOf(text) !== -1) &&
        (!level || order[row.dataset.severity] >= order[level]) &&
        (suppressed.checked || row.dataset.suppressed !== "true") &&
        (!place.value || row.dataset.ou === place.value ||
          row.dataset.ou.indexOf(place.value + "/") === 0) &&
        (!owner.value || row.dataset.owner === owner.value) &&
        (!overdue || !overdue.checked || row.dataset.overdue === "true");
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  function key(row, index) {
    var cell = row.cells[index];
    var value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    var number = Number(value);
    return value !== "" && !isNaN(number) ? number : value.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
    header.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (left, right) {
        var a = key(left, index), b = key(right, index);
        if (a < b) { return ascending ? -1 : 1; }
        if (a > b) { return ascending ? 1 : -1; }
        return 0;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  search.addEventListener("input", apply);
  severity.addEventListener("change", apply);
  suppressed.addEventListener("change", apply);
  place.addEventListener("change", apply);
  owner.addEventListener("change", apply);
  if (overdue) { overdue.addEventListener("change", apply); }
  // A link from the compliance panel to a finding the filters hide: show every finding.
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.hidden) {
      search.value = "";
      severity.value = "";
      suppressed.checked = true;
      place.value = "";
      owner.value = "";
      if (overdue) { overdue.checked = false; }
      apply();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (detail) { detail.open = true; });
  });
  apply();
  reveal();
}());
