/* planner monitoring charts (the plans pages use charts.js): draw the plotly figures a page carries as JSON, after the page has loaded.
   Markup: <div class="chart" data-chart="KEY" hidden></div>
           <script type="application/json" id="chart-KEY">{figure}</script>
           <button class="charts-toggle" data-charts-src="/static/vendor/plotly-basic.min.js" hidden>
   The tables beside the charts carry the same figures; without JavaScript nothing is lost.
   On a slow or data-saving connection the charts wait until the reader asks for them. */
(function () {
  "use strict";
  var button = document.querySelector(".charts-toggle");
  if (!button) { return; }
  var loading = false;

  function draw() {
    var boxes = document.querySelectorAll(".chart[data-chart]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var data = document.getElementById("chart-" + box.getAttribute("data-chart"));
      if (!data) { continue; }
      var figure = JSON.parse(data.textContent);
      box.hidden = false;
      window.Plotly.newPlot(box, figure.data, figure.layout, {displayModeBar: false, responsive: true});
    }
    var keys = document.querySelectorAll("[data-chart-key]");
    for (var k = 0; k < keys.length; k++) { keys[k].hidden = false; }
    button.hidden = true;
  }

  function load() {
    if (window.Plotly) { draw(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = button.getAttribute("data-charts-src");
    script.onload = draw;
    document.head.appendChild(script);
  }

  function slow() {
    var c = navigator.connection;
    return !!(c && (c.saveData || /(^|-)2g$/.test(c.effectiveType || "")));
  }

  button.addEventListener("click", load);
  if (slow()) {
    button.hidden = false;
  } else if (document.readyState === "complete") {
    load();
  } else {
    window.addEventListener("load", load);
  }
})();
