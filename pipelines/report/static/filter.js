/* A search box and a choice per column over a long table: rows that do not contain every word
   typed, or whose cell differs from a chosen value, are hidden. Without JavaScript the box
   stays hidden and every row is shown. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-for]"), function (box) {
    var block = document.getElementById(box.getAttribute("data-filter-for"));
    var input = box.querySelector("input");
    var selects = Array.prototype.slice.call(box.querySelectorAll("select"));
    var count = box.querySelector(".filter-count");
    var rows = Array.prototype.slice.call(block.querySelectorAll("tbody tr"));
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var cells = rows.map(function (row) {
      return Array.prototype.map.call(row.children, function (cell) { return cell.textContent; });
    });
    var timer = null;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = selects.filter(function (s) { return s.value !== ""; });
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; }) &&
          chosen.every(function (s) { return cells[i][+s.getAttribute("data-column")] === s.value; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = words.length || chosen.length ? shown + " av " + rows.length + " rader vises" : "";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    box.hidden = false;
  });
})();
