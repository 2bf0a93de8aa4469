/* Workshop statistics: once plotly has loaded, the server-drawn SVG bars inside each chart
   give way to the interactive chart that static/charts.js draws in the same element. */
(function () {
  "use strict";
  function swap() {
    if (!window.Plotly) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-fallback]"), function (el) { el.remove(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", swap); } else { swap(); }
}());
