/* A long list (a year's measures) drawn from the data in its page: a search box and a choice
   per column narrow the rows, the rows come a batch at a time, and the two CSV files are built
   here from the same cells as every other table's files (pipelines/report/downloads.py).
   A cell is its text as shown, or [shown, for Excel, for analysis] where those differ. Text is
   set with textContent only: the names are the municipalities' own, and untrusted. */
(function () {
  "use strict";
  var BATCH = 250;
  var SHOWN = 0, EXCEL = 1, DATA = 2;

  function form(cell, which) { return typeof cell === "string" ? cell : cell[which]; }

  // As downloads.py:csv_field: the delimiter, a quote, a CR or a LF (whatever the line end).
  function csvField(value, separator) {
    var special = value.indexOf(separator) !== -1 || /["\r\n]/.test(value);
    return special ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  Array.prototype.forEach.call(document.querySelectorAll("script[data-listing]"), function (script) {
    var block = document.getElementById(script.getAttribute("data-listing"));
    var list = JSON.parse(script.textContent);
    var columns = list.columns, rows = list.rows;
    var tbody = block.querySelector("tbody");
    var controls = block.querySelector(".table-filter");
    var input = controls.querySelector("input");
    var selects = Array.prototype.slice.call(controls.querySelectorAll("select"));
    var count = controls.querySelector(".filter-count");
    var moreBox = block.querySelector(".listing-more");
    var more = moreBox.querySelector("button");
    function value(row, column, which) { return form(columns[column].cells[row[column]], which); }
    var texts = rows.map(function (row) {
      return row.map(function (_p, c) { return value(row, c, SHOWN); }).join(" ").toLowerCase();
    });
    var matching = [], drawn = 0, timer = null;

    function draw(upTo) {
      var fragment = document.createDocumentFragment();
      var end = Math.min(upTo, matching.length);
      for (var k = drawn; k < end; k += 1) {
        var row = rows[matching[k]], tr = document.createElement("tr");
        for (var c = 0; c < columns.length; c += 1) {
          var cell = document.createElement(c === 0 ? "th" : "td");
          if (c === 0) { cell.scope = "row"; }
          if (columns[c].numeric) {
            cell.className = "num";
            cell.textContent = value(row, c, SHOWN);
          } else {  // a name isolated for bidirectional text, as model.py's rows_html does
            cell.appendChild(document.createElement("bdi")).textContent = value(row, c, SHOWN);
          }
          tr.appendChild(cell);
        }
        fragment.appendChild(tr);
      }
      tbody.appendChild(fragment);
      drawn = end;
      var left = matching.length - drawn;
      moreBox.hidden = left === 0;
      more.textContent = "Vis " + Math.min(BATCH, left) + " rader til (" + left + " ikke vist)";
    }

    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = selects.filter(function (s) { return s.value !== ""; });
      matching = [];
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; }) &&
          chosen.every(function (s) { return value(row, +s.getAttribute("data-column"), SHOWN) === s.value; });
        if (match) { matching.push(i); }
      });
      tbody.textContent = "";
      drawn = 0;
      draw(BATCH);
      count.textContent = words.length || chosen.length ? matching.length + " av " + rows.length + " rader vises" : "";
    }

    function download(which, name) {
      var separator = which === EXCEL ? ";" : ",", newline = which === EXCEL ? "\r\n" : "\n";
      var header = columns.map(function (c) { return which === EXCEL ? c.label : c.key; });
      var lines = [header].concat(rows.map(function (row) {
        return row.map(function (_p, c) { return value(row, c, which); });
      })).map(function (fields) {
        return fields.map(function (f) { return csvField(f, separator); }).join(separator) + newline;
      });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob(["\ufeff" + lines.join("")], { type: "text/csv;charset=utf-8" }));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }

    Array.prototype.forEach.call(block.querySelectorAll("button[data-csv]"), function (button) {
      button.addEventListener("click", function () {
        download(button.getAttribute("data-csv") === "excel" ? EXCEL : DATA, button.getAttribute("data-file"));
      });
    });
    more.addEventListener("click", function () { draw(drawn + BATCH); });
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    apply();
    controls.hidden = false;
    block.querySelector(".table-scroll").hidden = false;
    block.querySelector(".listing-downloads").hidden = false;
  });
})();
