/* Draws the plotly figures of a page; every figure is also shown as a table, so nothing is
   lost without JavaScript. Two ways to hand the figures over (both are in use):
   - one block <script type="application/json" id="chart-data">{"element-id": figure, ...}</script>
     (surveys, ballots);
   - <div class="chart" data-figure="ID"> reading <script type="application/json" id="ID"> (plans). */
(function () {
  "use strict";
  function plot(el, fig) {
    window.Plotly.newPlot(el, fig.data || [], fig.layout || {}, {displayModeBar: false, responsive: true});
  }
  function draw() {
    if (!window.Plotly) { return; }
    var block = document.getElementById("chart-data");
    if (block) {
      var figures;
      try { figures = JSON.parse(block.textContent); } catch (e) { figures = {}; }
      Object.keys(figures).forEach(function (id) {
        var el = document.getElementById(id);
        if (el) { plot(el, figures[id]); }
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-figure]"), function (el) {
      var data = document.getElementById(el.getAttribute("data-figure"));
      if (!data) { return; }
      try { plot(el, JSON.parse(data.textContent)); } catch (e) { /* the table still shows the figures */ }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
