/* Draw every chart of the page from its JSON, with the site's plotly configuration. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("plotly-config").textContent);
  var nodes = document.querySelectorAll("script[data-chart]");
  Array.prototype.forEach.call(nodes, function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    var spec = JSON.parse(node.textContent);
    Plotly.newPlot(target, spec.data, spec.layout, config).then(function () {
      // Toolbar buttons get a name screen readers can announce.
      Array.prototype.forEach.call(target.querySelectorAll(".modebar-btn"), function (button) {
        var title = button.getAttribute("data-title");
        if (title) { button.setAttribute("aria-label", title); }
        button.setAttribute("role", "button");
      });
      // The caption and the table carry the content: the drawing is not read aloud.
      Array.prototype.forEach.call(target.querySelectorAll("svg"), function (svg) {
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
      });
      target.setAttribute("data-drawn", "true");
    });
  });
})();
