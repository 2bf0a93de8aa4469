/* Chart pages: every figure is already on the page as a server-drawn picture (SVG) and as a
   table, so nothing is lost without JavaScript. plotly's bundle (395 KB gzipped) loads only
   when the reader asks for the interactive chart: the button
     <button class="charts-toggle" data-charts-src="/static/vendor/plotly-basic.min.js" hidden>
   The figures come in one block (the chart_data macro, templates/_charts.html):
     <script type="application/json" id="chart-data">{"element-id": figure, ...}</script>
   and each interactive chart replaces the picture inside the element with that id. Pages that load plotly
   themselves (no button) are drawn at once. */
(function () {
  "use strict";
  function plot(el, fig) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    el.hidden = false;
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
  }
  var button = document.querySelector(".charts-toggle[data-charts-src]");
  function load() {
    button.disabled = true;
    if (window.Plotly) { draw(); button.hidden = true; return; }
    var script = document.createElement("script");
    script.src = button.getAttribute("data-charts-src");
    script.onload = function () { draw(); button.hidden = true; };
    script.onerror = function () { button.disabled = false; };
    document.head.appendChild(script);
  }
  if (button) {
    button.hidden = false;
    button.addEventListener("click", load);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
