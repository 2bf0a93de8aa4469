/* Draws the plotly figures of a page. The figures come from the server as JSON in
   <script type="application/json" id="chart-data">{"element-id": figure, ...}</script>;
   each figure is also shown as a table, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("chart-data");
    if (!data || !window.Plotly) { return; }
    var figures;
    try { figures = JSON.parse(data.textContent); } catch (e) { return; }
    Object.keys(figures).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var fig = figures[id];
      window.Plotly.newPlot(el, fig.data || [], fig.layout || {}, {displayModeBar: false, responsive: true, staticPlot: false});
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
