/* Draws the plotly figures whose JSON a page puts in <script type="application/json">.
   Each chart container names its data block: <div data-chart="ID">; the table next to it
   holds the same figures, so a page without JavaScript loses nothing. */
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    var boxes = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(boxes, function (box) {
      var data = document.getElementById(box.getAttribute("data-chart"));
      if (!data) { return; }
      var figure = JSON.parse(data.textContent);
      window.Plotly.newPlot(box, figure.data || [], figure.layout || {}, {displayModeBar: false, responsive: true});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
