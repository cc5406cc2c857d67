/* A search box over a long table: rows that do not contain the text are hidden. Without
   JavaScript the box stays hidden and every row is shown. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-for]"), function (box) {
    var block = document.getElementById(box.getAttribute("data-filter-for"));
    var input = box.querySelector("input");
    var count = box.querySelector(".filter-count");
    var rows = Array.prototype.slice.call(block.querySelectorAll("tbody tr"));
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var timer = null;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = words.length ? shown + " av " + rows.length + " rader vises" : "";
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    box.hidden = false;
  });
})();
