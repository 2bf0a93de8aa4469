/* planner monitoring charts (the other chart pages use charts.js): every figure is already on
   the page as a server-drawn picture (SVG) inside its box and as a table, so nothing is lost
   without JavaScript. plotly's bundle (395 KB gzipped) loads only when the reader asks for
   the interactive charts with the button; each plotly chart then replaces its picture.
   Markup: <div class="chart" data-chart="KEY"><svg>…</svg></div>
           <script type="application/json" id="chart-KEY">{figure}</script>
           <button class="charts-toggle" data-charts-src="/static/vendor/plotly-basic.min.js" hidden> */
(function () {
  "use strict";
  var button = document.querySelector(".charts-toggle");
  if (!button) { return; }

  function draw() {
    var boxes = document.querySelectorAll(".chart[data-chart]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var data = document.getElementById("chart-" + box.getAttribute("data-chart"));
      if (!data) { continue; }
      var figure = JSON.parse(data.textContent);
      while (box.firstChild) { box.removeChild(box.firstChild); }
      window.Plotly.newPlot(box, figure.data, figure.layout, {displayModeBar: false, responsive: true});
    }
    button.hidden = true;
  }

  function load() {
    button.disabled = true;
    if (window.Plotly) { draw(); return; }
    var script = document.createElement("script");
    script.src = button.getAttribute("data-charts-src");
    script.onload = draw;
    script.onerror = function () { button.disabled = false; };
    document.head.appendChild(script);
  }

  button.hidden = false;
  button.addEventListener("click", load);
})();
